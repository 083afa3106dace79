// Invariants of the embedded server that the wire-level suite cannot observe: stored documents are
// never modified in place (cursors and aggregation inputs hold references to them), the sorted
// index structure stays ordered through random inserts and removals, index scans over arrays meet
// each document once, and projections of top-level
// fields (answered without mingo) give what mingo's projection gives.
import { describe, expect, test } from '@jest/globals';
import { BSON, type Document } from 'bson';
import fc from 'fast-check';
import { Query } from 'mingo';
import type { AnyObject } from 'mingo/types';
import { dispatch, type Context } from '../../server/embedded/mongo/commands/index.js';
import { Cursors } from '../../server/embedded/mongo/cursors.js';
import { Engine } from '../../server/embedded/mongo/engine.js';
import type { Journal } from '../../server/embedded/mongo/journal.js';
import { Index, compareKeys, entryId, valuesAtPath } from '../../server/embedded/mongo/indexes.js';
import { SortedList } from '../../server/embedded/mongo/sortedlist.js';
import { Storage } from '../../server/embedded/mongo/storage.js';
import { StoredDocuments } from '../../server/embedded/mongo/stored-documents.js';
import { TtlMonitor } from '../../server/embedded/mongo/ttl.js';
import { compareValues } from '../../server/embedded/mongo/values.js';

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

describe('stored documents are immutable', () => {
  test('updates, projections and pipelines leave the stored object untouched', () => {
    const ctx = context();
    run(ctx, { insert: 'c', documents: [{ _id: 1, sub: { x: 1, list: [{ y: 1 }] }, tags: ['a'] }] });
    const stored = ctx.storage.collection('unit', 'c')?.docs.values().next().value as Document;
    const before = Buffer.from(BSON.serialize(stored)).toString('hex');

    run(ctx, { find: 'c', filter: {}, projection: { 'sub.x': 0 } });
    run(ctx, { find: 'c', filter: { 'sub.list.y': 1 }, projection: { 'sub.list.$': 1 } });
    run(ctx, { aggregate: 'c', pipeline: [{ $set: { 'sub.z': 1 } }, { $unset: 'sub.x' }, { $lookup: { from: 'c', localField: '_id', foreignField: '_id', as: 'sub.self' } }], cursor: {} });
    expect(Buffer.from(BSON.serialize(stored)).toString('hex')).toBe(before);

    const updates = [{ $push: { 'sub.list': { y: 2 }, tags: 'b' }, $set: { 'sub.x': 5 } }, { $rename: { 'sub.x': 'moved' } }, [{ $set: { 'sub.list': [] } }]];
    for (const u of updates) expect(run(ctx, { update: 'c', updates: [{ q: { _id: 1 }, u }] }).nModified).toBe(1);
    expect(Buffer.from(BSON.serialize(stored)).toString('hex')).toBe(before);
    const now = ctx.storage.collection('unit', 'c')?.docs.values().next().value as Document;
    expect(now).not.toBe(stored);
  });
});

