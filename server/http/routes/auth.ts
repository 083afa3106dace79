import { Router, type RequestHandler, type Response } from 'express';
import type { AuditLog } from '../../audit/audit.js';
import { routeOf } from '../../audit/audit.js';
import type { Audience, AuthConfig } from '../../auth/config.js';
import type { OidcSignIn } from '../../auth/oidc.js';
import type { LoadedSession, SessionStore } from '../../auth/sessions.js';
import type { SessionUser } from '../../auth/types.js';
import type { Logger } from '../../log.js';
import { fictionalUsers } from '../../users/fictional.js';
import type { Users } from '../../users/service.js';
import { httpError } from '../middleware/messages.js';

/** Where the session middleware keeps the loaded session for the routes of this request. */
export function currentSession(res: Response): LoadedSession | undefined {
  return res.locals.session as LoadedSession | undefined;
}

export function setCurrentSession(res: Response, session: LoadedSession | undefined): void {
  res.locals.session = session;
}

export interface AuthRouteDependencies {
  readonly config: AuthConfig;
  readonly sessions: SessionStore;
  readonly users: Users;
  readonly auditLog: AuditLog;
  readonly logger: Logger;
  readonly oidc: Partial<Record<Audience, OidcSignIn>>;
  readonly signInLimit: RequestHandler;
  /** Limits how many sessions one address can start without signing in (each takes room in Redis). */
  readonly anonymousSessionLimit: RequestHandler;
}

const pendingMaxAgeMs = 10 * 60 * 1000;

/**
 * Sign-in and sessions:
 * - GET  /api/auth/session                 the user (or null) and the CSRF token; starts an anonymous session if needed
 * - GET  /api/auth/{citizen|staff}/sign-in  (OIDC) redirects to the identity provider; ?returnTo=/path
 * - GET  /api/auth/{citizen|staff}/callback (OIDC) the provider's redirect back
 * - POST /api/auth/sign-out                ends the session; answers the provider's logout URL when it has one
 * - GET  /api/auth/dev/users, POST /api/auth/dev/sign-in  (AUTH_MODE=dev only) the fictional users
 *   and the active staff an admin created
 */
