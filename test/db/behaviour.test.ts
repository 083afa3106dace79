// Behaviour of the database layer as the application sees it through mongoose and the driver.
// Runs against the embedded server, and against a real MongoDB when MONGODB_URI is set, so every
// expectation here is also checked against the real thing.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { Double, Int32, Long } from 'bson';
import mongoose, { type Connection } from 'mongoose';
import { useTestDatabase, usingRealMongo, type TestDatabase } from '../support/mongo.js';

type Doc = Record<string, unknown>;

let testDb: TestDatabase;
let conn: Connection;

function db(): NonNullable<Connection['db']> {
  if (!conn.db) throw new Error('not connected');
  return conn.db;
}

/** Error properties as the driver exposes them. */
function fields(err: unknown): Doc {
  return err as Doc;
}

async function failure(p: Promise<unknown>): Promise<Doc> {
  try {
    await p;
  } catch (err) {
    return fields(err);
  }
  throw new Error('expected the operation to fail');
}

beforeAll(async () => {
  testDb = await useTestDatabase();
  conn = await mongoose.createConnection(testDb.uri, { monitorCommands: true, serverSelectionTimeoutMS: 5000 }).asPromise();
});

afterAll(async () => {
  await conn?.close();
  await testDb?.close();
});

describe('mongoose CRUD and populate', () => {
  const userSchema = new mongoose.Schema({ email: { type: String, required: true, unique: true }, name: String, age: Number }, { timestamps: true });
  const postSchema = new mongoose.Schema({ title: String, author: { type: mongoose.Schema.Types.ObjectId, ref: 'CrudUser' }, tags: [String] });

  test('create, read, update and delete documents', async () => {
    const User = conn.model('CrudUser', userSchema);
    await User.init();
    const ada = await User.create({ email: 'ada@example.no', name: 'Ada', age: 36 });
    await User.create([{ email: 'bo@example.no', name: 'Bo', age: 20 }, { email: 'cy@example.no', name: 'Cy', age: 52 }]);

    const found = await User.findById(ada._id).lean();
    expect(found?.email).toBe('ada@example.no');
    expect(found?.createdAt).toBeInstanceOf(Date);

    const adults = await User.find({ age: { $gte: 30 } }).sort({ age: -1 }).select('name -_id').lean();
    expect(adults).toEqual([{ name: 'Cy' }, { name: 'Ada' }]);

    const res = await User.updateOne({ _id: ada._id }, { $set: { name: 'Ada L.' }, $inc: { age: 1 } });
    expect(res.matchedCount).toBe(1);
    expect(res.modifiedCount).toBe(1);
    const same = await User.updateOne({ _id: ada._id }, { $set: { name: 'Ada L.' } }, { timestamps: false });
    expect(same.modifiedCount).toBe(0);
    expect((await User.findById(ada._id).lean())?.age).toBe(37);

    const removed = await User.deleteMany({ age: { $lt: 40 } });
    expect(removed.deletedCount).toBe(2);
    expect(await User.countDocuments()).toBe(1);
    expect(await User.estimatedDocumentCount()).toBe(1);
  });

  test('populate follows references', async () => {
    const User = conn.model('PopUser', new mongoose.Schema({ name: String }));
    const Post = conn.model('PopPost', new mongoose.Schema({ title: String, author: { type: mongoose.Schema.Types.ObjectId, ref: 'PopUser' } }));
    const author = await User.create({ name: 'Ines' });
    await Post.create({ title: 'Plan', author: author._id });
    const post = await Post.findOne({ title: 'Plan' }).populate<{ author: { name: string } }>('author').lean();
    expect(post?.author.name).toBe('Ines');
  });

  test('unique index violations surface as E11000 with keyPattern and keyValue', async () => {
    const User = conn.model('UniqueUser', userSchema);
    await User.init();
    await User.create({ email: 'dup@example.no' });
    const err = await failure(User.create({ email: 'dup@example.no' }));
    expect(err.code).toBe(11000);
    expect(err.keyPattern).toEqual({ email: 1 });
    expect(err.keyValue).toEqual({ email: 'dup@example.no' });
    expect(String(err.message)).toContain('E11000 duplicate key error collection: ');
    expect(String(err.message)).toContain('index: email_1 dup key: { email: "dup@example.no" }');

    const other = await User.create({ email: 'other@example.no' });
    const upd = await failure(User.updateOne({ _id: other._id }, { $set: { email: 'dup@example.no' } }));
    expect(upd.code).toBe(11000);
    const fam = await failure(User.findOneAndUpdate({ _id: other._id }, { $set: { email: 'dup@example.no' } }, { returnDocument: 'after' }));
    expect(fam.code).toBe(11000);
    expect(fam.codeName).toBe('DuplicateKey');
    expect(fam.keyValue).toEqual({ email: 'dup@example.no' });
    expect((await User.findById(other._id).lean())?.email).toBe('other@example.no');
  });

  test('tags and array fields are queryable by element', async () => {
    const Post = conn.model('TagPost', postSchema);
    await Post.create([{ title: 'a', tags: ['x', 'y'] }, { title: 'b', tags: ['y'] }, { title: 'c', tags: [] }]);
    const withX = await Post.find({ tags: 'x' }).lean();
    expect(withX.map((p) => p.title)).toEqual(['a']);
    const withY = await Post.find({ tags: { $in: ['y'] } }).sort({ title: 1 }).lean();
    expect(withY.map((p) => p.title)).toEqual(['a', 'b']);
  });
});

