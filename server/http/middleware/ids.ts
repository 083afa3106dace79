import type { RequestHandler } from 'express';
import { httpError } from './messages.js';

/** MongoDB ObjectId as 24 hexadecimal digits (our ids of users and cases). */
export const objectIdPattern = /^[0-9a-f]{24}$/;
/** Case numbers as people see them: IP-<year>-<six digits>, e.g. IP-2026-000123. */
export const caseNumberPattern = /^IP-\d{4}-\d{6}$/;

export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && objectIdPattern.test(value);
}

export function isCaseNumber(value: unknown): value is string {
  return typeof value === 'string' && caseNumberPattern.test(value);
}

/** A case is named by its id or its case number. */
export function isCaseId(value: unknown): value is string {
  return isObjectId(value) || isCaseNumber(value);
}

/** Engine ids of incidents: the instance id and the failed step's execution id, e.g. case-<id>-Task_Notify_1a2b3c. */
export const incidentIdPattern = /^[A-Za-z0-9_.-]{1,200}$/;

export function isIncidentId(value: unknown): value is string {
  return typeof value === 'string' && incidentIdPattern.test(value);
}

/** Route parameter check: `router.param('id', validParam(isCaseId))` answers 400 for anything else. */
export function validParam(valid: (value: unknown) => boolean): (req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1], next: Parameters<RequestHandler>[2], value: unknown, name: string) => void {
  return (_req, _res, next, value, name) => {
    if (!valid(value)) return next(httpError(400, 'invalidId', name));
    next();
  };
}
