// `npm run db`: serves the embedded MongoDB on MONGO_PORT (default 27017) with data in <DATA_DIR>/mongo.
import { join } from 'node:path';
import pino from 'pino';
import { startEmbeddedMongo, type EmbeddedMongo } from './index.js';

const logger = pino({ name: 'embedded-mongo' });
const portText = process.env.MONGO_PORT ?? '27017';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
  logger.error({ MONGO_PORT: portText }, `MONGO_PORT must be a port number between 1 and 65535, got '${portText}'`);
  process.exit(1);
}
const dataDir = join(process.env.DATA_DIR ?? './data', 'mongo');

let mongo: EmbeddedMongo;
try {
  mongo = await startEmbeddedMongo({ port, dataDir, logger });
} catch (err) {
  const code = (err as NodeJS.ErrnoException).code;
  const reason = code === 'EADDRINUSE' ? 'the port is already in use' : code === 'EACCES' ? 'listening on the port is not allowed' : (err as Error).message;
  logger.error({ MONGO_PORT: portText, dataDir }, `cannot serve on MONGO_PORT=${portText}: ${reason}`);
  process.exit(1);
}
logger.info({ uri: mongo.uri(), dataDir }, `embedded MongoDB listening on ${mongo.uri()}`);

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'embedded MongoDB stopping');
  mongo.close().then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, 'embedded MongoDB did not close cleanly');
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
