import type { Role } from './roles.js';

/** The signed-in user of a request, as the session holds it (set on `req.user` by the auth middleware). */
export interface SessionUser {
  /** Stable id in our users collection. */
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** Citizens: the national identity number (or D-number) from ID-porten. Never logged. */
  readonly nationalId?: string;
  /** Staff: the organisational unit (the coordinating unit) they belong to. */
  readonly unitId?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: SessionUser;
  }
}
