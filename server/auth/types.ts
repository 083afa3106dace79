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
  /** KE case workers: leads the unit, and may therefore search the unit's audit log. */
  readonly lead?: boolean;
}

/** The server-side session of a request (set on `req.authSession` by the session middleware). */
export interface ActiveSession {
  /** The token state-changing requests must send in the X-CSRF-Token header. */
  readonly csrfToken: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: SessionUser;
    authSession?: ActiveSession;
  }
}
