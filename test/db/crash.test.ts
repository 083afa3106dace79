// Durability of the embedded server's data folder: acknowledged writes survive SIGKILL, a damaged
// journal tail is dropped at startup, and state survives compaction into a snapshot.
import { afterEach, describe, expect, test } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose, { type Connection } from 'mongoose';
import { launch } from '../../server/embedded/mongo/embedded.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/serve.ts', import.meta.url));
const TOTAL = 1000;
const IN_FLIGHT = 8;

const folders: string[] = [];
function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'embedded-mongo-'));
  folders.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Served {
  child: ChildProcess;
  port: number;
  exited: Promise<void>;
}

function serve(dir: string, compactAfterBytes: number): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, EMBEDDED_MONGO_DIR: dir, EMBEDDED_MONGO_COMPACT_BYTES: String(compactAfterBytes) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), exited });
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code}): ${stderr}`)));
  });
}

async function connect(port: number): Promise<Connection> {
  return mongoose.createConnection(`mongodb://127.0.0.1:${port}/crash`, { retryWrites: false, serverSelectionTimeoutMS: 2000, maxPoolSize: IN_FLIGHT * 2 }).asPromise();
}

function expected(i: number): Record<string, unknown> {
  return { _id: i, n: i, payload: `doc-${i}-${'x'.repeat(i % 300)}` };
}

