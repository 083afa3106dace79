// The embedded server's query planner against a plain mingo evaluation of the same query over the
// same documents: compound index bounds (equality and $in on a prefix plus a range), walks in index
// order with skip and limit, array fields (a document once, however many of its keys match) and counts
// answered from index entries must all give exactly what evaluating every document gives.
import { describe, expect, test } from '@jest/globals';
import type { Document } from 'bson';
import fc from 'fast-check';
import { Query } from 'mingo';
import type { AnyObject } from 'mingo/types';
import { dispatch, type Context } from '../../server/embedded/mongo/commands/index.js';
import { Cursors } from '../../server/embedded/mongo/cursors.js';
import { Storage } from '../../server/embedded/mongo/storage.js';
import { TtlMonitor } from '../../server/embedded/mongo/ttl.js';

function context(): Context {
  const storage = new Storage();
  return {
    storage,
    cursors: new Cursors(),
    ttl: new TtlMonitor(storage, async () => {}),
    logger: { info() {}, warn() {}, error() {} },
    server: { host: '127.0.0.1', port: 0, startedAt: Date.now(), connections: () => 0 },
    db: 'unit',
    connectionId: 1,
  };
}

function run(ctx: Context, cmd: Document): Document {
  const reply = dispatch(cmd, ctx);
  ctx.storage.takeOps();
  expect(reply.ok).toBe(1);
  return reply;
}

const INDEXES = [
  { key: { u: 1, s: 1, d: 1 }, name: 'u_s_d' },
  { key: { g: 1, s: 1, d: 1 }, name: 'g_s_d' },
  { key: { u: 1, s: 1, p: 1 }, name: 'u_s_p' },
  { key: { a: 1, s: 1, d: 1 }, name: 'a_s_d' },
  { key: { d: 1 }, name: 'd' },
];

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));
const optional = <T,>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 5 });
const status = fc.constantFrom('open', 'claimed', 'done');
const group = fc.constantFrom('x', 'y', 'z');

const docArb = fc.record({
  u: optional(fc.constantFrom('u1', 'u2')),
  s: fc.oneof(status, fc.constant(null)),
  d: optional(fc.integer({ min: 0, max: 20 }).map(day)),
  g: optional(fc.oneof(group, fc.uniqueArray(group, { maxLength: 3 }))),
  a: optional(fc.oneof(fc.constantFrom('kari', 'ola'), fc.constant(null))),
  p: optional(fc.constantFrom('aa', 'ab', 'b', 'øy', 'å')),
});

const rangeArb = fc.oneof(
  fc.integer({ min: 0, max: 20 }).map((n) => ({ $lt: day(n) })),
  fc.integer({ min: 0, max: 20 }).map((n) => ({ $gte: day(n) })),
  fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })).map(([x, y]) => ({ $gte: day(x), $lt: day(y) })),
  fc.integer({ min: 0, max: 20 }).map((n) => ({ $gt: day(n), $lte: day(n + 5) })),
);

const filterArb = fc
  .record(
    {
      u: fc.constantFrom('u1', 'u2'),
      s: fc.oneof(status, fc.uniqueArray(status, { minLength: 1, maxLength: 3 }).map((v) => ({ $in: v })), fc.constantFrom({ $gte: 'claimed', $lt: 'open' }, { $gt: 'claimed' }, { $lte: 'done' })),
      g: fc.oneof(group, fc.uniqueArray(group, { minLength: 1, maxLength: 2 }).map((v) => ({ $in: v }))),
      a: fc.oneof(fc.constantFrom('kari', 'ola'), fc.constant(null)),
      d: rangeArb,
      p: fc.oneof(fc.constantFrom('aa', 'ab', 'b'), fc.constantFrom({ $gte: 'a', $lt: 'b' }, { $gt: 'aa' })),
      $and: fc.constantFrom([{ s: 'open' }], [{ d: { $lt: day(10) } }], [{ g: 'x' }]),
    },
    { requiredKeys: [] },
  )
  .map((f) => f as Document);

// Equality, then a range on the next index field, sorted by the field after it (a lead's audit
// search by the actions of a resource): the range is read as its distinct values, one stream each.
const rangeBeforeSortArb = fc.tuple(
  fc
    .record({ u: fc.constantFrom('u1', 'u2'), s: fc.constantFrom({ $gte: 'claimed', $lt: 'open' }, { $gt: 'claimed' }, { $lte: 'done' }, { $gte: 'a' }), d: rangeArb }, { requiredKeys: ['u', 's'] })
    .map((f) => f as Document),
  fc.constantFrom<Document | undefined>({ d: 1, _id: 1 }, { d: -1, _id: -1 }),
  fc.nat(6),
  fc.nat(8),
);

const sortArb = fc.constantFrom<Document | undefined>(undefined, { d: 1, _id: 1 }, { d: -1, _id: -1 }, { p: 1, _id: 1 }, { p: -1, _id: -1 }, { s: 1, d: 1, _id: 1 }, { d: 1 }, { _id: 1 });

function mingoFind(docs: Document[], filter: Document, sort: Document | undefined, skip: number, limit: number): Document[] {
  let cursor = new Query(filter as AnyObject, {}).find<Document>(docs);
  if (sort) cursor = cursor.sort(sort);
  if (skip) cursor = cursor.skip(skip);
  if (limit) cursor = cursor.limit(limit);
  return cursor.all();
}

function load(ctx: Context, docs: Document[], indexFirst: boolean): Document[] {
  const stored = docs.map((d, i) => Object.fromEntries([['_id', i], ...Object.entries(d).filter(([, v]) => v !== undefined)]) as Document);
  if (indexFirst) run(ctx, { createIndexes: 'c', indexes: INDEXES });
  if (stored.length) run(ctx, { insert: 'c', documents: stored });
  if (!indexFirst) run(ctx, { createIndexes: 'c', indexes: INDEXES });
  return stored;
}

