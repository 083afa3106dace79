import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type ClientRateLimitInfo, type Options, type Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { requestLanguage } from '../language.js';
import { securityMessages } from './messages.js';

/**
 * Fixed-window counters in Redis, shared by every server process (an in-memory counter per
 * process would multiply the limit by the number of processes).
 */
export class RedisRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60000;

  constructor(
    private readonly redis: Redis,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const redisKey = this.prefix + key;
    const results = await this.redis.multi().set(redisKey, 0, 'PX', this.windowMs, 'NX').incr(redisKey).pttl(redisKey).exec();
    const totalHits = Number(results?.[1]?.[1] ?? 1);
    const ttl = Number(results?.[2]?.[1] ?? this.windowMs);
    return { totalHits, resetTime: new Date(Date.now() + (ttl > 0 ? ttl : this.windowMs)) };
  }

  async decrement(key: string): Promise<void> {
    await this.redis.decr(this.prefix + key);
  }

  async resetKey(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}

export interface LimiterOptions {
  readonly redis: Redis;
  /** Redis key prefix; one per limiter. */
  readonly prefix: string;
  readonly windowMs: number;
  readonly limit: number;
  /** Count per signed-in user when there is one (else per client address). */
  readonly perUser?: boolean;
  /** Requests that do not count. */
  readonly skip?: (req: Request) => boolean;
}

/** A rate limit answering 429 in the error shape, with RateLimit and Retry-After headers. */
export function limiter(options: LimiterOptions): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new RedisRateLimitStore(options.redis, options.prefix),
    ...(options.skip ? { skip: options.skip } : {}),
    keyGenerator: (req: Request) => (options.perUser && req.user ? `user:${req.user.id}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`),
    handler: (req, res) => {
      res.status(429).json({ errors: [{ field: null, message: securityMessages.tooManyRequests[requestLanguage(req)] }] });
    },
  });
}