describe('documents kept as their BSON bytes', () => {
  // A query no index serves reads only the fields its filter names from each stored document, and
  // decodes a document in full only when it matches: what the filter sees must be what it would
  // see in the whole decoded document, for every BSON type.
  const value = fc.oneof(
    fc.double(),
    fc.integer({ min: -3, max: 3 }).map((n) => new BSON.Double(n)),
    fc.constant(new BSON.Double(-0)),
    fc.integer(),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => BSON.Long.fromBigInt(n)),
    fc.string({ unit: 'binary' }),
    fc.boolean(),
    fc.constant(null),
    fc.date({ noInvalidDate: true }),
    fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new BSON.ObjectId(b)),
    fc.uint8Array({ maxLength: 8 }).map((b) => new BSON.Binary(b, 4)),
    fc.constant(BSON.Decimal128.fromString('1.50')),
    fc.constant(new BSON.Timestamp({ t: 5, i: 1 })),
    fc.constant(new BSON.BSONRegExp('^a', 'i')),
    fc.constant(new BSON.MinKey()),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.record({ x: fc.integer(), y: fc.string() }),
  );
  const fieldName = fc.constantFrom('a', 'b', 'ab', 'ø', '_id');

  test('a filter sees the fields it names as the whole document holds them', () => {
    fc.assert(
      fc.property(fc.dictionary(fieldName, value), fc.uniqueArray(fieldName, { maxLength: 3 }), (doc, fields) => {
        const stored = new StoredDocuments();
        stored.set('1', doc);
        const whole = stored.get('1') as Document;
        let seen: Document | undefined;
        const passed = [...stored.passing(new Set(fields), (partial) => ((seen = partial), true))];
        const expected = Object.fromEntries(fields.filter((f) => f in whole).map((f) => [f, whole[f]]));
        expect(seen).toEqual(expected);
        for (const f of fields) expect(typeof seen?.[f]).toBe(typeof whole[f]);
        expect(passed).toEqual([whole]);
      }),
      { numRuns: 500 },
    );
  });

  test('a sorted page without an index, and one read through an index past a skip, hold what the whole documents give', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ a: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(null)), b: fc.constantFrom('x', 'y', 'z'), note: fc.string() }), { maxLength: 40 }),
        fc.nat({ max: 10 }),
        fc.integer({ min: 1, max: 8 }),
        (rows, skip, limit) => {
          const docs = rows.map((row, i) => ({ _id: i, ...row }));
          const expected = docs
            .filter((d) => d.b !== 'z')
            .sort((x, y) => (x.a === y.a ? y._id - x._id : x.a === null ? -1 : y.a === null ? 1 : x.a - y.a))
            .slice(skip, skip + limit);
          const page = (ctx: Context) => run(ctx, { find: 'c', filter: { b: { $in: ['x', 'y'] } }, sort: { a: 1, _id: -1 }, skip, limit }).cursor.firstBatch;
          const plain = context();
          if (docs.length) run(plain, { insert: 'c', documents: docs });
          expect(page(plain)).toEqual(expected);
          const indexed = context();
          if (docs.length) run(indexed, { insert: 'c', documents: docs });
          run(indexed, { createIndexes: 'c', indexes: [{ key: { a: 1, _id: -1 }, name: 'a_id' }] });
          expect(page(indexed)).toEqual(expected);
          // Through the index with a test on another field: in the index's order, and in no order.
          const bounded = { a: { $gte: 1 }, b: { $in: ['x', 'y'] } };
          const inRange = docs.filter((d) => d.a !== null && d.a >= 1 && d.b !== 'z');
          const ordered = run(indexed, { find: 'c', filter: bounded, sort: { a: 1, _id: -1 }, skip, limit });
          expect(ordered.cursor.firstBatch).toEqual(inRange.sort((x, y) => (x.a === y.a ? y._id - x._id : (x.a as number) - (y.a as number))).slice(skip, skip + limit));
          const unordered = run(indexed, { find: 'c', filter: bounded }).cursor.firstBatch as Document[];
          expect(unordered.map((d) => d._id).sort((x, y) => x - y)).toEqual(inRange.map((d) => d._id).sort((x, y) => x - y));
          const all = run(indexed, { find: 'c', filter: {}, sort: { a: 1, _id: -1 }, skip, limit }).cursor.firstBatch;
          expect(all).toEqual(docs.slice().sort((x, y) => (x.a === y.a ? y._id - x._id : x.a === null ? -1 : y.a === null ? 1 : x.a - y.a)).slice(skip, skip + limit));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('every read is a document of its own', () => {
    const stored = new StoredDocuments();
    stored.set('1', { _id: 1, sub: { x: 1 } });
    const first = stored.get('1') as Document;
    first.sub.x = 2;
    expect(stored.get('1')).toEqual({ _id: 1, sub: { x: 1 } });
  });
});