describe('atomic conditional updates', () => {
  test('with many concurrent claimers exactly one wins', async () => {
    const Task = conn.model('ClaimTask', new mongoose.Schema({ status: String, assignee: String }));
    const task = await Task.create({ status: 'open' });
    const claimers = Array.from({ length: 25 }, (_, i) => `worker-${i}`);
    const results = await Promise.all(
      claimers.map((assignee) => Task.findOneAndUpdate({ _id: task._id, status: 'open' }, { $set: { status: 'claimed', assignee } }, { returnDocument: 'after' }).lean()),
    );
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.status).toBe('claimed');
    const stored = await Task.findById(task._id).lean();
    expect(stored?.assignee).toBe(winners[0]?.assignee);
  });

  test('findOneAndUpdate with sort, projection, upsert and remove', async () => {
    const c = db().collection('fam');
    await c.insertMany([{ q: 'a', p: 3 }, { q: 'a', p: 1 }, { q: 'a', p: 2 }]);
    const lowest = await c.findOneAndUpdate({ q: 'a' }, { $set: { taken: true } }, { sort: { p: 1 }, projection: { _id: 0, p: 1, taken: 1 }, returnDocument: 'after' });
    expect(lowest).toEqual({ p: 1, taken: true });
    const before = await c.findOneAndUpdate({ q: 'a', taken: { $exists: false } }, { $set: { taken: true } }, { sort: { p: -1 }, returnDocument: 'before' });
    expect(before?.p).toBe(3);
    expect(before?.taken).toBeUndefined();
    const created = await c.findOneAndUpdate({ q: 'new' }, { $set: { p: 9 } }, { upsert: true, returnDocument: 'after' });
    expect(created).toMatchObject({ q: 'new', p: 9 });
    const gone = await c.findOneAndDelete({ q: 'new' });
    expect(gone?.p).toBe(9);
    expect(await c.countDocuments({ q: 'new' })).toBe(0);
    expect(await c.findOneAndUpdate({ q: 'none' }, { $set: { p: 1 } })).toBeNull();
  });
});

describe('aggregation and counting', () => {
  beforeAll(async () => {
    await db().collection('customers').insertMany([
      { _id: 1 as never, name: 'Oslo kommune' },
      { _id: 2 as never, name: 'Bergen kommune' },
    ]);
    await db().collection('orders').insertMany([
      { customer: 1, amount: 10, status: 'open' },
      { customer: 1, amount: 5, status: 'done' },
      { customer: 2, amount: 7, status: 'open' },
      { customer: 2, amount: 1, status: 'open' },
      { customer: 3, amount: 100, status: 'open' },
    ]);
  });

  test('$match, $group, $sort and $lookup', async () => {
    const rows = await db()
      .collection('orders')
      .aggregate([
        { $match: { status: 'open' } },
        { $group: { _id: '$customer', total: { $sum: '$amount' }, n: { $sum: 1 } } },
        { $sort: { total: -1 } },
        { $lookup: { from: 'customers', localField: '_id', foreignField: '_id', as: 'customer' } },
        { $project: { _id: 1, total: 1, n: 1, name: { $first: '$customer.name' } } },
      ])
      .toArray();
    expect(rows).toEqual([
      { _id: 3, total: 100, n: 1 },
      { _id: 1, total: 10, n: 1, name: 'Oslo kommune' },
      { _id: 2, total: 8, n: 2, name: 'Bergen kommune' },
    ]);
    // The aggregation must not have altered the stored documents.
    expect(await db().collection('customers').findOne({ _id: 1 as never })).toEqual({ _id: 1, name: 'Oslo kommune' });
  });

  test('countDocuments and distinct', async () => {
    const orders = db().collection('orders');
    expect(await orders.countDocuments({ status: 'open' })).toBe(4);
    expect(await orders.countDocuments({ status: 'open' }, { skip: 1, limit: 2 })).toBe(2);
    expect(await orders.countDocuments({ status: 'nope' })).toBe(0);
    expect((await orders.distinct('customer')).sort()).toEqual([1, 2, 3]);
    expect((await orders.distinct('customer', { amount: { $gt: 6 } })).sort()).toEqual([1, 2, 3]);
    expect(await db().collection('missing').countDocuments()).toBe(0);
  });
});

