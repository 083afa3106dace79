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
  /** A new Redis connection as BullMQ needs it; the caller closes it. */
  createRedisConnection(): Redis;
  /** MongoDB and Redis answer a ping. */
  checkReadiness(): Promise<{ mongodb: boolean; redis: boolean }>;
  close(): Promise<void>;
}

const databaseName = 'individuell-plan';

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
    const createRedisConnection = () => {
      const connection = new Redis(resolvedRedisUrl, { maxRetriesPerRequest: null });
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