export function authRoutes(deps: AuthRouteDependencies): Router {
  const router = Router();
  const { config, sessions, users, auditLog } = deps;

  const sessionBody = (user: SessionUser | undefined, csrfToken: string) => ({
    user: user
      ? { id: user.id, name: user.name, role: user.role, unitId: user.unitId ?? null, lead: user.lead === true }
      : null,
    csrfToken,
    mode: config.mode,
    development: config.mode === 'dev',
    signIn:
      config.mode === 'dev'
        ? { dev: '/api/auth/dev/users' }
        : { citizen: '/api/auth/citizen/sign-in', staff: '/api/auth/staff/sign-in' },
  });

  router.get('/auth/session', deps.anonymousSessionLimit, async (req, res) => {
    let session = currentSession(res);
    if (!session) {
      session = await sessions.create(res, {});
      setCurrentSession(res, session);
    }
    res.json(sessionBody(req.user, session.data.csrfToken));
  });

  router.post('/auth/sign-out', async (req, res) => {
    const session = currentSession(res);
    let endSessionUrl: string | null = null;
    const via = session?.data.via;
    if (via === 'citizen' || via === 'staff') {
      endSessionUrl = (await deps.oidc[via]?.endSessionUrl(session?.data.idToken, `${config.publicUrl}/`)) ?? null;
    }
    if (req.user) await auditLog.record(req.user, { action: 'auth.sign-out' }, routeOf(req));
    await sessions.destroy(res, session);
    setCurrentSession(res, undefined);
    res.json({ signedOut: true, endSessionUrl });
  });

  if (config.mode === 'dev') {
    // The fictional people, and the staff an admin has created here (so that a new user can be tried at once).
    const createdStaff = () =>
      users.model.find({ role: { $ne: 'citizen' }, active: true, fictional: { $ne: true } }, { _id: 1, name: 1, role: 1 }).sort({ name: 1 }).limit(200).lean();
    router.get('/auth/dev/users', async (_req, res) => {
      const created = await createdStaff();
      res.json({
        development: true,
        notice: 'Development sign-in with fictional people only. Never enabled in production.',
        users: [
          ...fictionalUsers.map((user) => ({ id: user.id, name: user.name, role: user.role, description: user.description })),
          ...created.map((user) => ({ id: user._id, name: user.name, role: user.role })),
        ],
      });
    });

    router.post('/auth/dev/sign-in', deps.signInLimit, async (req, res) => {
      const userId = (req.body as { userId?: unknown } | undefined)?.userId;
      if (typeof userId !== 'string') throw httpError(400, 'invalidValue', 'userId');
      if (!fictionalUsers.some((user) => user.id === userId) && !(await createdStaff()).some((user) => user._id === userId)) throw httpError(400, 'invalidValue', 'userId');
      const user = await users.sessionUser(userId as string);
      if (!user) throw httpError(400, 'invalidValue', 'userId');
      const session = await sessions.create(res, { userId: user.id, via: 'dev' }, currentSession(res));
      setCurrentSession(res, session);
      req.user = user;
      await auditLog.record(user, { action: 'auth.sign-in' }, routeOf(req));
      res.json(sessionBody(user, session.data.csrfToken));
    });
  } else {
    router.all('/auth/dev/{*rest}', (_req, _res, next) => next(httpError(404, 'devOnly')));
  }

  for (const audience of ['citizen', 'staff'] as const) {
    const oidc = deps.oidc[audience];
    if (!oidc) continue;

    router.get(`/auth/${audience}/sign-in`, deps.signInLimit, async (req, res) => {
      const returnTo = safeReturnTo(req.query.returnTo);
      let started;
      try {
        started = await oidc.start(returnTo);
      } catch (error) {
        deps.logger.error({ err: error, audience }, 'the identity provider could not be reached');
        res.redirect(303, '/?signIn=unavailable');
        return;
      }
      const existing = currentSession(res);
      if (existing && !existing.data.userId) {
        existing.data.pending = started.pending;
        await sessions.save(existing);
      } else {
        // A signed-in user signing in again starts from a fresh session.
        setCurrentSession(res, await sessions.create(res, { pending: started.pending }, existing));
      }
      res.redirect(303, started.url.href);
    });

    router.get(`/auth/${audience}/callback`, deps.signInLimit, async (req, res) => {
      const session = currentSession(res);
      const pending = session?.data.pending;
      if (!session || !pending || pending.audience !== audience || Date.now() - pending.startedAt > pendingMaxAgeMs) {
        return failSignIn(res, 'failed');
      }
      // The callback URL as the provider redirected to it: PUBLIC_URL, never the Host header.
      const callbackUrl = new URL(req.originalUrl, config.publicUrl);
      let user: SessionUser | undefined;
      let idToken: string;
      try {
        const result = await oidc.finish(callbackUrl, pending);
        idToken = result.idToken;
        user = await userFromClaims(audience, result.claims);
      } catch (error) {
        deps.logger.warn({ audience, reason: (error as Error).message }, 'sign-in failed');
        delete session.data.pending;
        await sessions.save(session);
        return failSignIn(res, 'failed');
      }
      if (!user) {
        deps.logger.warn({ audience }, 'sign-in refused: no active user for this identity');
        delete session.data.pending;
        await sessions.save(session);
        return failSignIn(res, 'refused');
      }
      const next = await sessions.create(res, { userId: user.id, via: audience, idToken }, session);
      setCurrentSession(res, next);
      await auditLog.record(user, { action: 'auth.sign-in' }, routeOf(req));
      res.redirect(303, pending.returnTo);
    });
  }

  async function userFromClaims(audience: Audience, claims: Record<string, unknown>): Promise<SessionUser | undefined> {
    const name = typeof claims.name === 'string' ? claims.name.slice(0, 200) : undefined;
    if (audience === 'citizen') {
      const nationalId = claims[config.citizen?.nationalIdClaim ?? 'pid'];
      if (typeof nationalId !== 'string' || !/^\d{11}$/.test(nationalId)) throw new Error('the ID token has no valid national identity number');
      return users.signInCitizen(nationalId, name);
    }
    const login = claims[config.staff?.loginClaim ?? 'email'];
    if (typeof login !== 'string' || login.trim() === '') throw new Error('the ID token has no login claim');
    return users.signInStaff(login, name, config.bootstrapAdmins);
  }

  return router;
}

function failSignIn(res: Response, reason: 'failed' | 'refused'): void {
  res.redirect(303, `/?signIn=${reason}`);
}

/** Only a path on this site: no scheme, no host, no `//` or `/\` that browsers read as another host. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 512) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\') || [...value].some((c) => c.charCodeAt(0) < 0x20)) return '/';
  return value;
}