describe('cursors', () => {
  beforeAll(async () => {
    await db().collection('many').insertMany(Array.from({ length: 250 }, (_, i) => ({ i })));
  });

  test('iterating more than one batch uses getMore', async () => {
    const getMores: number[] = [];
    const onStart = (e: { commandName: string; databaseName: string }): void => {
      if (e.commandName === 'getMore' && e.databaseName === testDb.dbName) getMores.push(1);
    };
    const client = conn.getClient();
    client.on('commandStarted', onStart);
    try {
      const seen: number[] = [];
      for await (const d of db().collection('many').find({}, { sort: { i: 1 } })) seen.push(d.i as number);
      expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i));
      expect(getMores.length).toBeGreaterThanOrEqual(1);
      const limited = await db().collection('many').find({ i: { $gte: 100 } }, { sort: { i: -1 }, limit: 120, batchSize: 50 }).toArray();
      expect(limited).toHaveLength(120);
      expect(limited[0]?.i).toBe(249);
      expect(limited[119]?.i).toBe(130);
    } finally {
      client.off('commandStarted', onStart);
    }
  });

  test('closing a cursor early kills it on the server', async () => {
    const cursor = db().collection('many').find({});
    await cursor.next();
    const id = cursor.id;
    expect(id).toBeDefined();
    expect(id?.isZero()).toBe(false);
    await cursor.close();
    const err = await failure(db().command({ getMore: id, collection: 'many' }));
    expect(err.code).toBe(43);
  });
});

describe('TTL indexes', () => {
  test('expired documents are removed by the TTL monitor', async () => {
    const admin = db().admin();
    const set = await admin.command({ setParameter: 1, ttlMonitorSleepSecs: 1 });
    try {
      const c = db().collection('sessions');
      await c.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
      await c.insertMany([
        { name: 'expired', expiresAt: new Date(Date.now() - 60_000) },
        { name: 'alive', expiresAt: new Date(Date.now() + 3_600_000) },
        { name: 'no date', expiresAt: 'tomorrow' },
      ]);
      const deadline = Date.now() + (usingRealMongo ? 150_000 : 10_000);
      while ((await c.countDocuments({ name: 'expired' })) > 0) {
        if (Date.now() > deadline) throw new Error('TTL monitor did not remove the expired document in time');
        await new Promise((r) => setTimeout(r, 100));
      }
      const left = (await c.find({}, { projection: { _id: 0, name: 1 } }).toArray()).map((d) => d.name as string).sort();
      expect(left).toEqual(['alive', 'no date']);
    } finally {
      await admin.command({ setParameter: 1, ttlMonitorSleepSecs: set.was as number });
    }
  }, 180_000);
});

