/**
 * BullMQ behaves correctly only when Redis never evicts keys (`maxmemory-policy noeviction`): an
 * evicted job or lock loses a timer, a letter or a reminder. Checked at startup: a warning in
 * development, a refusal with NODE_ENV=production.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../server/log.js';

export class RedisPolicyError extends Error {
  constructor(policy: string) {
    super(`Redis must be configured with maxmemory-policy noeviction for the job queues (it is "${policy}"); refusing to start in production.`);
    this.name = 'RedisPolicyError';
  }
}

export async function checkRedisEvictionPolicy(infrastructure: { createRedisConnection(): Redis }, options: { production: boolean; logger: Logger }): Promise<void> {
  let policy: string | undefined;
  const redis = infrastructure.createRedisConnection();
  try {
    const answer = (await redis.config('GET', 'maxmemory-policy')) as string[];
    policy = answer[1];
  } catch (error) {
    // Managed services may refuse CONFIG: nothing to check then, but say so.
    options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not read Redis maxmemory-policy: make sure it is noeviction');
    return;
  } finally {
    redis.disconnect();
  }
  if (policy === 'noeviction') return;
  if (options.production) throw new RedisPolicyError(policy ?? 'unknown');
  options.logger.warn({ maxmemoryPolicy: policy }, 'Redis maxmemory-policy is not noeviction: queued jobs may be lost under memory pressure');
}
