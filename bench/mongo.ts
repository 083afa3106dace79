// Speed of the embedded MongoDB-compatible server over a real driver connection: bulk and single
// acknowledged inserts, and finds by an indexed versus an unindexed field among 100 000 documents,
// in memory and with a data folder (every acknowledged write fdatasync'ed).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../server/embedded/mongo/index.js';

const DOCS = 100_000;
const BATCH = 10_000;
const SINGLE_INSERTS = 2_000;
const CONCURRENCY = 8;

function perSecond(count: number, ms: number): number {
  return Math.round((count * 1000) / Math.max(ms, 0.001));
}

function format(n: number): string {
  return n.toLocaleString('en-US');
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Runs `fn` repeatedly for about `budgetMs` (at least `min` times); returns operations per second. */
async function rate(budgetMs: number, min: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  let n = 0;
  while (n < min || performance.now() - start < budgetMs) await fn(n++);
  return perSecond(n, performance.now() - start);
}

async function run(label: string, dataDir?: string): Promise<void> {
  const server = await startEmbeddedMongo({ dataDir });
  const client = await new mongoose.mongo.MongoClient(server.uri(), { maxPoolSize: CONCURRENCY * 2 }).connect();
  try {
    const coll = client.db('bench').collection('docs');
    await coll.createIndex({ k: 1 });
    const bulkMs = await timed(async () => {
      for (let start = 0; start < DOCS; start += BATCH) {
        const batch = Array.from({ length: BATCH }, (_, j) => ({ k: start + j, u: start + j, name: `person ${start + j}`, kommune: (start + j) % 356 }));
        await coll.insertMany(batch, { ordered: false });
      }
    });

    const single = client.db('bench').collection('single');
    await single.createIndex({ k: 1 });
    const singleRate = await rate(0, SINGLE_INSERTS, (i) => single.insertOne({ k: i, name: `single ${i}` }));
    let next = 0;
    const concurrentMs = await timed(async () => {
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < SINGLE_INSERTS) await single.insertOne({ k: SINGLE_INSERTS + next++ });
        }),
      );
    });

    const random = (): number => Math.floor(Math.random() * DOCS);
    // Raw reference: a round trip that does no database work, to read the figures below against.
    const pings = await rate(1000, 200, () => client.db('admin').command({ ping: 1 }));
    const indexed = await rate(1000, 200, () => coll.findOne({ k: random() }));
    const unindexed = await rate(1000, 10, () => coll.findOne({ u: random() }));

    console.log(`${label}:`);
    console.log(`  bulk insertMany (${format(DOCS)} docs, batches of ${format(BATCH)}): ${format(perSecond(DOCS, bulkMs))} inserts/s`);
    console.log(`  single-document acknowledged inserts, one at a time: ${format(singleRate)} inserts/s`);
    console.log(`  single-document acknowledged inserts, ${CONCURRENCY} in flight: ${format(perSecond(SINGLE_INSERTS, concurrentMs))} inserts/s`);
    console.log(`  findOne by indexed field among ${format(DOCS)}: ${format(indexed)} finds/s`);
    console.log(`  findOne by unindexed field among ${format(DOCS)}: ${format(unindexed)} finds/s`);
    console.log(`  indexed / unindexed: ${(indexed / Math.max(unindexed, 1)).toFixed(0)}x`);
    console.log(`  reference: ping round trips: ${format(pings)}/s; indexed finds / pings: ${(indexed / pings).toFixed(2)}, single inserts / pings: ${(singleRate / pings).toFixed(2)}`);
  } finally {
    await client.close();
    await server.close();
  }
}

export async function benchMongo(): Promise<void> {
  await run('memory only');
  const dir = mkdtempSync(join(tmpdir(), 'bench-mongo-'));
  try {
    await run('data folder (fdatasync per acknowledged write)', join(dir, 'mongo'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