describe('collections and indexes', () => {
  test('drop and re-create a collection', async () => {
    const d = db();
    await d.createCollection('cycle');
    await d.createCollection('cycle'); // identical options succeed, as on current mongod
    const other = await failure(d.createCollection('cycle', { capped: true, size: 65536 }));
    expect(other.code).toBe(48);
    expect(other.codeName).toBe('NamespaceExists');
    await d.collection('cycle').createIndex({ code: 1 }, { unique: true });
    await d.collection('cycle').insertOne({ code: 'a' });
    expect(await d.collection('cycle').drop()).toBe(true);
    expect((await d.listCollections({ name: 'cycle' }).toArray()).length).toBe(0);
    const missing = await failure(d.command({ listIndexes: 'cycle' }));
    expect(missing.code).toBe(26);
    await d.collection('cycle').insertOne({ code: 'a' });
    await d.collection('cycle').insertOne({ code: 'a' });
    expect(await d.collection('cycle').countDocuments()).toBe(2);
    const names = (await d.collection('cycle').listIndexes().toArray()).map((i) => i.name as string);
    expect(names).toEqual(['_id_']);
    const list = await d.listCollections({}, { nameOnly: true }).toArray();
    expect(list.map((c) => c.name)).toContain('cycle');
    await expect(d.collection('never-existed').drop()).resolves.toBeDefined();
  });

  test('index option conflicts and dropping indexes', async () => {
    const c = db().collection('ixconf');
    await c.createIndex({ a: 1 }, { name: 'a_1' });
    await c.createIndex({ a: 1 }, { name: 'a_1' });
    expect((await failure(c.createIndex({ b: 1 }, { name: 'a_1' }))).code).toBe(86);
    expect((await failure(c.createIndex({ a: 1 }, { name: 'other' }))).code).toBe(85);
    await c.dropIndex('a_1');
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    expect((await failure(c.dropIndex('a_1'))).code).toBe(27);
  });

  test('sparse and partial unique indexes', async () => {
    const sparse = db().collection('sparse');
    await sparse.createIndex({ nick: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ name: 'a' }, { name: 'b' }, { nick: 'x' }]);
    expect((await failure(sparse.insertOne({ nick: 'x' }))).code).toBe(11000);

    const partial = db().collection('partial');
    await partial.createIndex({ email: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await partial.insertMany([
      { email: 'a@x', active: false },
      { email: 'a@x', active: false },
      { email: 'a@x', active: true },
    ]);
    const err = await failure(partial.insertOne({ email: 'a@x', active: true }));
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ email: 'a@x' });
    expect(await partial.countDocuments({ email: 'a@x' })).toBe(3);
  });

  test('compound unique indexes and building a unique index over duplicates', async () => {
    const c = db().collection('compound');
    await c.createIndex({ kommune: 1, nr: 1 }, { unique: true });
    await c.insertMany([
      { kommune: 'Oslo', nr: 1 },
      { kommune: 'Oslo', nr: 2 },
      { kommune: 'Bergen', nr: 1 },
    ]);
    const err = await failure(c.insertOne({ kommune: 'Oslo', nr: 2 }));
    expect(err.code).toBe(11000);
    expect(err.keyPattern).toEqual({ kommune: 1, nr: 1 });
    expect(err.keyValue).toEqual({ kommune: 'Oslo', nr: 2 });

    const d = db().collection('dups');
    await d.insertMany([{ k: 1 }, { k: 1 }]);
    expect((await failure(d.createIndex({ k: 1 }, { unique: true }))).code).toBe(11000);
    expect((await d.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  test('an indexed lookup among 100 000 documents examines only the index range', async () => {
    const c = db().collection('large');
    await c.createIndex({ n: 1 });
    const docs = Array.from({ length: 100_000 }, (_, i) => ({ n: i, m: i, g: i % 100 }));
    await c.insertMany(docs, { ordered: false });

    const hit = await c.find({ n: 77_777 }).explain('executionStats');
    expect(JSON.stringify(hit.queryPlanner.winningPlan)).toContain('IXSCAN');
    expect(hit.executionStats.nReturned).toBe(1);
    expect(hit.executionStats.totalDocsExamined).toBe(1);

    const range = await c.find({ n: { $gte: 500, $lt: 520 } }).explain('executionStats');
    expect(range.executionStats.nReturned).toBe(20);
    expect(range.executionStats.totalDocsExamined).toBe(20);

    const inList = await c.find({ n: { $in: [3, 5, 99_999] } }).explain('executionStats');
    expect(inList.executionStats.nReturned).toBe(3);
    expect(inList.executionStats.totalDocsExamined).toBe(3);

    const scan = await c.find({ m: 77_777 }).explain('executionStats');
    expect(JSON.stringify(scan.queryPlanner.winningPlan)).toContain('COLLSCAN');
    expect(scan.executionStats.totalDocsExamined).toBe(100_000);

    expect(await c.findOne({ n: 99_999 }, { projection: { _id: 0, m: 1 } })).toEqual({ m: 99_999 });
    expect(await c.countDocuments({ g: 7, n: { $lt: 1000 } })).toBe(10);
  }, 120_000);
});

describe('indexes never change results', () => {
  // A small value domain, so that generated filters often hit stored values exactly.
  const scalar = fc.constantFrom<unknown>(0, 1, 2, 3, 1.5, -1, 'a', 'b', '', null, true, false, new Date(Date.UTC(2024, 0, 1)), new Date(Date.UTC(2024, 0, 2)));
  const value = fc.oneof({ weight: 6, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.record({ x: scalar }) });
  const doc = fc.record({ a: value, b: scalar }, { requiredKeys: [] });
  const op = fc.constantFrom('$gt', '$gte', '$lt', '$lte');
  const condition = fc.oneof(
    scalar,
    scalar.map((v) => ({ $eq: v })),
    fc.array(scalar, { maxLength: 3 }).map((v) => ({ $in: v })),
    fc.tuple(op, scalar).map(([o, v]) => ({ [o]: v })),
    fc.tuple(op, scalar, op, scalar).map(([o1, v1, o2, v2]) => ({ [o1]: v1, [o2]: v2 })),
    fc.tuple(op, scalar, scalar).map(([o, v, n]) => ({ [o]: v, $ne: n })),
  );
  const filter = fc.oneof(
    condition.map((c) => ({ a: c })),
    fc.tuple(condition, scalar).map(([c, b]) => ({ a: c, b })),
    fc.tuple(condition, condition).map(([c1, c2]) => ({ $and: [{ a: c1 }, { a: c2 }] })),
    condition.map((c) => ({ 'a.x': c })),
  );

  test('finds on an indexed field return what a collection scan returns', async () => {
    const plain = db().collection('prop_plain');
    const indexed = db().collection('prop_indexed');
    const dotted = db().collection('prop_dotted');
    await indexed.createIndex({ a: 1, b: 1 });
    await dotted.createIndex({ 'a.x': 1 });
    await fc.assert(
      fc.asyncProperty(fc.array(doc, { maxLength: 30 }), fc.array(filter, { minLength: 1, maxLength: 6 }), async (docs, filters) => {
        const rows = docs.map((d, i) => ({ _id: i, ...d }));
        for (const c of [plain, indexed, dotted]) {
          await c.deleteMany({});
          if (rows.length) await c.insertMany(rows as never[]);
        }
        for (const f of filters) {
          const expected = await plain.find(f as never, { sort: { _id: 1 } }).toArray();
          expect(await indexed.find(f as never, { sort: { _id: 1 } }).toArray()).toEqual(expected);
          expect(await dotted.find(f as never, { sort: { _id: 1 } }).toArray()).toEqual(expected);
        }
      }),
      { numRuns: 100 },
    );
  });

  test('a find with an inclusion projection returns what an aggregation projecting whole documents returns, by _id, through an index and in index order', async () => {
    const plain = db().collection('prop_projected_plain');
    const indexed = db().collection('prop_projected_indexed');
    await indexed.createIndex({ a: 1 });
    await indexed.createIndex({ b: 1 });
    const listed = fc.oneof(fc.record({ x: scalar, y: scalar }, { requiredKeys: [] }), scalar, fc.array(fc.record({ x: scalar }), { maxLength: 2 }));
    const extra = fc.record({ c: value, d: fc.record({ e: scalar, f: fc.array(scalar, { maxLength: 2 }) }), g: fc.oneof(fc.array(listed, { maxLength: 3 }), listed) }, { requiredKeys: [] });
    const paths = ['a', 'b', 'c', 'd', 'g', 'a.x', 'd.e', 'd.f', 'g.x', 'g.y'];
    const projection = fc
      .tuple(fc.subarray(paths), fc.constantFrom<'kept' | 'left out' | 'unsaid'>('kept', 'left out', 'unsaid'))
      .filter(([keep]) => keep.length > 0 && !keep.some((k) => keep.includes(k.split('.')[0]!) && k.includes('.')));
    const find = fc.oneof(
      filter.map((f) => ({ f, sort: { _id: 1 } as const, limit: 0 })),
      filter.map((f) => ({ f, sort: { b: 1, _id: 1 } as const, limit: 3 })),
      fc.array(fc.nat(40), { maxLength: 4 }).map((ids) => ({ f: { _id: { $in: ids.map((i) => `id-${i}`) } } as Doc, sort: { _id: 1 } as const, limit: 0 })),
      fc.tuple(fc.nat(40), filter).map(([id, f]) => ({ f: { ...f, _id: `id-${id}` } as Doc, sort: { _id: 1 } as const, limit: 0 })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(doc, extra), { maxLength: 30 }), fc.array(fc.tuple(find, projection), { minLength: 1, maxLength: 6 }), async (docs, finds) => {
        // String ids, which a find by _id looks up directly.
        const rows = docs.map(([d, more], i) => ({ _id: `id-${i}`, ...d, ...more }));
        for (const c of [plain, indexed]) {
          await c.deleteMany({});
          if (rows.length) await c.insertMany(rows as never[]);
        }
        for (const [{ f, sort, limit }, [keep, id]] of finds) {
          const projection = { ...(id === 'unsaid' ? {} : { _id: id === 'kept' ? 1 : 0 }), ...Object.fromEntries(keep.map((k) => [k, 1])) };
          const options = { sort, limit, projection };
          // The reference: the same selection as an aggregation, which projects whole documents.
          const expected = await plain.aggregate([{ $match: f }, { $sort: sort }, ...(limit ? [{ $limit: limit }] : []), { $project: projection }]).toArray();
          expect(await plain.find(f as never, options).toArray()).toEqual(expected);
          expect(await indexed.find(f as never, options).toArray()).toEqual(expected);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('write batches', () => {
  test('ordered inserts stop at the first error, unordered continue', async () => {
    const c = db().collection('batches');
    await c.insertOne({ _id: 3 as never });
    const ordered = await failure(c.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }, { _id: 4 }] as never[], { ordered: true }));
    expect(ordered.code).toBe(11000);
    expect((ordered.writeErrors as Doc[]).map((e) => e.index ?? (e as { err?: Doc }).err?.index)).toEqual([2]);
    expect((await c.find({}, { sort: { _id: 1 } }).toArray()).map((d) => d._id)).toEqual([1, 2, 3]);

    const unordered = await failure(c.insertMany([{ _id: 5 }, { _id: 1 }, { _id: 6 }, { _id: 2 }, { _id: 7 }] as never[], { ordered: false }));
    const indexes = (unordered.writeErrors as Doc[]).map((e) => e.index ?? (e as { err?: Doc }).err?.index);
    expect(indexes).toEqual([1, 3]);
    expect((await c.find({}, { sort: { _id: 1 } }).toArray()).map((d) => d._id)).toEqual([1, 2, 3, 5, 6, 7]);
  });

  test('each inserted document is kept as sent, from a command body and from a document sequence', async () => {
    const c = db().collection('as-sent');
    const sent = (tag: string): Doc[] => [
      { _id: `${tag}-1`, n: new Int32(1), d: new Double(2), l: Long.fromNumber(3), s: 'x', nested: { k: [1, { m: 2 }] } },
      { v: 'id not first', _id: `${tag}-2` },
      { _id: `${tag}-3`, documents: [{ x: 1 }] },
      { w: `${tag} without an id` },
    ];
    await db().command({ insert: 'as-sent', documents: sent('body'), ordered: true });
    await c.insertMany(sent('sequence') as never[]);
    for (const tag of ['body', 'sequence']) {
      expect(await c.countDocuments({ _id: `${tag}-1` as never, n: { $type: 'int' }, d: { $type: 'double' }, l: { $type: 'long' } })).toBe(1);
      expect(await c.findOne({ _id: `${tag}-1` as never })).toEqual({ _id: `${tag}-1`, n: 1, d: 2, l: 3, s: 'x', nested: { k: [1, { m: 2 }] } });
      expect(Object.entries((await c.findOne({ _id: `${tag}-2` as never }))!)).toEqual([
        ['_id', `${tag}-2`],
        ['v', 'id not first'],
      ]);
      expect(await c.findOne({ _id: `${tag}-3` as never })).toEqual({ _id: `${tag}-3`, documents: [{ x: 1 }] });
      expect(Object.keys((await c.findOne({ w: `${tag} without an id` }))!)).toEqual(['_id', 'w']);
    }
  });

  test('documents inserted into an indexed collection are kept whole and found through each index', async () => {
    const c = db().collection('indexed-inserts');
    await c.createIndexes([{ key: { 'to.userId': 1, createdAt: -1 } }, { key: { key: 1 }, unique: true }, { key: { tags: 1 } }]);
    const at = new Date('2026-12-06T08:00:00Z');
    const sent = (tag: string, n: number): Doc[] =>
      Array.from({ length: n }, (_, i) => ({ _id: `${tag}-${i}`, key: `${tag}-key-${i}`, to: { userId: `user-${i % 3}`, email: `${i}@example.org` }, tags: ['a', `t${i}`], text: 'Oppgåva har frist snart', createdAt: at }));
    await db().command({ insert: 'indexed-inserts', documents: sent('body', 5), ordered: true });
    await c.insertMany(sent('sequence', 5) as never[]);
    for (const tag of ['body', 'sequence']) {
      expect(await c.findOne({ _id: `${tag}-4` as never })).toEqual(sent(tag, 5)[4]);
      const byUser = await c.find({ 'to.userId': 'user-1', _id: { $regex: `^${tag}` } as never }, { hint: { 'to.userId': 1, createdAt: -1 } }).toArray();
      expect(byUser.map((d) => d._id).sort()).toEqual([`${tag}-1`, `${tag}-4`]);
      expect((await c.find({ tags: 't2', _id: { $regex: `^${tag}` } as never }, { hint: { tags: 1 } }).toArray()).map((d) => d._id)).toEqual([`${tag}-2`]);
    }
    const duplicate = await failure(c.insertOne({ _id: 'another', key: 'body-key-2', to: { userId: 'user-9' } } as never));
    expect(duplicate.code).toBe(11000);
    expect(duplicate.keyValue).toEqual({ key: 'body-key-2' });
    expect(await c.countDocuments({})).toBe(10);
  });

  test('bulkWrite mixes inserts, updates and deletes', async () => {
    const c = db().collection('bulk');
    const res = await c.bulkWrite(
      [
        { insertOne: { document: { _id: 'a' as never, v: 1 } } },
        { insertOne: { document: { _id: 'b' as never, v: 2 } } },
        { updateOne: { filter: { _id: 'a' as never }, update: { $inc: { v: 10 } } } },
        { updateMany: { filter: {}, update: { $set: { seen: true } } } },
        { deleteOne: { filter: { _id: 'b' as never } } },
        { replaceOne: { filter: { _id: 'c' as never }, replacement: { v: 3 }, upsert: true } },
      ],
      { ordered: true },
    );
    expect(res.insertedCount).toBe(2);
    expect(res.matchedCount).toBe(3);
    expect(res.modifiedCount).toBe(3);
    expect(res.deletedCount).toBe(1);
    expect(res.upsertedCount).toBe(1);
    expect(await c.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
      { _id: 'a', v: 11, seen: true },
      { _id: 'c', v: 3 },
    ]);
  });

  test('deleteOne removes one, deleteMany all matches', async () => {
    const c = db().collection('deletes');
    await c.insertMany([{ k: 1 }, { k: 1 }, { k: 1 }, { k: 2 }]);
    expect((await c.deleteOne({ k: 1 })).deletedCount).toBe(1);
    expect((await c.deleteMany({ k: 1 })).deletedCount).toBe(2);
    expect(await c.countDocuments()).toBe(1);
  });
});

describe('update forms', () => {
  test('upsert builds the new document from the equality fields of the filter', async () => {
    const c = db().collection('upserts');
    const res = await c.updateOne(
      { kommune: 'Tromsø', 'address.zip': '9008', age: { $gt: 5 }, kind: { $eq: 'plan' } },
      { $set: { name: 'Ny' }, $setOnInsert: { createdBy: 'system' }, $inc: { visits: 1 } },
      { upsert: true },
    );
    expect(res.upsertedCount).toBe(1);
    const doc = await c.findOne({ _id: res.upsertedId as never }, { projection: { _id: 0 } });
    expect(doc).toEqual({ kommune: 'Tromsø', address: { zip: '9008' }, kind: 'plan', name: 'Ny', createdBy: 'system', visits: 1 });

    const again = await c.updateOne({ kommune: 'Tromsø' }, { $set: { name: 'Igjen' }, $setOnInsert: { createdBy: 'other' } }, { upsert: true });
    expect(again.upsertedCount).toBe(0);
    expect(again.modifiedCount).toBe(1);
    expect((await c.findOne({ kommune: 'Tromsø' }))?.createdBy).toBe('system');

    const replaced = await c.replaceOne({ _id: 'fixed' as never }, { only: true }, { upsert: true });
    expect(replaced.upsertedId).toBe('fixed');
    expect(await c.findOne({ _id: 'fixed' as never })).toEqual({ _id: 'fixed', only: true });
  });

  test('arrayFilters and the positional operator', async () => {
    const c = db().collection('arrays');
    await c.insertOne({ _id: 1 as never, items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }, { sku: 'c', qty: 3 }] });
    await c.updateOne({ _id: 1 as never }, { $inc: { 'items.$[it].qty': 10 } }, { arrayFilters: [{ 'it.qty': { $gte: 2 } }] });
    await c.updateOne({ _id: 1 as never, 'items.sku': 'a' }, { $set: { 'items.$.qty': 0 } });
    const doc = await c.findOne({ _id: 1 as never });
    expect(doc?.items).toEqual([
      { sku: 'a', qty: 0 },
      { sku: 'b', qty: 12 },
      { sku: 'c', qty: 13 },
    ]);
  });

  test('pipeline updates', async () => {
    const c = db().collection('pipeline');
    await c.insertMany([
      { _id: 1 as never, a: 2, b: 3 },
      { _id: 2 as never, a: 5, b: 5 },
    ]);
    const res = await c.updateMany({}, [{ $set: { total: { $add: ['$a', '$b'] } } }, { $unset: 'b' }]);
    expect(res.modifiedCount).toBe(2);
    expect(await c.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
      { _id: 1, a: 2, total: 5 },
      { _id: 2, a: 5, total: 10 },
    ]);
  });

  test('the _id is immutable', async () => {
    const c = db().collection('immutable');
    await c.insertOne({ _id: 1 as never, v: 1 });
    expect((await failure(c.updateOne({ _id: 1 as never }, { $set: { _id: 2 } }))).code).toBe(66);
    expect((await failure(c.replaceOne({ _id: 1 as never }, { _id: 2 as never, v: 2 }))).code).toBe(66);
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, v: 1 });
  });

  test('$set may keep the _id, and an upsert may take its _id from $setOnInsert', async () => {
    const c = db().collection('set-id');
    await c.insertOne({ _id: 1 as never, v: 1 });
    await c.updateOne({ _id: 1 as never }, { $set: { _id: 1, v: 2 } });
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, v: 2 });

    const upserted = await c.updateOne({ key: 'k' }, { $setOnInsert: { _id: 5, v: 5 } as never }, { upsert: true });
    expect(upserted.upsertedId).toBe(5);
    expect(await c.findOne({ _id: 5 as never })).toEqual({ _id: 5, key: 'k', v: 5 });
    await c.updateOne({ _id: 7 as never }, { $setOnInsert: { _id: 7 } as never }, { upsert: true });
    expect(await c.findOne({ _id: 7 as never })).toEqual({ _id: 7 });
    expect((await failure(c.updateOne({ _id: 8 as never }, { $setOnInsert: { _id: 9 } as never }, { upsert: true }))).code).toBe(66);
    expect(await c.countDocuments({ _id: { $in: [8, 9] } as never })).toBe(0);
  });
});