function count(ctx: Context, filter: Document): number {
  const reply = run(ctx, { aggregate: 'c', pipeline: [{ $match: filter }, { $group: { _id: 1, n: { $sum: 1 } } }], cursor: {} });
  const [row] = (reply.cursor as Document).firstBatch as Document[];
  return (row?.n as number | undefined) ?? 0;
}

describe('query planner', () => {
  test('finds and counts exactly what evaluating every document finds', () => {
    fc.assert(
      fc.property(fc.array(docArb, { maxLength: 120 }), fc.boolean(), fc.array(fc.oneof(fc.tuple(filterArb, sortArb, fc.nat(6), fc.nat(8)), rangeBeforeSortArb), { minLength: 1, maxLength: 8 }), (docs, indexFirst, queries) => {
        const ctx = context();
        const stored = load(ctx, docs, indexFirst);
        for (const [filter, sort, skip, limit] of queries) {
          // Ties are only ordered when the sort ends with _id; without it compare the matched set.
          const ordered = sort === undefined || '_id' in sort;
          const reply = run(ctx, { find: 'c', filter, ...(sort ? { sort } : {}), skip: ordered ? skip : 0, limit: ordered ? limit : 0, batchSize: 1000 });
          const got = (reply.cursor as Document).firstBatch as Document[];
          const want = mingoFind(stored, filter, sort, ordered ? skip : 0, ordered ? limit : 0);
          if (sort && ordered) expect(got).toEqual(want);
          else expect(new Set(got.map((d) => d._id))).toEqual(new Set(want.map((d) => d._id)));
          expect(got.length).toBe(want.length);
          const matching = mingoFind(stored, filter, undefined, 0, 0).length;
          expect(count(ctx, filter)).toBe(matching);
          expect(run(ctx, { count: 'c', query: filter }).n).toBe(matching);
        }
      }),
      { numRuns: 200 },
    );
  });

  function queue(n: number): Context {
    const ctx = context();
    const docs = Array.from({ length: n }, (_, i) => ({
      _id: `t${String(i).padStart(5, '0')}`,
      u: i % 2 ? 'u1' : 'u2',
      s: ['open', 'claimed', 'done'][i % 3],
      d: day(i % 17),
      g: i % 5 ? ['x', 'y'] : ['x'],
    }));
    run(ctx, { insert: 'c', documents: docs });
    run(ctx, { createIndexes: 'c', indexes: INDEXES });
    return ctx;
  }

  function explain(ctx: Context, find: Document): Document {
    return run(ctx, { explain: { find: 'c', batchSize: 1000, ...find }, verbosity: 'executionStats' });
  }

  test('a page sorted by the index field after equality and $in on its prefix stops after the page', () => {
    const ctx = queue(3000);
    const find = { filter: { u: 'u1', s: { $in: ['open', 'claimed'] } }, sort: { d: 1, _id: 1 }, skip: 50, limit: 25 };
    const stats = explain(ctx, find).executionStats as Document;
    expect(stats.nReturned).toBe(25);
    expect(stats.totalDocsExamined).toBeLessThanOrEqual(75);
    expect(JSON.stringify(explain(ctx, find).queryPlanner)).toContain('u_s_d');
    const c = ctx.storage.collection('unit', 'c');
    const want = mingoFind(Array.from(c?.docs.values() ?? []), find.filter, find.sort, 50, 25);
    expect(((run(ctx, { find: 'c', ...find }).cursor as Document).firstBatch as Document[]).map((d) => d._id)).toEqual(want.map((d) => d._id));
  });

  test('a range on the field before the sort field is read as its distinct values, so a page stops after the page', () => {
    const ctx = queue(3000);
    const find = { filter: { u: 'u1', s: { $gte: 'claimed', $lt: 'open' }, d: { $lt: day(12) } }, sort: { d: -1, _id: -1 }, skip: 40, limit: 20 };
    const stats = explain(ctx, find).executionStats as Document;
    expect(stats.nReturned).toBe(20);
    expect(stats.totalDocsExamined).toBe(60);
    expect(JSON.stringify(explain(ctx, find).queryPlanner)).toContain('u_s_d');
    const c = ctx.storage.collection('unit', 'c');
    const want = mingoFind(Array.from(c?.docs.values() ?? []), find.filter, find.sort, 40, 20);
    expect(((run(ctx, { find: 'c', ...find }).cursor as Document).firstBatch as Document[]).map((d) => d._id)).toEqual(want.map((d) => d._id));
  });

  test('a compound prefix with a range reads only the keys inside the bounds', () => {
    const ctx = queue(3000);
    const filter = { u: 'u2', s: 'open', d: { $gte: day(3), $lt: day(5) } };
    const stats = explain(ctx, { filter }).executionStats as Document;
    const c = ctx.storage.collection('unit', 'c');
    const want = mingoFind(Array.from(c?.docs.values() ?? []), filter, undefined, 0, 0).length;
    expect(want).toBeGreaterThan(0);
    expect(stats.nReturned).toBe(want);
    expect(stats.totalKeysExamined).toBe(want);
  });

  test('an array field counts each document once however many of its values match', () => {
    const ctx = queue(600);
    const filter = { g: { $in: ['x', 'y'] }, s: 'open' };
    expect(count(ctx, filter)).toBe(200);
    expect(((run(ctx, { find: 'c', filter, batchSize: 1000 }).cursor as Document).firstBatch as Document[]).length).toBe(200);
  });
});
