import type { Request, RequestHandler } from 'express';
import type { SessionUser } from '../../auth/types.js';
import { httpError } from './messages.js';

/** The request's user, or a 401 in the error shape. */
export function requireUser(req: Request): SessionUser {
  if (!req.user) throw httpError(401, 'signInRequired');
  return req.user;
}

/** Route guard: only signed-in users pass; others get 401 in the error shape. */
export const signedIn: RequestHandler = (req, _res, next) => {
  next(req.user ? undefined : httpError(401, 'signInRequired'));
};