describe('SortedList', () => {
  test('stays sorted and finds every element through random inserts and removals', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 300 })), { maxLength: 3000 }), (ops) => {
        const list = new SortedList<number>((a, b) => a - b);
        const model: number[] = [];
        for (const [add, v] of ops) {
          if (add) {
            list.insert(v);
            model.push(v);
          } else {
            const at = model.indexOf(v);
            expect(list.remove(v)).toBe(at >= 0);
            if (at >= 0) model.splice(at, 1);
          }
        }
        model.sort((a, b) => a - b);
        expect([...list.iterate()]).toEqual(model);
        expect(list.size).toBe(model.length);
        const probe = 150;
        expect([...list.iterate(list.seek((x) => x < probe))]).toEqual(model.filter((x) => x >= probe));
      }),
      { numRuns: 50 },
    );
  });

  test('inserts waiting for the next read are in place for every kind of read, after bursts small and large', () => {
    const burst = fc.oneof(
      fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 8 }),
      fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 500, maxLength: 4000 }),
      fc.integer({ min: 0, max: 5000 }).map((start) => Array.from({ length: 1500 }, (_, i) => start + i)),
    );
    const read = fc.constantFrom('iterate', 'seek', 'back', 'ordinal', 'remove');
    fc.assert(
      fc.property(fc.array(fc.tuple(burst, read, fc.integer({ min: 0, max: 5000 })), { minLength: 1, maxLength: 12 }), (steps) => {
        const list = new SortedList<number>((a, b) => a - b);
        const model: number[] = [];
        for (const [values, kind, probe] of steps) {
          for (const v of values) list.insert(v);
          model.push(...values);
          model.sort((a, b) => a - b);
          expect(list.size).toBe(model.length);
          const at = list.seek((x) => x < probe);
          const before = model.filter((x) => x < probe);
          if (kind === 'iterate') expect([...list.iterate()]).toEqual(model);
          if (kind === 'seek') expect([...list.iterate(at)]).toEqual(model.slice(before.length));
          if (kind === 'back') expect([...list.iterateBack(at)]).toEqual(before.reverse());
          if (kind === 'ordinal') expect(list.ordinal(at)).toBe(before.length);
          if (kind === 'remove') {
            const found = model.indexOf(probe);
            expect(list.remove(probe)).toBe(found >= 0);
            if (found >= 0) model.splice(found, 1);
          }
        }
        expect([...list.iterate()]).toEqual(model);
      }),
      { numRuns: 40 },
    );
  });
});

