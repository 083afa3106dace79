import { Router, type RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { attachAuditLog, AuditLog } from '../audit/audit.js';
import { inputHardening, noStore } from './middleware/input.js';
import { httpError } from './middleware/messages.js';
import { limiter } from './middleware/rate-limit.js';
import { auditRoutes, type CaseNumbersLookup } from './routes/audit.js';
import { authRoutes, currentSession, setCurrentSession } from './routes/auth.js';
import type { Logger } from '../log.js';
import type { CaseFactsLookup } from '../policies/case.js';
import { adminUserRoutes } from './routes/admin-users.js';
import { Users } from '../users/service.js';
import type { AuthConfig, Audience } from '../auth/config.js';
import { OidcSignIn } from '../auth/oidc.js';
import { SessionStore, sameToken } from '../auth/sessions.js';

export interface SecurityDependencies {
  readonly config: AuthConfig;
  readonly db: Connection;
  /** A Redis connection for sessions and rate-limit counters (the caller closes it). */
  readonly redis: Redis;
  readonly logger: Logger;
  /** Finds a case's access facts; until the case model provides it, every case is unknown. */
  readonly caseFacts?: CaseFactsLookup;
  /** The case numbers of cases by id, for the audit search (default: one caseFacts lookup each). */
  readonly caseNumbers?: CaseNumbersLookup;
  /** Prefix of every Redis key (tests use one per test file). */
  readonly redisKeyPrefix?: string;
  /** Rate limits; the defaults suit production. */
  readonly limits?: {
    readonly signIn?: { readonly windowMs: number; readonly limit: number };
    readonly requests?: { readonly windowMs: number; readonly limit: number };
    /** New sessions for visitors not signed in (each holds a CSRF token in Redis). */
    readonly anonymousSessions?: { readonly windowMs: number; readonly limit: number };
  };
}

export interface Security {
  /** Mount on /api after the JSON body parser: input checks, sessions, CSRF, and the auth, admin and audit routes. */
  readonly api: Router;
  /** Rate limit for the citizen's request form: mount on POST /api/requests. */
  readonly requestRateLimit: RequestHandler;
  readonly users: Users;
  readonly auditLog: AuditLog;
  readonly config: AuthConfig;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Sign-in, sessions, CSRF protection, input hardening, rate limits, user administration and the
 * audit log, assembled for the API. Creates the indexes, and in AUTH_MODE=dev the fictional users.
 */
export async function createSecurity(deps: SecurityDependencies): Promise<Security> {
  const { config, redis, logger } = deps;
  const prefix = deps.redisKeyPrefix ?? 'ip:';
  const users = new Users(deps.db);
  const auditLog = new AuditLog(deps.db);
  await Promise.all([users.ensureIndexes(), auditLog.ensureIndexes()]);
  if (config.mode === 'dev') {
    await users.seedFictionalUsers();
    logger.warn('development sign-in is on (AUTH_MODE=dev): anyone can sign in as a fictional user');
  }
  const caseFacts: CaseFactsLookup = deps.caseFacts ?? (async () => null);
  const caseNumbers: CaseNumbersLookup =
    deps.caseNumbers ??
    (async (ids) => {
      const found = await Promise.all([...new Set(ids)].map(async (id) => [id, (await caseFacts(id))?.caseNumber] as const));
      return new Map(found.filter((pair): pair is readonly [string, string] => pair[1] !== undefined));
    });

  const sessions = new SessionStore({
    redis,
    secret: config.sessionSecret,
    idleMs: config.sessionIdleMinutes * 60 * 1000,
    absoluteMs: config.sessionMaxHours * 60 * 60 * 1000,
    secureCookie: config.production,
    keyPrefix: prefix,
  });

  const oidc: Partial<Record<Audience, OidcSignIn>> = {};
  if (config.citizen) oidc.citizen = new OidcSignIn('citizen', config.citizen, `${config.publicUrl}/api/auth/citizen/callback`, !config.production);
  if (config.staff) oidc.staff = new OidcSignIn('staff', config.staff, `${config.publicUrl}/api/auth/staff/callback`, !config.production);

  const signInLimit = limiter({ redis, prefix: `${prefix}rl:sign-in:`, ...(deps.limits?.signIn ?? { windowMs: 15 * 60 * 1000, limit: 30 }) });
  const anonymousSessionLimit = limiter({
    redis,
    prefix: `${prefix}rl:anonymous-session:`,
    skip: (req) => req.authSession !== undefined,
    ...(deps.limits?.anonymousSessions ?? { windowMs: 15 * 60 * 1000, limit: 300 }),
  });
  const requestRateLimit = limiter({ redis, prefix: `${prefix}rl:requests:`, perUser: true, ...(deps.limits?.requests ?? { windowMs: 60 * 60 * 1000, limit: 10 }) });

  const loadSession: RequestHandler = async (req, res, next) => {
    attachAuditLog(req, auditLog);
    let session = await sessions.load(req, res);
    if (session?.data.userId) {
      const user = await users.sessionUser(session.data.userId);
      if (user) req.user = user;
      else {
        // Deactivated or removed since sign-in: the session ends now.
        await sessions.destroy(res, session);
        session = undefined;
      }
    }
    setCurrentSession(res, session);
    if (session) req.authSession = { csrfToken: session.data.csrfToken };
    next();
  };

  /** Synchronizer token: every state-changing request carries the session's token in X-CSRF-Token. */
  const csrf: RequestHandler = (req, res, next) => {
    if (safeMethods.has(req.method)) return next();
    const session = currentSession(res);
    if (!session || !sameToken(req.get('x-csrf-token'), session.data.csrfToken)) return next(httpError(403, 'csrf'));
    next();
  };

  const api = Router();
  api.use(noStore, inputHardening(), loadSession, csrf);
  api.use(authRoutes({ config, sessions, users, auditLog, logger, oidc, signInLimit, anonymousSessionLimit }));
  api.use(adminUserRoutes(users));
  api.use(auditRoutes(auditLog, caseFacts, caseNumbers));

  return { api, requestRateLimit, users, auditLog, config };
}
