import path from 'node:path';
import { Redis } from 'ioredis';
import mongoose, { type Connection } from 'mongoose';
import type { Config } from './config.js';
import { lockDataDir } from './embedded/data-dir-lock.js';
import { startEmbeddedMongo } from './embedded/mongo/index.js';
import { startEmbeddedRedis } from './embedded/redis.js';
import type { Logger } from './log.js';

/**
 * The services the product stands on: MongoDB and Redis, either the configured production
 * services or the embedded defaults with their data in DATA_DIR.
 */
export interface Infrastructure {
  readonly db: Connection;
  readonly redisUrl: string;
  /**
   * A new Redis connection; the caller closes it. By default as BullMQ's workers need it (commands
   * wait while Redis is away). `failFast` for anything a request waits on: while Redis is away or
   * does not answer, a command fails within `redisCommandTimeoutMs`, and the request answers 503.
   */
  createRedisConnection(options?: { failFast?: boolean }): Redis;
  /** MongoDB and Redis answer a ping. */
  checkReadiness(): Promise<{ mongodb: boolean; redis: boolean }>;
  close(): Promise<void>;
}

const databaseName = 'individuell-plan';

/** How long a request's Redis command may take before it fails (Redis down or not answering). */
export const redisCommandTimeoutMs = 2000;

/**
 * Whether an error means MongoDB or Redis is unreachable (not a fault in the request or in our
 * code): the request answers 503 and may be retried.
 */
export function isOutage(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (name === 'MaxRetriesPerRequestError' || name === 'EngineBusyError') return true;
  if (typeof name === 'string' && /^Mongo(ose)?(ServerSelection|Network|NotConnected|NetworkTimeout)Error$/.test(name)) return true;
  return /^(Command timed out|Connection is closed\.|Stream isn't writeable)/.test(text) || /buffering timed out after/.test(text);
}

export async function startInfrastructure(config: Config, logger: Logger): Promise<Infrastructure> {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) {
      await closer().catch((error: unknown) => logger.warn({ err: error }, 'error while closing'));
    }
  };
  try {
    if (!config.mongodbUri || !config.redisUrl) {
      const lock = await lockDataDir(config.dataDir);
      closers.push(() => lock.release());
    }

    let mongodbUri = config.mongodbUri;
    if (!mongodbUri) {
      const embedded = await startEmbeddedMongo({
        dataDir: path.join(config.dataDir, 'mongo'),
        port: config.mongoPort,
        logger: logger.child({ component: 'embedded-mongodb' }),
      });
      closers.push(() => embedded.close());
      mongodbUri = embedded.uri(databaseName);
      logger.info({ uri: mongodbUri }, 'embedded MongoDB-compatible server started (development and test use only)');
    }

    let redisUrl = config.redisUrl;
    if (!redisUrl) {
      const embedded = await startEmbeddedRedis({ dataDir: config.dataDir, port: config.redisPort, logger });
      closers.push(() => embedded.stop());
      redisUrl = embedded.url;
    }
    const resolvedRedisUrl = redisUrl;

    const db = await mongoose.createConnection(mongodbUri, { serverSelectionTimeoutMS: 10000 }).asPromise();
    closers.push(() => db.close());

    const connections = new Set<Redis>();
    closers.push(() => Promise.all([...connections].map((connection) => connection.quit())));
    const createRedisConnection = (options: { failFast?: boolean } = {}) => {
      const connection = new Redis(
        resolvedRedisUrl,
        options.failFast ? { maxRetriesPerRequest: 1, commandTimeout: redisCommandTimeoutMs } : { maxRetriesPerRequest: null },
      );
      // Without a listener ioredis logs every failed reconnect; readiness reports the outage instead.
      connection.on('error', () => undefined);
      connections.add(connection);
      connection.once('end', () => connections.delete(connection));
      return connection;
    };
    const probe = createRedisConnection();
    await probe.ping();

    return {
      db,
      redisUrl: resolvedRedisUrl,
      createRedisConnection,
      async checkReadiness() {
        const [mongodb, redis] = await Promise.all([
          withTimeout(db.db!.admin().ping(), 2000).then(() => true, () => false),
          withTimeout(probe.ping(), 2000).then(() => true, () => false),
        ]);
        return { mongodb, redis };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}