describe('the order of index keys', () => {
  // Plain numbers, strings and dates are compared on a shorter path than BSON's wrapped values:
  // both paths must give the order mongod gives.
  const scalar = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -0, NaN, Infinity, -Infinity), fc.string({ maxLength: 4 }), fc.date({ noInvalidDate: true }), fc.constantFrom(null, undefined, true, false));
  const wrapped = (v: unknown): unknown => (typeof v === 'number' ? new BSON.Double(v) : typeof v === 'string' ? new BSON.BSONSymbol(v) : v);
  const sign = (n: number) => Math.sign(n) || 0; // -0 is 0

  test('plain scalars compare as their BSON-wrapped forms, and the order is antisymmetric', () => {
    fc.assert(
      fc.property(scalar, scalar, (a, b) => {
        expect(sign(compareValues(a, b))).toBe(sign(compareValues(wrapped(a), wrapped(b))));
        expect(sign(compareValues(a, b))).toBe(sign(-compareValues(b, a)));
      }),
      { numRuns: 2000 },
    );
  });

  test('a compound index holds one key per combination of the values on its paths', () => {
    const value = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(undefined), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }));
    fc.assert(
      fc.property(value, value, fc.boolean(), (a, c, sparseIfNoArray) => {
        // (A sparse index over an empty array is left aside: an edge of its own, not this property.)
        const sparse = sparseIfNoArray && !Array.isArray(a) && !Array.isArray(c);
        const doc: Document = { _id: 1, ...(a === undefined ? {} : { a }), b: c === undefined ? {} : { c } };
        const index = new Index({ v: 2, key: { a: 1, 'b.c': 1 }, name: 'a_1_b.c_1', ...(sparse ? { sparse: true } : {}) });
        const per = ['a', 'b.c'].map((path) => [...new Set(valuesAtPath(doc, path).map((v) => (v === undefined ? null : v)))].sort());
        const expected = per[0]!.flatMap((x) => per[1]!.map((y) => [x, y]));
        const keys = index.keysOf(doc);
        if (sparse && a === undefined && c === undefined) expect(keys).toBeNull();
        else {
          expect(keys?.keys.slice().sort()).toEqual(expected.sort());
          expect(keys?.multikey).toBe(Array.isArray(a) || Array.isArray(c));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('indexes kept up to date change by change', () => {
  // Inserts skip the _id index's search when the stored documents alone tell a duplicate, and
  // updates leave alone the indexes whose keys they do not change: after any sequence of writes,
  // every index holds what a rebuild from the documents holds, and duplicates are refused as mongod
  // refuses them (an _id of 1, 1.0 and Decimal128 1 is the same _id).
  const ids = [1, 2, 'a', 'b', new BSON.Double(1), new BSON.Int32(2), BSON.Decimal128.fromString('1'), BSON.Decimal128.fromString('3'), { k: 1 }, { k: new BSON.Double(1) }];
  const sameId = (a: unknown, b: unknown): boolean => {
    const n = (v: unknown) => (typeof v === 'number' ? v : v instanceof BSON.Double || v instanceof BSON.Int32 ? v.valueOf() : v instanceof BSON.Decimal128 ? Number(v.toString()) : undefined);
    if (n(a) !== undefined || n(b) !== undefined) return n(a) === n(b);
    if (typeof a === 'string' || typeof b === 'string') return a === b;
    return JSON.stringify(a) === JSON.stringify({ k: 1 }) && JSON.stringify(b) === JSON.stringify({ k: 1 });
  };
  const op = fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), id: fc.nat({ max: ids.length - 1 }), tag: fc.nat({ max: 3 }), code: fc.nat({ max: 5 }) }),
    fc.record({ kind: fc.constant('update' as const), id: fc.nat({ max: ids.length - 1 }), tag: fc.nat({ max: 3 }), code: fc.nat({ max: 5 }), note: fc.nat({ max: 9 }) }),
    fc.record({ kind: fc.constant('delete' as const), id: fc.nat({ max: ids.length - 1 }) }),
  );

  test('every index equals its rebuild, and duplicates are refused as mongod refuses them', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const ctx = context();
        run(ctx, { createIndexes: 'c', indexes: [{ key: { tag: 1 }, name: 'tag_1' }, { key: { code: 1 }, name: 'code_1', unique: true, sparse: true }, { key: { tags: 1 }, name: 'tags_1' }] });
        const model: { id: unknown; code?: number }[] = [];
        for (const o of ops) {
          const _id = ids[o.id];
          if (o.kind === 'insert') {
            const reply = dispatch({ insert: 'c', documents: [{ _id, tag: o.tag, code: o.code, tags: [o.tag, o.code] }] }, ctx);
            ctx.storage.takeOps();
            const duplicate = model.some((d) => sameId(d.id, _id) || d.code === o.code);
            expect((reply.writeErrors as Document[] | undefined)?.[0]?.code).toBe(duplicate ? 11000 : undefined);
            if (!duplicate) model.push({ id: _id, code: o.code });
          } else if (o.kind === 'update') {
            const target = model.find((d) => sameId(d.id, _id));
            // Only the note changes, or the tag and the unique code too.
            const set = o.note % 2 === 0 ? { note: o.note } : { note: o.note, tag: o.tag, code: o.code, tags: [o.tag] };
            const reply = dispatch({ update: 'c', updates: [{ q: { _id }, u: { $set: set } }] }, ctx);
            ctx.storage.takeOps();
            const taken = 'code' in set && model.some((d) => d !== target && d.code === set.code);
            expect((reply.writeErrors as Document[] | undefined)?.[0]?.code).toBe(target && taken ? 11000 : undefined);
            if (target && !taken && 'code' in set) target.code = set.code;
          } else {
            run(ctx, { delete: 'c', deletes: [{ q: { _id }, limit: 1 }] });
            const at = model.findIndex((d) => sameId(d.id, _id));
            if (at >= 0) model.splice(at, 1);
          }
        }
        const coll = ctx.storage.collection('unit', 'c')!;
        expect(coll.docs.size).toBe(model.length);
        for (const index of coll.indexes) {
          const rebuilt = new Index(index.spec);
          rebuilt.load(coll.docs.entries());
          // Keys compared as BSON values: an Int32 written here is a plain 2 once stored and read back.
          const entries = [...index.entries.iterate()];
          const rebuiltEntries = [...rebuilt.entries.iterate()];
          expect(entries.map(entryId)).toEqual(rebuiltEntries.map(entryId));
          entries.forEach((e, i) => expect(compareKeys(e, rebuiltEntries[i]!)).toBe(0));
          expect([...index.multikey].sort()).toEqual([...rebuilt.multikey].sort());
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('index scans over arrays', () => {
  // A document with an array on an indexed path has one entry per distinct element. A count or a
  // find through such an index skips the de-duplication only when the scan fixes every such field
  // to one value: what it answers equals what matching every document answers.
  const value = fc.constantFrom('a', 'b', 'c');
  const doc = fc.record({ unit: fc.constantFrom(1, 2), groups: fc.oneof(value, fc.array(value, { maxLength: 4 })), status: fc.constantFrom('open', 'claimed', 'done'), due: fc.nat({ max: 5 }) });
  const filter = fc.oneof(
    fc.record({ unit: fc.constantFrom(1, 2), groups: value }),
    fc.record({ unit: fc.constantFrom(1, 2), groups: value, status: fc.constantFrom('open', 'claimed') }),
    fc.record({ unit: fc.constantFrom(1, 2), groups: value, status: fc.constant({ $in: ['open', 'claimed'] }), $and: fc.constant([{ status: 'open' }]) }),
    fc.record({ unit: fc.constantFrom(1, 2), groups: fc.constant({ $in: ['a', 'b'] }) }),
    fc.record({ unit: fc.constantFrom(1, 2), groups: value, status: fc.constant('open'), due: fc.constant({ $gte: 2 }) }),
    fc.record({ unit: fc.constantFrom(1, 2) }),
  );

  test('count and find match every document exactly once', () => {
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 40 }), filter, (docs, query) => {
        const ctx = context();
        run(ctx, { createIndexes: 'c', indexes: [{ key: { unit: 1, groups: 1, status: 1, due: 1 }, name: 'queue' }] });
        if (docs.length > 0) run(ctx, { insert: 'c', documents: docs.map((d, i) => ({ _id: i, ...d })) });
        const expected = docs.map((d, i) => ({ _id: i, ...d })).filter((d) => new Query(query as AnyObject).test(d as AnyObject));
        expect(run(ctx, { count: 'c', query }).n).toBe(expected.length);
        const found = (run(ctx, { find: 'c', filter: query, sort: { due: 1, _id: 1 }, batchSize: 1000 }).cursor as Document).firstBatch as Document[];
        expect(found.map((d) => d._id)).toEqual(expected.sort((x, y) => x.due - y.due || x._id - y._id).map((d) => d._id));
      }),
      { numRuns: 500 },
    );
  });
});

