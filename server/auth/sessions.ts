import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import type { Audience } from './config.js';

/**
 * Server-side sessions in Redis. The browser holds only a random 256-bit id in an httpOnly,
 * SameSite=Lax cookie (Secure and `__Host-` prefixed in production); Redis holds the session under
 * an HMAC of that id with SESSION_SECRET, so a copy of Redis yields no usable cookie. Every use
 * renews the idle timeout; the absolute timeout counts from sign-in. Signing in replaces the
 * session with a new id and a new CSRF token (rotation).
 */
export interface PendingSignIn {
  readonly audience: Audience;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly returnTo: string;
  readonly startedAt: number;
}

export interface SessionData {
  csrfToken: string;
  createdAt: number;
  userId?: string;
  /** How the user signed in. */
  via?: 'dev' | Audience;
  /** Kept for RP-initiated logout (ID-porten requires it). */
  idToken?: string;
  pending?: PendingSignIn;
}

export interface LoadedSession {
  readonly id: string;
  readonly data: SessionData;
}

export interface SessionOptions {
  readonly redis: Redis;
  readonly secret: string;
  readonly idleMs: number;
  readonly absoluteMs: number;
  readonly secureCookie: boolean;
  /** Prefix of the Redis keys. */
  readonly keyPrefix: string;
}

/** A session without a user (before sign-in) lives at most this long. */
const anonymousMaxMs = 60 * 60 * 1000;

export class SessionStore {
  readonly cookieName: string;

  constructor(private readonly options: SessionOptions) {
    // The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and Path=/.
    this.cookieName = options.secureCookie ? '__Host-ip.sid' : 'ip.sid';
  }

  private key(id: string): string {
    return `${this.options.keyPrefix}session:${createHmac('sha256', this.options.secret).update(id).digest('base64url')}`;
  }

  private ttl(data: SessionData, now: number): number {
    const max = data.userId ? this.options.absoluteMs : anonymousMaxMs;
    return Math.min(this.options.idleMs, data.createdAt + max - now);
  }

  /** The session named by the request's cookie, renewed; undefined if there is none or it ran out. */
  async load(req: Request, res: Response): Promise<LoadedSession | undefined> {
    const id = readCookie(req.headers.cookie, this.cookieName);
    if (!id) return undefined;
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) {
      this.clearCookie(res);
      return undefined;
    }
    const raw = await this.options.redis.get(this.key(id));
    const data = raw ? parseSession(raw) : undefined;
    const now = Date.now();
    const ttl = data ? this.ttl(data, now) : 0;
    if (!data || ttl <= 0) {
      if (raw) await this.options.redis.del(this.key(id));
      this.clearCookie(res);
      return undefined;
    }
    await this.options.redis.pexpire(this.key(id), ttl);
    return { id, data };
  }

  /** A new session (a new id and CSRF token) holding `data`; the old one, if any, is destroyed. */
  async create(res: Response, data: Omit<SessionData, 'csrfToken' | 'createdAt'>, replaces?: LoadedSession): Promise<LoadedSession> {
    if (replaces) await this.options.redis.del(this.key(replaces.id));
    const id = randomBytes(32).toString('base64url');
    const session: SessionData = { ...data, csrfToken: randomBytes(32).toString('base64url'), createdAt: Date.now() };
    await this.options.redis.set(this.key(id), JSON.stringify(session), 'PX', this.ttl(session, session.createdAt));
    res.append('Set-Cookie', this.cookie(id));
    return { id, data: session };
  }

  /** Saves changed data under the same id (no rotation), keeping the timeouts. */
  async save(session: LoadedSession): Promise<void> {
    const ttl = this.ttl(session.data, Date.now());
    if (ttl <= 0) return;
    await this.options.redis.set(this.key(session.id), JSON.stringify(session.data), 'PX', ttl);
  }

  async destroy(res: Response, session: LoadedSession | undefined): Promise<void> {
    if (session) await this.options.redis.del(this.key(session.id));
    this.clearCookie(res);
  }

  private cookie(id: string): string {
    const parts = [`${this.cookieName}=${id}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
    if (this.options.secureCookie) parts.push('Secure');
    return parts.join('; ');
  }

  private clearCookie(res: Response): void {
    const parts = [`${this.cookieName}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0'];
    if (this.options.secureCookie) parts.push('Secure');
    res.append('Set-Cookie', parts.join('; '));
  }
}

function parseSession(raw: string): SessionData | undefined {
  try {
    const data = JSON.parse(raw) as SessionData;
    return typeof data.csrfToken === 'string' && typeof data.createdAt === 'number' ? data : undefined;
  } catch {
    return undefined;
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    if (part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** Constant-time comparison of two tokens. */
export function sameToken(a: string | undefined, b: string): boolean {
  if (typeof a !== 'string') return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