describe('crash safety', () => {
  test('every acknowledged insert survives SIGKILL at a random moment', async () => {
    const dir = tempFolder();
    // A small compaction threshold makes snapshots happen (and get interrupted) during the run.
    const compactAfterBytes = 16 * 1024;
    const first = await serve(dir, compactAfterBytes);
    const conn = await connect(first.port);
    const coll = conn.collection('docs');
    const acked: number[] = [];
    const killAfter = 100 + Math.floor(Math.random() * 800);
    let next = 0;
    let killed = false;
    const worker = async (): Promise<void> => {
      while (!killed && next < TOTAL) {
        const i = next++;
        try {
          await coll.insertOne(expected(i));
          acked.push(i);
          if (acked.length >= killAfter && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        } catch {
          return; // the server is gone
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    expect(killed).toBe(true);
    await first.exited;
    await conn.close(true);
    expect(existsSync(join(dir, 'snapshot.bson'))).toBe(true);

    const second = await serve(dir, compactAfterBytes);
    const conn2 = await connect(second.port);
    try {
      const stored = await conn2.collection('docs').find({}).toArray();
      const byId = new Map(stored.map((d) => [d._id as unknown as number, d]));
      for (const i of acked) expect(byId.has(i)).toBe(true);
      for (const d of stored) expect(d).toEqual(expected(d._id as unknown as number));
      expect(stored.length).toBeGreaterThanOrEqual(acked.length);
      expect(stored.length).toBeLessThanOrEqual(next);

      // Finish the run after the restart: all 1000 acknowledged, and a clean shutdown keeps them.
      const missing = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => !byId.has(i));
      for (let k = 0; k < missing.length; k += IN_FLIGHT) {
        await Promise.all(missing.slice(k, k + IN_FLIGHT).map((i) => conn2.collection('docs').insertOne(expected(i))));
      }
    } finally {
      await conn2.close();
    }
    second.child.kill('SIGTERM');
    await second.exited;

    const third = await serve(dir, compactAfterBytes);
    const conn3 = await connect(third.port);
    try {
      const all = await conn3.collection('docs').find({}, { sort: { _id: 1 } }).toArray();
      expect(all).toEqual(Array.from({ length: TOTAL }, (_, i) => expected(i)));
    } finally {
      await conn3.close();
      third.child.kill('SIGTERM');
      await third.exited;
    }
  }, 90_000);
});

describe('journal recovery', () => {
  interface Captured {
    warnings: string[];
    errors: string[];
  }
  function capture(): Captured & { logger: { info(): void; warn(o: object, m?: string): void; error(o: object, m?: string): void } } {
    const c: Captured = { warnings: [], errors: [] };
    return {
      ...c,
      logger: {
        info: () => {},
        warn: (_o: object, m?: string) => c.warnings.push(m ?? ''),
        error: (_o: object, m?: string) => c.errors.push(m ?? ''),
      },
    };
  }

  async function withServer<T>(dir: string, logger: ReturnType<typeof capture>['logger'], fn: (conn: Connection) => Promise<T>, compactAfterBytes?: number): Promise<T> {
    const mongo = await launch({ dataDir: dir, logger, compactAfterBytes });
    const conn = await mongoose.createConnection(mongo.uri('crash'), { serverSelectionTimeoutMS: 2000 }).asPromise();
    try {
      return await fn(conn);
    } finally {
      await conn.close();
      await mongo.close();
    }
  }

  async function seed(dir: string, n: number): Promise<void> {
    await withServer(dir, capture().logger, async (conn) => {
      for (let i = 0; i < n; i++) await conn.collection('docs').insertOne({ _id: i as never, v: i });
    });
  }

  async function ids(conn: Connection): Promise<number[]> {
    return (await conn.collection('docs').find({}, { sort: { _id: 1 } }).toArray()).map((d) => d._id as unknown as number);
  }

  test('half a record at the end is dropped and the journal keeps working', async () => {
    const dir = tempFolder();
    await seed(dir, 10);
    const journal = join(dir, 'journal.bson');
    const goodLength = statSync(journal).size;
    const whole = readFileSync(journal);
    let lastStart = 0;
    for (let pos = 0; pos < whole.length; pos += 8 + whole.readUInt32LE(pos)) lastStart = pos;
    appendFileSync(journal, whole.subarray(lastStart, lastStart + 20));

    const log = capture();
    await withServer(dir, log.logger, async (conn) => {
      expect(statSync(journal).size).toBe(goodLength);
      expect(await ids(conn)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      await conn.collection('docs').insertOne({ _id: 10 as never, v: 10 });
    });
    expect(log.warnings).toEqual(['dropping damaged journal tail']);
    await withServer(dir, capture().logger, async (conn) => {
      expect(await ids(conn)).toHaveLength(11);
    });
  });

  test('a last record with a bad checksum or random garbage is dropped without crashing', async () => {
    const dir = tempFolder();
    await seed(dir, 5);
    const journal = join(dir, 'journal.bson');
    const bytes = readFileSync(journal);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0xff;
    writeFileSync(journal, bytes);
    const log = capture();
    await withServer(dir, log.logger, async (conn) => {
      expect(await ids(conn)).toEqual([0, 1, 2, 3]);
    });
    expect(log.warnings).toEqual(['dropping damaged journal tail']);

    appendFileSync(journal, Buffer.from([0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const log2 = capture();
    await withServer(dir, log2.logger, async (conn) => {
      expect(await ids(conn)).toEqual([0, 1, 2, 3]);
    });
    expect(log2.warnings).toEqual(['dropping damaged journal tail']);
  });

  test('state survives restarts through compaction into a snapshot', async () => {
    const dir = tempFolder();
    const compactAfterBytes = 4096;
    await withServer(
      dir,
      capture().logger,
      async (conn) => {
        const docs = conn.collection('docs');
        await conn.createCollection('scratch');
        await docs.createIndex({ email: 1 }, { unique: true });
        await conn.collection('sessions').createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
        for (let i = 0; i < 300; i++) await docs.insertOne({ _id: i as never, email: `u${i}@example.no`, v: i });
        await docs.updateMany({ v: { $lt: 50 } }, { $set: { low: true } });
        await docs.deleteMany({ v: { $gte: 250 } });
        await conn.dropCollection('scratch');
      },
      compactAfterBytes,
    );
    expect(existsSync(join(dir, 'snapshot.bson'))).toBe(true);
    // The journal is compacted again once it holds as much as the snapshot (and at least compactAfterBytes).
    const limit = Math.max(compactAfterBytes, statSync(join(dir, 'snapshot.bson')).size);
    expect(statSync(join(dir, 'journal.bson')).size).toBeLessThan(limit * 2);

    const log = capture();
    await withServer(
      dir,
      log.logger,
      async (conn) => {
        const docs = conn.collection('docs');
        expect(await docs.countDocuments()).toBe(250);
        expect(await docs.countDocuments({ low: true })).toBe(50);
        expect(await docs.findOne({ _id: 42 as never })).toEqual({ _id: 42, email: 'u42@example.no', v: 42, low: true });
        const names = (await conn.db?.listCollections({}, { nameOnly: true }).toArray())?.map((c) => c.name).sort();
        expect(names).toEqual(['docs', 'sessions']);
        const ttl = (await conn.collection('sessions').listIndexes().toArray()).find((i) => i.name === 'at_1');
        expect(ttl?.expireAfterSeconds).toBe(3600);
        const dup = await docs.insertOne({ email: 'u1@example.no' }).catch((e: { code?: number }) => e);
        expect((dup as { code?: number }).code).toBe(11000);
        for (let i = 300; i < 400; i++) await docs.insertOne({ _id: i as never, email: `u${i}@example.no`, v: i });
      },
      compactAfterBytes,
    );
    expect(log.warnings).toEqual([]);
    expect(log.errors).toEqual([]);

    await withServer(dir, capture().logger, async (conn) => {
      expect(await conn.collection('docs').countDocuments()).toBe(350);
    });
  });
});
