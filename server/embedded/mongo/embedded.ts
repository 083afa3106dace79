import { Cursors } from './cursors.js';
import { Engine } from './engine.js';
import { Journal, type Logger } from './journal.js';
import { WireServer } from './server.js';
import { Storage } from './storage.js';
import { TtlMonitor } from './ttl.js';
import type { EmbeddedMongo, EmbeddedMongoOptions } from './index.js';

/** Options not part of the public API (tests use them to exercise compaction). */
export interface InternalOptions {
  /** Journal size that triggers compaction into a snapshot; default 64 MiB. */
  compactAfterBytes?: number;
}

const silent: Logger = { info() {}, warn() {}, error() {} };

export async function launch(options: EmbeddedMongoOptions & InternalOptions = {}): Promise<EmbeddedMongo> {
  const logger = options.logger ?? silent;
  const host = options.host ?? '127.0.0.1';
  const storage = new Storage();
  const journal = options.dataDir
    ? await Journal.open(
        { dir: options.dataDir, logger, compactAfterBytes: options.compactAfterBytes ?? 64 * 1024 * 1024, snapshot: () => storage.snapshot() },
        (op) => storage.apply(op),
      )
    : null;
  storage.settleIndexes();
  const cursors = new Cursors();
  const ttl = new TtlMonitor(storage, async () => {
    cursors.sweep();
    await engine.commit().catch((err: unknown) => logger.error({ err }, 'embedded mongo: journaling TTL removals failed'));
  });
  const info = { host, port: 0, startedAt: Date.now(), connections: (): number => server.connections };
  const engine: Engine = new Engine(storage, cursors, ttl, journal, logger, info);
  const server: WireServer = new WireServer(engine, logger);
  try {
    info.port = await server.listen(options.port ?? 0, host);
  } catch (err) {
    await journal?.close();
    throw err;
  }
  ttl.start();

  let closing: Promise<void> | undefined;
  return {
    port: info.port,
    host,
    uri: (dbName?: string) => `mongodb://${host.includes(':') ? `[${host}]` : host}:${info.port}/${dbName ?? ''}`,
    close: () =>
      (closing ??= (async () => {
        ttl.stop();
        await server.close();
        cursors.clear();
        await journal?.close();
      })()),
  };
}