describe('server behaviour', () => {
  test('an unknown command answers CommandNotFound', async () => {
    const err = await failure(db().command({ noSuchThing: 1 }));
    expect(err.code).toBe(59);
    expect(err.codeName).toBe('CommandNotFound');
  });

  test('transactions are refused like a standalone server does', async () => {
    const hello = await db().admin().command({ hello: 1 });
    if (hello.setName || hello.msg === 'isdbgrid') return; // a replica set or mongos supports transactions
    const raw = await failure(db().command({ insert: 'txn', documents: [{ n: 1 }], txnNumber: mongoose.mongo.Long.fromNumber(1), startTransaction: true, autocommit: false }));
    expect(raw.code).toBe(20);
    expect(raw.codeName).toBe('IllegalOperation');
    expect(String(raw.message)).toContain('Transaction numbers are only allowed on a replica set member or mongos');

    const Item = conn.model('TxnItem', new mongoose.Schema({ n: Number }));
    await Item.createCollection();
    const session = await conn.startSession();
    try {
      session.startTransaction();
      const err = await failure(Item.create([{ n: 1 }], { session }));
      // The driver reports this server answer as "does not support retryable writes", keeping the original.
      expect(err.code ?? fields(err.originalError).code).toBe(20);
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    expect(await Item.countDocuments()).toBe(0);
    expect(await db().collection('txn').countDocuments()).toBe(0);
  });

  test('unacknowledged writes (moreToCome) get no reply but are applied', async () => {
    const c = db().collection('unacked');
    const res = await c.insertOne({ k: 'fire-and-forget' }, { writeConcern: { w: 0 } });
    expect(res.acknowledged).toBe(false);
    const deadline = Date.now() + 10_000;
    while (!(await c.findOne({ k: 'fire-and-forget' }))) {
      if (Date.now() > deadline) throw new Error('unacknowledged insert never arrived');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await db().command({ ping: 1 })).ok).toBe(1);
  });

  test('ping, buildInfo and listDatabases', async () => {
    expect((await db().command({ ping: 1 })).ok).toBe(1);
    const info = await db().admin().command({ buildInfo: 1 });
    expect(typeof info.version).toBe('string');
    expect(Array.isArray(info.versionArray)).toBe(true);
    const { databases } = await db().admin().listDatabases();
    expect(databases.map((d) => d.name)).toContain(testDb.dbName);
  });
});