describe('write concern j: false', () => {
  test('is acknowledged once applied, before its record is on disk; a journaled write waits for the disk', async () => {
    const storage = new Storage();
    const appended: Document[][] = [];
    let written!: () => void;
    // A journal whose writes finish only when the test says so.
    const journal = {
      append: (ops: Document[]) => {
        appended.push(ops);
        return new Promise<void>((resolve) => (written = resolve));
      },
    } as unknown as Journal;
    const { server, logger } = context();
    const engine = new Engine(storage, new Cursors(), new TtlMonitor(storage, async () => {}), journal, logger, server);

    const unjournaled = await engine.execute({ insert: 'c', documents: [{ _id: 1 }], writeConcern: { j: false } }, 'unit', 1);
    expect(unjournaled.ok).toBe(1);
    expect(appended).toHaveLength(1); // handed to the journal, in order, and not waited for

    let acknowledged = false;
    const journaled = engine.execute({ insert: 'c', documents: [{ _id: 2 }] }, 'unit', 1).then((reply) => {
      acknowledged = true;
      return reply;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(acknowledged).toBe(false);
    expect(appended).toHaveLength(2);
    written();
    expect((await journaled).ok).toBe(1);
    expect(storage.collection('unit', 'c')?.docs.size).toBe(2);
  });

  test('a journaled write that changes nothing still waits for the unjournaled writes before it', async () => {
    const storage = new Storage();
    let written!: () => void;
    let lastRecord: Promise<void> = Promise.resolve();
    const journal = {
      append: () => (lastRecord = new Promise<void>((resolve) => (written = resolve))),
      written: () => lastRecord,
    } as unknown as Journal;
    const { server, logger } = context();
    const engine = new Engine(storage, new Cursors(), new TtlMonitor(storage, async () => {}), journal, logger, server);
    await engine.execute({ insert: 'c', documents: [{ _id: 1 }], writeConcern: { j: false } }, 'unit', 1);

    let acknowledged = false;
    const noChange = engine.execute({ update: 'c', updates: [{ q: { _id: 2 }, u: { $set: { x: 1 } } }] }, 'unit', 1).then((reply) => {
      acknowledged = true;
      return reply;
    });
    // A read does not wait.
    expect((await engine.execute({ find: 'c', filter: {} }, 'unit', 1)).ok).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(acknowledged).toBe(false);
    written();
    expect((await noChange).n).toBe(0);
  });
});

describe('projections of top-level fields', () => {
  test('give what mingo projects, _id first, and refuse what mingo refuses', () => {
    const value = fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.constant(null), fc.record({ x: fc.integer() }), fc.array(fc.integer(), { maxLength: 2 }));
    const doc = fc.record({ a: value, b: value, c: value, d: value }, { requiredKeys: [] });
    const projection = fc.dictionary(fc.constantFrom('_id', 'a', 'b', 'c', 'e'), fc.constantFrom(0, 1, true, false), { minKeys: 1, maxKeys: 4 });
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 5 }), projection, (docs, proj) => {
        const ctx = context();
        const stored = docs.map((d, i) => ({ _id: i, ...d }));
        run(ctx, { insert: 'c', documents: stored });
        const reply = dispatch({ find: 'c', filter: {}, projection: proj, sort: { _id: 1 } }, ctx);
        let want: Document[] | undefined;
        try {
          want = stored.map((d) => {
            const out = new Query({}).find<Document>([structuredClone(d)], proj as AnyObject).next() as Document;
            return '_id' in out ? { _id: out._id, ...out } : out;
          });
        } catch {
          want = undefined;
        }
        if (!want) return expect(reply.ok).toBe(0);
        expect(reply.ok).toBe(1);
        const got = (reply.cursor as Document).firstBatch as Document[];
        expect(got.map((d) => Object.keys(d))).toEqual(want.map((d) => Object.keys(d)));
        expect(got).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});
