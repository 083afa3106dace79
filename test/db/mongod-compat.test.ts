// Where the embedded server must answer as mongod does: collation, BSON types, errors, update and
// projection semantics. Runs against the embedded server, and against a real MongoDB when
// MONGODB_URI is set, so each expectation is also checked against mongod itself.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Binary, Double, Int32, Long, ObjectId } from 'bson';
import { MongoClient, type Db, type Document } from 'mongodb';
import { useTestDatabase, type TestDatabase } from '../support/mongo.js';

let testDb: TestDatabase;
let client: MongoClient;
let db: Db;

async function failure(p: Promise<unknown>): Promise<Document> {
  try {
    await p;
  } catch (err) {
    return err as Document;
  }
  throw new Error('expected the operation to fail');
}

/** The bson classes of fields read with promoteValues: false. */
function bsonTypes(doc: Document | null, fields: string[]): unknown[] {
  return fields.map((f) => (doc?.[f] as { _bsontype?: string } | undefined)?._bsontype);
}

beforeAll(async () => {
  testDb = await useTestDatabase();
  client = await MongoClient.connect(testDb.uri, { serverSelectionTimeoutMS: 5000 });
  db = client.db(testDb.dbName);
});

afterAll(async () => {
  await client?.close();
  await testDb?.close();
});

describe('collation', () => {
  const people = ['Åse', 'Ole', 'Ørjan', 'Zorro', 'Anne', 'Æsa', 'ole', 'Oda'];
  const nb = { locale: 'nb' };
  const nbNoCase = { locale: 'nb', strength: 2 };

  beforeAll(async () => {
    await db.collection('people').insertMany(people.map((name, i) => ({ _id: i as never, name })));
  });

  test('Norwegian order puts Æ, Ø and Å after Z, in find, aggregate and index-less sorts', async () => {
    const names = (await db.collection('people').find({}, { collation: nb, sort: { name: 1 } }).toArray()).map((d) => d.name);
    expect(names).toEqual(['Anne', 'Oda', 'ole', 'Ole', 'Zorro', 'Æsa', 'Ørjan', 'Åse']);
    const binary = (await db.collection('people').find({}, { sort: { name: 1 } }).toArray()).map((d) => d.name);
    expect(binary).toEqual(['Anne', 'Oda', 'Ole', 'Zorro', 'ole', 'Åse', 'Æsa', 'Ørjan']);
    const agg = await db.collection('people').aggregate([{ $match: { name: { $gte: 'Z' } } }, { $sort: { name: -1 } }, { $project: { _id: 0, name: 1 } }], { collation: nb }).toArray();
    expect(agg.map((d) => d.name)).toEqual(['Åse', 'Ørjan', 'Æsa', 'Zorro']);
  });

  test('strength 2 ignores case in find, count, distinct, update, delete and findOneAndUpdate', async () => {
    const c = db.collection('people');
    expect((await c.find({ name: 'ørjan' }, { collation: nbNoCase }).toArray()).map((d) => d.name)).toEqual(['Ørjan']);
    expect(await c.find({ name: 'ørjan' }).toArray()).toEqual([]);
    expect(await c.countDocuments({ name: 'OLE' }, { collation: nbNoCase })).toBe(2);
    expect(await c.countDocuments({ name: { $in: ['OLE', 'åse'] } }, { collation: nbNoCase })).toBe(3);
    expect((await c.distinct('name', { name: { $lt: 'p' } }, { collation: nbNoCase })).length).toBe(3);
    // In Norwegian, ø is a letter of its own, not an o with a stroke: "orjan" does not find Ørjan.
    expect(await c.countDocuments({ name: 'orjan' }, { collation: { locale: 'nb', strength: 1 } })).toBe(0);
    expect(await c.countDocuments({ name: 'orjan' }, { collation: { locale: 'en', strength: 1 } })).toBe(1);

    const updated = await c.updateMany({ name: 'OLE' }, { $set: { seen: true } }, { collation: nbNoCase });
    expect(updated.modifiedCount).toBe(2);
    const found = await c.findOneAndUpdate({ name: 'ÆSA' }, { $set: { seen: true } }, { collation: nbNoCase, returnDocument: 'after' });
    expect(found?.name).toBe('Æsa');
    const removed = await c.deleteMany({ name: 'ZORRO' }, { collation: nbNoCase });
    expect(removed.deletedCount).toBe(1);
    expect(await c.countDocuments({ seen: true })).toBe(3);
  });

  test("a collection's default collation applies to every query; an index's to its unique keys", async () => {
    await db.createCollection('staff', { collation: nbNoCase });
    const staff = db.collection('staff');
    await staff.insertMany([{ name: 'Ørjan' }, { name: 'Åse' }]);
    expect(await staff.countDocuments({ name: 'ØRJAN' })).toBe(1);
    expect(await staff.countDocuments({ name: 'ØRJAN' }, { collation: { locale: 'simple' } })).toBe(0);
    const [info] = await db.listCollections({ name: 'staff' }).toArray();
    expect((info as Document).options.collation).toMatchObject({ locale: 'nb', strength: 2 });

    await staff.createIndex({ name: 1 }, { unique: true });
    const indexes = await staff.listIndexes().toArray();
    expect(indexes.find((i) => i.name === 'name_1')?.collation).toMatchObject({ locale: 'nb', strength: 2 });
    const dup = await failure(staff.insertOne({ name: 'åSE' }));
    expect(dup.code).toBe(11000);

    const users = db.collection('users');
    await users.createIndex({ email: 1 }, { unique: true, collation: { locale: 'en', strength: 2 } });
    await users.insertOne({ email: 'kari@example.no' });
    expect((await failure(users.insertOne({ email: 'KARI@example.no' }))).code).toBe(11000);
    await users.insertOne({ email: 'kåri@example.no' });
  });

  test('an unknown locale is refused as mongod refuses it', async () => {
    const err = await failure(db.collection('people').find({}, { collation: { locale: 'xx_unknown' } }).toArray());
    expect(err.code).toBe(2);
    expect(String(err.message)).toMatch(/locale/);
    const create = await failure(db.createCollection('badlocale', { collation: { locale: 'xx_unknown' } }));
    expect(create.code).toBe(2);
  });
});

describe('BSON number and binary types', () => {
  test('int32, int64 and double keep their type through a round trip, $type and $inc', async () => {
    const c = db.collection('numbers');
    await c.insertOne({ _id: 1 as never, i: new Int32(5), l: Long.fromNumber(5), d: new Double(5), f: 2.5, big: Long.fromString('9007199254740993') });
    const doc = await c.findOne({ _id: 1 as never }, { promoteValues: false });
    expect(bsonTypes(doc, ['i', 'l', 'd', 'f'])).toEqual(['Int32', 'Long', 'Double', 'Double']);
    expect(String(doc?.big)).toBe('9007199254740993');

    expect(await c.countDocuments({ l: { $type: 'long' } })).toBe(1);
    expect(await c.countDocuments({ i: { $type: 'int' } })).toBe(1);
    expect(await c.countDocuments({ d: { $type: 'double' } })).toBe(1);
    expect(await c.countDocuments({ d: { $type: 'int' } })).toBe(0);
    expect(await c.countDocuments({ l: { $type: 'number' }, d: { $type: 1 }, i: { $type: 16 } })).toBe(1);
    expect(await c.countDocuments({ l: 5, d: 5, i: 5 })).toBe(1);
    expect(await c.countDocuments({ big: { $gt: Long.fromString('9007199254740992') } })).toBe(1);

    await c.updateOne({ _id: 1 as never }, { $inc: { l: 1, i: 1, d: 1, big: Long.fromNumber(1) } });
    const after = await c.findOne({ _id: 1 as never }, { promoteValues: false });
    expect(bsonTypes(after, ['i', 'l', 'd'])).toEqual(['Int32', 'Long', 'Double']);
    expect([after?.i, after?.l, after?.d].map(String)).toEqual(['6', '6', '6']);
    expect(String(after?.big)).toBe('9007199254740994');
    await c.updateOne({ _id: 1 as never }, { $inc: { i: 2147483647 } });
    expect(await c.countDocuments({ i: { $type: 'long' } })).toBe(1);
  });

  test('binary values compare by length, subtype and bytes; bit tests read numbers and binary', async () => {
    const c = db.collection('binaries');
    const short = new Binary(Buffer.from([1, 2]), 0);
    const plain = new Binary(Buffer.from([1, 2, 3]), 0);
    const other = new Binary(Buffer.from([1, 2, 3]), 5);
    await c.insertMany([
      { _id: 'plain' as never, b: plain, n: 10 },
      { _id: 'other' as never, b: other, n: Long.fromNumber(5) },
      { _id: 'short' as never, b: short, n: 2.5 },
    ]);
    const ids = async (filter: Document): Promise<string[]> => (await c.find(filter, { sort: { b: 1 } }).toArray()).map((d) => String(d._id));
    expect(await ids({})).toEqual(['short', 'plain', 'other']);
    expect(await ids({ b: { $gt: plain } })).toEqual(['other']);
    expect(await ids({ b: other })).toEqual(['other']);
    expect(await ids({ b: { $in: [new Binary(Buffer.from([1, 2]), 0)] } })).toEqual(['short']);

    expect(await ids({ n: { $bitsAllSet: [1, 3] } })).toEqual(['plain']);
    expect(await ids({ n: { $bitsAllSet: 5 } })).toEqual(['other']);
    expect(await ids({ n: { $bitsAnySet: [0] } })).toEqual(['other']);
    expect(await ids({ b: { $bitsAllSet: [0, 9] } })).toEqual(['short', 'plain', 'other']);
    expect(await ids({ b: { $bitsAllSet: [16, 17] } })).toEqual(['plain', 'other']);
    expect(await ids({ b: { $bitsAllClear: [16] } })).toEqual(['short']);
    expect(await ids({ n: { $bitsAnyClear: new Binary(Buffer.from([0x0a])) } })).toEqual(['other']);

    const res = await c.updateOne({ _id: 'plain' as never }, { $set: { b: new Binary(Buffer.from([1, 2, 3]), 4) } });
    expect(res.modifiedCount).toBe(1);
  });
});

describe('errors and the server version', () => {
  test('the errors mongod gives for bad writes and bad queries', async () => {
    const c = db.collection('errors');
    await c.insertOne({ _id: 1 as never, name: 'Kari', list: [1, 2], nested: { n: 1 } });
    const push = await failure(c.updateOne({ _id: 1 as never }, { $push: { name: 'x' } as never }));
    expect(push.code).toBe(2);
    expect(String(push.message)).toMatch(/must be an array but is of type string/);
    const through = await failure(c.updateOne({ _id: 1 as never }, { $set: { 'name.first': 'K' } }));
    expect(through.code).toBe(28);
    const arrayPath = await failure(c.updateOne({ _id: 1 as never }, { $set: { 'list.x': 1 } }));
    expect(arrayPath.code).toBe(28);
    const inc = await failure(c.updateOne({ _id: 1 as never }, { $inc: { name: 1 } as never }));
    expect(inc.code).toBe(14);
    const unknownUpdate = await failure(c.updateOne({ _id: 1 as never }, { $frobnicate: { name: 1 } } as never));
    expect(unknownUpdate.code).toBe(9);
    const unknownQuery = await failure(c.find({ name: { $frobnicate: 1 } }).toArray());
    expect(unknownQuery.code).toBe(2);
    expect(String(unknownQuery.message)).toMatch(/unknown operator: \$frobnicate/);
    const onMissing = await failure(db.collection('nowhere').find({ $frobnicate: 1 }).toArray());
    expect(onMissing.code).toBe(2);
    const where = await failure(c.find({ $where: 'this.name === "Kari"' }).toArray());
    expect(where.code).toBe(2);
    expect(String(where.message)).toMatch(/no globalScriptEngine/);
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, name: 'Kari', list: [1, 2], nested: { n: 1 } });
  });

  test('documents over 16 MiB are refused, on insert and when an update grows one', async () => {
    const c = db.collection('large');
    const big = 'x'.repeat(16 * 1024 * 1024);
    const insert = await failure(c.insertOne({ big }));
    expect(insert.code).toBe(2);
    expect(String(insert.message)).toMatch(/too large/);
    await c.insertOne({ _id: 1 as never, half: 'y'.repeat(9 * 1024 * 1024) });
    const grow = await failure(c.updateOne({ _id: 1 as never }, { $set: { other: 'z'.repeat(9 * 1024 * 1024) } }));
    expect(grow.code).toBe(17419);
    expect(await c.countDocuments()).toBe(1);
  });

  test('capped collections need a size and keep their newest documents', async () => {
    expect((await failure(db.createCollection('cappedNoSize', { capped: true }))).code).toBe(72);
    const log = await db.createCollection('cappedLog', { capped: true, size: 4096, max: 3 });
    for (let i = 1; i <= 5; i++) await log.insertOne({ i });
    expect((await log.find().toArray()).map((d) => d.i)).toEqual([3, 4, 5]);
  });

  test('the server says it is 8.0 and answers the bulkWrite command of client-level bulk writes', async () => {
    const info = await db.admin().buildInfo();
    expect(info.versionArray[0]).toBeGreaterThanOrEqual(8);
    const ns = `${testDb.dbName}.bulk`;
    const result = await client.bulkWrite<Document>(
      [
        { name: 'insertOne', namespace: ns, document: { _id: 1 as never, n: 1 } },
        { name: 'insertOne', namespace: `${testDb.dbName}.bulkOther`, document: { _id: 2 as never } },
        { name: 'updateOne', namespace: ns, filter: { _id: 1 as never }, update: { $inc: { n: 1 } } },
        { name: 'updateOne', namespace: ns, filter: { _id: 3 as never }, update: { $set: { n: 3 } }, upsert: true },
        { name: 'deleteMany', namespace: `${testDb.dbName}.bulkOther`, filter: {} },
      ],
      { verboseResults: true },
    );
    expect(result.insertedCount).toBe(2);
    expect(result.matchedCount).toBe(1);
    expect(result.modifiedCount).toBe(1);
    expect(result.upsertedCount).toBe(1);
    expect(result.deletedCount).toBe(1);
    expect(result.updateResults?.get(3)?.upsertedId).toBe(3);
    expect(await db.collection('bulk').find().sort({ _id: 1 }).toArray()).toEqual([{ _id: 1, n: 2 }, { _id: 3, n: 3 }]);
    const dup = await failure(client.bulkWrite([{ name: 'insertOne', namespace: ns, document: { _id: 1 as never } }]));
    expect((dup.writeErrors as Map<number, Document>).get(0)?.code).toBe(11000);
  });
});

describe('update and projection semantics', () => {
  test('several positional paths into one array, $[] and $[id] in one update', async () => {
    const c = db.collection('positional');
    await c.insertOne({ _id: 1 as never, goals: [{ id: 'a', done: false, n: 1 }, { id: 'b', done: false, n: 2 }], notes: [1, 2, 3] });
    await c.updateOne({ _id: 1 as never, 'goals.id': 'b' }, { $set: { 'goals.$.done': true, 'goals.$.by': 'Kari' } });
    await c.updateOne({ _id: 1 as never }, { $inc: { 'goals.$[].n': 10, 'notes.$[small]': 100 } }, { arrayFilters: [{ small: { $lt: 3 } }] });
    await c.updateOne({ _id: 1 as never }, { $set: { 'goals.$[g].done': true } }, { arrayFilters: [{ 'g.id': 'a' }] });
    expect(await c.findOne({ _id: 1 as never })).toEqual({
      _id: 1,
      goals: [{ id: 'a', done: true, n: 11 }, { id: 'b', done: true, n: 12, by: 'Kari' }],
      notes: [101, 102, 3],
    });
  });

  test('$pull with $or and $and conditions; $all on a field that is not an array', async () => {
    const c = db.collection('pulls');
    await c.insertOne({ _id: 1 as never, items: [{ k: 'a', n: 1 }, { k: 'b', n: 5 }, { k: 'c', n: 9 }], tag: 'x' });
    await c.updateOne({ _id: 1 as never }, { $pull: { items: { $or: [{ k: 'a' }, { n: { $gt: 8 } }] } } as never });
    expect((await c.findOne({ _id: 1 as never }))?.items).toEqual([{ k: 'b', n: 5 }]);
    await c.updateOne({ _id: 1 as never }, { $pull: { items: { $and: [{ k: 'b' }, { n: 5 }] } } as never });
    expect((await c.findOne({ _id: 1 as never }))?.items).toEqual([]);
    expect(await c.countDocuments({ tag: { $all: ['x'] } })).toBe(1);
    expect(await c.countDocuments({ tag: { $all: ['x', 'y'] } })).toBe(0);
  });

  test('$slice, $elemMatch and positional projections as mongod reads them', async () => {
    const c = db.collection('projections');
    await c.insertOne({ _id: 1 as never, name: 'Plan', steps: [{ s: 1 }, { s: 2 }, { s: 3 }], tags: ['a', 'b', 'c'] });
    expect(await c.findOne({ _id: 1 as never }, { projection: { tags: { $slice: 2 } } })).toEqual({ _id: 1, name: 'Plan', steps: [{ s: 1 }, { s: 2 }, { s: 3 }], tags: ['a', 'b'] });
    expect(await c.findOne({ _id: 1 as never }, { projection: { name: 1, tags: { $slice: [-2, 1] } } })).toEqual({ _id: 1, name: 'Plan', tags: ['b'] });
    expect(await c.findOne({ _id: 1 as never }, { projection: { steps: { $elemMatch: { s: { $gt: 1 } } } } })).toEqual({ _id: 1, steps: [{ s: 2 }] });
    expect(await c.findOne({ 'steps.s': 3 }, { projection: { 'steps.$': 1 } })).toEqual({ _id: 1, steps: [{ s: 3 }] });
    expect(await c.findOne({ _id: 1 as never }, { projection: { tags: { $elemMatch: { $in: ['c', 'b'] } } } })).toEqual({ _id: 1, tags: ['b'] });
  });

  test('findAndModify with fields: the document before or after, even when the update makes it stop matching the query; upsert', async () => {
    const c = db.collection('modify-fields');
    await c.insertOne({ _id: 1 as never, revision: 1, draft: { goals: ['a'] }, savedBy: 'Anne' });
    // The update moves revision past the query's value: the document no longer matches the query.
    const after = await db.command({ findAndModify: 'modify-fields', query: { _id: 1, revision: 1 }, update: { $inc: { revision: 1 } }, fields: { revision: 1 }, new: true });
    expect(after.value).toEqual({ _id: 1, revision: 2 });
    const before = await db.command({ findAndModify: 'modify-fields', query: { _id: 1, revision: 2 }, update: { $inc: { revision: 1 } }, fields: { revision: 1, _id: 0 } });
    expect(before.value).toEqual({ revision: 2 });
    const excluded = await db.command({ findAndModify: 'modify-fields', query: { _id: 1, revision: 3 }, update: { $set: { savedBy: 'Bodil' }, $inc: { revision: 1 } }, fields: { draft: 0 }, new: true });
    expect(excluded.value).toEqual({ _id: 1, revision: 4, savedBy: 'Bodil' });
    // Through the driver's findOneAndUpdate with a projection, as mongoose sends it.
    expect(await c.findOneAndUpdate({ _id: 1 as never, revision: 4 }, { $inc: { revision: 1 } }, { projection: { revision: 1 }, returnDocument: 'after' })).toEqual({ _id: 1, revision: 5 });
    expect(await c.findOneAndUpdate({ _id: 1 as never, revision: 4 }, { $inc: { revision: 1 } }, { projection: { revision: 1 }, returnDocument: 'after' })).toBeNull();
    // Upsert: the new document projected with new: true, nothing without it.
    const upserted = await db.command({ findAndModify: 'modify-fields', query: { _id: 2, revision: 1 }, update: { $inc: { revision: 1 }, $set: { savedBy: 'Anne' } }, fields: { revision: 1 }, upsert: true, new: true });
    expect(upserted.value).toEqual({ _id: 2, revision: 2 });
    expect(upserted.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false, upserted: 2 });
    const quiet = await db.command({ findAndModify: 'modify-fields', query: { _id: 3 }, update: { $set: { savedBy: 'Anne' } }, fields: { savedBy: 1 }, upsert: true });
    expect(quiet.value).toBeNull();
    expect(await c.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
      { _id: 1, revision: 5, draft: { goals: ['a'] }, savedBy: 'Bodil' },
      { _id: 2, revision: 2, savedBy: 'Anne' },
      { _id: 3, savedBy: 'Anne' },
    ]);
  });

  test('field names: $-prefixed where MongoDB 5.0+ allows them, never in _id; __proto__ is an ordinary field', async () => {
    const c = db.collection('names');
    await c.insertOne({ _id: 1 as never, price: { $amount: 5, currency: 'NOK' } });
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, price: { $amount: 5, currency: 'NOK' } });
    const badId = await failure(c.insertOne({ _id: { $oops: 1 } as never }));
    expect(badId.code).toBeDefined();
    const replacement = await failure(c.replaceOne({ _id: 1 as never }, { $bad: 1 } as never));
    expect(replacement).toBeDefined();

    const proto = JSON.parse('{"_id": 2, "__proto__": {"polluted": true}, "plain": 1}') as Document;
    await c.insertOne(proto);
    const back = await c.findOne({ _id: 2 as never });
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back ?? {})).toEqual(['_id', '__proto__', 'plain']);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual({ polluted: true });
    await c.updateOne({ _id: 2 as never }, { $set: { plain: 2 } });
    expect(await c.countDocuments({ plain: 2 })).toBe(1);
    expect(({} as Document).polluted).toBeUndefined();
  });
});

describe('let, $out and $merge, views, collMod, validators and hint', () => {
  test('let variables in find, aggregate, update, delete and findAndModify', async () => {
    const c = db.collection('lets');
    await c.insertMany([{ _id: 1 as never, unit: 'nord', n: 1 }, { _id: 2 as never, unit: 'sør', n: 2 }, { _id: 3 as never, unit: 'nord', n: 3 }]);
    const mine = { $expr: { $eq: ['$unit', '$$unit'] } };
    expect(await c.countDocuments({}, {})).toBe(3);
    expect((await c.find(mine, { let: { unit: 'nord' } }).toArray()).map((d) => d._id)).toEqual([1, 3]);
    expect(await c.aggregate([{ $match: mine }, { $group: { _id: null, total: { $sum: '$n' } } }], { let: { unit: 'nord' } }).toArray()).toEqual([{ _id: null, total: 4 }]);
    expect((await c.updateMany(mine, { $set: { seen: true } }, { let: { unit: 'sør' } })).modifiedCount).toBe(1);
    const found = await c.findOneAndUpdate(mine, { $inc: { n: 10 } }, { let: { unit: 'sør' }, returnDocument: 'after' });
    expect(found?.n).toBe(12);
    expect((await c.deleteMany(mine, { let: { unit: 'nord' } })).deletedCount).toBe(2);
  });

  test('$out replaces a collection; $merge inserts, merges and fails on a match as told', async () => {
    const src = db.collection('mergeSource');
    await src.insertMany([{ _id: 1 as never, n: 1 }, { _id: 2 as never, n: 2 }]);
    await src.aggregate([{ $match: { n: { $gte: 2 } } }, { $out: 'outTarget' }]).toArray();
    expect(await db.collection('outTarget').find().toArray()).toEqual([{ _id: 2, n: 2 }]);

    const target = db.collection('mergeTarget');
    await target.insertOne({ _id: 1 as never, n: 0, kept: true });
    await src.aggregate([{ $merge: { into: 'mergeTarget', whenMatched: 'merge', whenNotMatched: 'insert' } }]).toArray();
    expect(await target.find().sort({ _id: 1 }).toArray()).toEqual([{ _id: 1, n: 1, kept: true }, { _id: 2, n: 2 }]);
    await src.aggregate([{ $merge: { into: { db: testDb.dbName, coll: 'mergeTarget' }, whenMatched: [{ $set: { n: { $add: ['$n', '$$new.n'] } } }] } }]).toArray();
    expect((await target.find().sort({ _id: 1 }).toArray()).map((d) => d.n)).toEqual([2, 4]);
    const dup = await failure(src.aggregate([{ $merge: { into: 'mergeTarget', whenMatched: 'fail' } }]).toArray());
    expect(dup.code).toBe(11000);
  });

  test('read-only views: found by listCollections, read like collections, refused for writes', async () => {
    const cases = db.collection('viewCases');
    await cases.insertMany([{ _id: 1 as never, status: 'open', owner: 'Kari' }, { _id: 2 as never, status: 'closed', owner: 'Ola' }, { _id: 3 as never, status: 'open', owner: 'Ola' }]);
    await db.createCollection('openCases', { viewOn: 'viewCases', pipeline: [{ $match: { status: 'open' } }, { $project: { status: 0 } }] });
    const [info] = await db.listCollections({ name: 'openCases' }).toArray();
    expect(info?.type).toBe('view');
    const view = db.collection('openCases');
    expect(await view.find({ owner: 'Ola' }).toArray()).toEqual([{ _id: 3, owner: 'Ola' }]);
    expect(await view.countDocuments()).toBe(2);
    expect(await view.distinct('owner')).toEqual(['Kari', 'Ola']);
    expect((await failure(view.insertOne({ status: 'open' }))).code).toBe(166);
    expect((await failure(view.updateOne({}, { $set: { a: 1 } }))).code).toBe(166);
    expect((await failure(view.deleteMany({}))).code).toBe(166);
  });

  test('$jsonSchema and query validators refuse bad documents with code 121 and errInfo; collMod changes them', async () => {
    await db.createCollection('validated', {
      validator: { $jsonSchema: { bsonType: 'object', required: ['name', 'age'], properties: { name: { bsonType: 'string' }, age: { bsonType: 'int', minimum: 0 } } } },
    });
    const c = db.collection('validated');
    await c.insertOne({ name: 'Kari', age: 40 });
    const missing = await failure(c.insertOne({ name: 'Ola' }));
    expect(missing.code).toBe(121);
    expect(missing.errInfo?.details?.operatorName).toBe('$jsonSchema');
    expect(JSON.stringify(missing.errInfo?.details?.schemaRulesNotSatisfied)).toMatch(/missingProperties/);
    const update = await failure(c.updateOne({ name: 'Kari' }, { $set: { age: -1 } }));
    expect(update.code).toBe(121);
    await c.insertOne({ name: 'Per' }, { bypassDocumentValidation: true });

    await db.command({ collMod: 'validated', validator: { age: { $gte: 18 } }, validationLevel: 'moderate' });
    expect((await failure(c.insertOne({ name: 'Barn', age: 10 }))).code).toBe(121);
    // moderate: the document that already broke the rules may still be updated
    expect((await c.updateOne({ name: 'Per' }, { $set: { note: 'x' } })).modifiedCount).toBe(1);
    await db.command({ collMod: 'validated', validationAction: 'warn' });
    await c.insertOne({ name: 'Barn', age: 10 });
    expect(await c.countDocuments()).toBe(3);
  });

  test('collMod hides an index and changes a TTL; hint names an index or fails', async () => {
    const c = db.collection('hinted');
    await c.insertMany([{ a: 1, at: new Date() }, { a: 2, at: new Date() }]);
    await c.createIndex({ a: 1 });
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
    const hidden = await db.command({ collMod: 'hinted', index: { keyPattern: { a: 1 }, hidden: true } });
    expect(hidden).toMatchObject({ hidden_old: false, hidden_new: true });
    const ttl = await db.command({ collMod: 'hinted', index: { name: 'at_1', expireAfterSeconds: 60 } });
    expect(ttl).toMatchObject({ expireAfterSeconds_old: 3600, expireAfterSeconds_new: 60 });
    const indexes = await c.listIndexes().toArray();
    expect(indexes.find((i) => i.name === 'a_1')?.hidden).toBe(true);
    expect(indexes.find((i) => i.name === 'at_1')?.expireAfterSeconds).toBe(60);
    expect(await c.countDocuments({ a: 2 })).toBe(1);

    expect((await c.find({ a: 2 }).hint({ at: 1 }).toArray()).length).toBe(1);
    expect((await c.find({ a: 2 }).hint('_id_').toArray()).length).toBe(1);
    const bad = await failure(c.find({ a: 2 }).hint('nope_1').toArray());
    expect(bad.code).toBe(2);
    expect((await failure(c.updateOne({ a: 2 }, { $set: { b: 1 } }, { hint: { nope: 1 } }))).code).toBe(2);
  });
});

describe('text search', () => {
  test('$text in Norwegian and with no language, with textScore in projection, sort and aggregate', async () => {
    const c = db.collection('plans');
    await c.createIndex({ title: 'text', body: 'text' }, { default_language: 'norwegian', weights: { title: 5 } });
    await c.insertMany([
      { _id: 1 as never, title: 'Individuell plan', body: 'Planen beskriver mål og tiltak for barnet.' },
      { _id: 2 as never, title: 'Koordinator', body: 'Koordinatoren følger opp planene.' },
      { _id: 3 as never, title: 'Skoleskyss', body: 'Søknad om skyss til skolen.' },
      { _id: 4 as never, title: 'Plans', body: 'An English note about plans.', language: 'none' },
    ]);
    const ids = (docs: Document[]): unknown[] => docs.map((d) => d._id).sort();
    // Norwegian stemming: "planer" finds "plan", "planen" and "planene"; the stop word "og" finds nothing.
    expect(ids(await c.find({ $text: { $search: 'planer' } }).toArray())).toEqual([1, 2]);
    expect(await c.countDocuments({ $text: { $search: 'og' } })).toBe(0);
    expect(ids(await c.find({ $text: { $search: 'plan -koordinator' } }).toArray())).toEqual([1]);
    expect(ids(await c.find({ $text: { $search: '"følger opp"' } }).toArray())).toEqual([2]);
    // language none: no stemming, the word must match as written
    expect(ids(await c.find({ $text: { $search: 'plans', $language: 'none' } }).toArray())).toEqual([4]);

    const scored = await c.find({ $text: { $search: 'plan' } }, { projection: { score: { $meta: 'textScore' } }, sort: { score: { $meta: 'textScore' } } }).toArray();
    expect(scored.map((d) => d._id)).toEqual([1, 2]);
    expect(scored[0]?.score).toBeGreaterThan(scored[1]?.score as number);
    const agg = await c.aggregate([{ $match: { $text: { $search: 'plan' } } }, { $project: { score: { $meta: 'textScore' } } }, { $sort: { score: -1 } }]).toArray();
    expect(agg.map((d) => d._id)).toEqual([1, 2]);

    const noIndex = await failure(db.collection('people').find({ $text: { $search: 'Ola' } }).toArray());
    expect(noIndex.code).toBe(27);
  });
});

describe('time-series collections', () => {
  test('are created, listed as time-series and refuse documents without a date in the time field', async () => {
    await db.createCollection('measurements', { timeseries: { timeField: 'at', metaField: 'meta' }, expireAfterSeconds: 3600 });
    const [info] = await db.listCollections({ name: 'measurements' }).toArray();
    expect(info?.type).toBe('timeseries');
    expect((info as Document).options.timeseries.timeField).toBe('at');
    const c = db.collection('measurements');
    await c.insertOne({ at: new Date(), meta: { unit: 'nord' }, value: 1 });
    expect((await failure(c.insertOne({ value: 2 }))).code).toBe(2);
    expect(await c.countDocuments()).toBe(1);
  });
});

describe('geospatial queries', () => {
  const point = (lng: number, lat: number): Document => ({ type: 'Point', coordinates: [lng, lat] });
  const oslo = point(10.7339, 59.9119);
  const towns = [
    { _id: 'oslo', loc: oslo },
    { _id: 'drammen', loc: point(10.2045, 59.7439) },
    { _id: 'bergen', loc: point(5.3221, 60.3913) },
    { _id: 'trondheim', loc: point(10.3951, 63.4305) },
    { _id: 'tromso', loc: point(18.9553, 69.6496) },
  ];
  const ids = (docs: Document[]): unknown[] => docs.map((d) => d._id);

  beforeAll(async () => {
    await db.collection('towns').insertMany(towns as Document[]);
    await db.collection('routes').insertMany([
      { _id: 'e18' as never, path: { type: 'LineString', coordinates: [[10.75, 59.91], [10.2, 59.74]] } },
      { _id: 'park' as never, area: { type: 'Polygon', coordinates: [[[10.70, 59.90], [10.76, 59.90], [10.76, 59.93], [10.70, 59.93], [10.70, 59.90]]] } },
    ]);
    await db.collection('grid').insertMany([{ _id: 'a' as never, p: [1, 1] }, { _id: 'b' as never, p: [5, 5] }, { _id: 'c' as never, p: [9, 2] }]);
  });

  test('$geoWithin a GeoJSON polygon (geodesic edges), a sphere cap and the flat legacy shapes, without an index', async () => {
    const south = { type: 'Polygon', coordinates: [[[4, 58], [12, 58], [12, 62], [4, 62], [4, 58]]] };
    const within = await db.collection('towns').find({ loc: { $geoWithin: { $geometry: south } } }, { sort: { _id: 1 } }).toArray();
    expect(ids(within)).toEqual(['bergen', 'drammen', 'oslo']);
    // An edge between two points of the same latitude follows the great circle, bulging towards the pole.
    const band = { type: 'Polygon', coordinates: [[[0, 50], [30, 50], [30, 60], [0, 60], [0, 50]]] };
    const probes = db.collection('probes');
    await probes.insertMany([{ _id: 'north' as never, loc: point(15, 60.5) }, { _id: 'south' as never, loc: point(15, 50.5) }]);
    expect(ids(await probes.find({ loc: { $geoWithin: { $geometry: band } } }).toArray())).toEqual(['north']);
    // 50 km around Oslo, as an angle: the town points, the road and the park lie inside.
    const cap = { $centerSphere: [[10.7339, 59.9119], 50 / 6378.1] };
    expect(ids(await db.collection('towns').find({ loc: { $geoWithin: cap } }, { sort: { _id: 1 } }).toArray())).toEqual(['drammen', 'oslo']);
    expect(await db.collection('routes').countDocuments({ $or: [{ path: { $geoWithin: cap } }, { area: { $geoWithin: cap } }] })).toBe(2);

    const grid = db.collection('grid');
    const flat = async (shape: Document): Promise<unknown[]> => ids(await grid.find({ p: { $geoWithin: shape } }, { sort: { _id: 1 } }).toArray());
    expect(await flat({ $box: [[0, 0], [6, 6]] })).toEqual(['a', 'b']);
    expect(await flat({ $polygon: [[0, 0], [10, 0], [10, 3]] })).toEqual(['c']);
    expect(await flat({ $center: [[0, 0], 2] })).toEqual(['a']);
  });

  test('$geoIntersects between points, lines and polygons', async () => {
    const routes = db.collection('routes');
    const crossing = { type: 'LineString', coordinates: [[10.5, 59.7], [10.5, 59.9]] };
    expect(ids(await routes.find({ path: { $geoIntersects: { $geometry: crossing } } }).toArray())).toEqual(['e18']);
    const centre = { type: 'Polygon', coordinates: [[[10.72, 59.905], [10.80, 59.905], [10.80, 59.92], [10.72, 59.92], [10.72, 59.905]]] };
    const hits = await routes.find({ $or: [{ path: { $geoIntersects: { $geometry: centre } } }, { area: { $geoIntersects: { $geometry: centre } } }] }, { sort: { _id: 1 } }).toArray();
    expect(ids(hits)).toEqual(['e18', 'park']);
    expect(ids(await db.collection('towns').find({ loc: { $geoIntersects: { $geometry: centre } } }).toArray())).toEqual(['oslo']);
    expect(await db.collection('towns').countDocuments({ loc: { $geoIntersects: { $geometry: { type: 'Point', coordinates: [0, 0] } } } })).toBe(0);
  });

  test('$near and $nearSphere return the nearest first over a geo index, and fail without one', async () => {
    const c = db.collection('towns');
    const noIndex = await failure(c.find({ loc: { $near: { $geometry: oslo } } }).toArray());
    expect(noIndex.code).toBe(291);
    expect(String(noIndex.message)).toContain('unable to find index for $geoNear query');

    await c.createIndex({ loc: '2dsphere' });
    // GeoJSON centre: distances in metres (Oslo to Bergen is about 305 km, to Trondheim about 390 km).
    expect(ids(await c.find({ loc: { $near: { $geometry: oslo, $maxDistance: 500_000 } } }).toArray())).toEqual(['oslo', 'drammen', 'bergen', 'trondheim']);
    expect(ids(await c.find({ loc: { $near: { $geometry: oslo, $minDistance: 100_000, $maxDistance: 350_000 } } }).toArray())).toEqual(['bergen']);
    // Legacy centre with $nearSphere: distances in radians (0.01 is about 64 km).
    expect(ids(await c.find({ loc: { $nearSphere: [10.7339, 59.9119], $maxDistance: 0.01 } }).toArray())).toEqual(['oslo', 'drammen']);
    expect(ids(await c.find({ loc: { $near: { $geometry: oslo } } }, { limit: 2, skip: 1 }).toArray())).toEqual(['drammen', 'bergen']);
    const inContext = await failure(c.countDocuments({ loc: { $near: { $geometry: oslo } } }));
    expect(String(inContext.message)).toContain('are not allowed in this context');

    const grid = db.collection('grid');
    await grid.createIndex({ p: '2d' });
    expect(ids(await grid.find({ p: { $near: [0, 0] } }).toArray())).toEqual(['a', 'b', 'c']);
    expect(ids(await grid.find({ p: { $near: [0, 0], $maxDistance: 8 } }).toArray())).toEqual(['a', 'b']);
  });

  test('$geoNear stage: distances, a query, the location used and a multiplier', async () => {
    await db.collection('towns').createIndex({ loc: '2dsphere' });
    const out = await db
      .collection('towns')
      .aggregate([
        { $geoNear: { near: oslo, distanceField: 'dist.m', spherical: true, query: { _id: { $ne: 'oslo' } }, maxDistance: 400_000, includeLocs: 'at' } },
        { $project: { dist: 1, at: 1 } },
      ])
      .toArray();
    expect(ids(out)).toEqual(['drammen', 'bergen', 'trondheim']);
    expect(out[0]?.dist.m).toBeGreaterThan(30_000);
    expect(out[0]?.dist.m).toBeLessThan(40_000);
    expect(out[0]?.at).toEqual(towns[1]?.loc);
    const km = await db.collection('towns').aggregate([{ $geoNear: { near: oslo, distanceField: 'km', distanceMultiplier: 0.001 } }, { $limit: 2 }]).toArray();
    expect(km[1]?.km).toBeCloseTo((out[0]?.dist.m as number) / 1000, 6);
    const late = await failure(db.collection('towns').aggregate([{ $match: {} }, { $geoNear: { near: oslo, distanceField: 'd' } }]).toArray());
    expect(late.code).toBe(40603);
  });

  test('a 2dsphere index refuses documents it cannot index, on insert, update and index build', async () => {
    const c = db.collection('sites');
    await c.createIndex({ loc: '2dsphere' });
    await c.insertOne({ _id: 1 as never, loc: point(10, 60) });
    await c.insertOne({ _id: 2 as never, name: 'no location' });
    const outOfBounds = await failure(c.insertOne({ _id: 3 as never, loc: point(200, 0) }));
    expect(outOfBounds.code).toBe(16755);
    expect(String(outOfBounds.message)).toContain("Can't extract geo keys");
    const openRing = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] };
    expect((await failure(c.insertOne({ _id: 4 as never, loc: openRing }))).code).toBe(16755);
    const bowtie = { type: 'Polygon', coordinates: [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]] };
    expect((await failure(c.insertOne({ _id: 5 as never, loc: bowtie }))).code).toBe(16755);
    expect((await failure(c.find({ loc: { $geoWithin: { $geometry: bowtie } } }).toArray())).code).toBe(2);
    expect((await failure(c.updateOne({ _id: 1 as never }, { $set: { loc: 'Oslo' } }))).code).toBe(16755);
    expect(await c.countDocuments()).toBe(2);
    expect((await c.findOne({ _id: 1 as never }))?.loc).toEqual(point(10, 60));

    const late = db.collection('late-index');
    await late.insertOne({ loc: { type: 'Point', coordinates: ['x', 1] } });
    expect((await failure(late.createIndex({ loc: '2dsphere' }))).code).toBe(16755);
    expect((await late.indexes()).map((i) => i.name)).toEqual(['_id_']);
  });
});

describe('what mongoose reaches', () => {
  test('an unknown pipeline stage, and capped given as a number, get mongod errors', async () => {
    const stage = await failure(db.collection('errors').aggregate([{ $fakeStage: {} }]).toArray());
    expect(stage.code).toBe(40324);
    expect(String(stage.message)).toContain("Unrecognized pipeline stage name: '$fakeStage'");
    const capped = await failure(db.createCollection('capped-number', { capped: 1024 as never }));
    expect(capped.code).toBe(72);
  });

  test('a hint makes documents come in the order of its index, in find and aggregate', async () => {
    const c = db.collection('stock');
    await c.createIndex({ qty: -1, name: -1 });
    await c.insertMany([{ name: 'Andrew', qty: 4 }, { name: 'Betty', qty: 5 }, { name: 'Charlie', qty: 4 }]);
    const names = (docs: Document[]): unknown[] => docs.map((d) => d.name);
    expect(names(await c.find({}).hint({ qty: -1, name: -1 }).toArray())).toEqual(['Betty', 'Charlie', 'Andrew']);
    expect(names(await c.aggregate([{ $match: {} }], { hint: { qty: -1, name: -1 } }).toArray())).toEqual(['Betty', 'Charlie', 'Andrew']);
  });

  test('_id with $in and a range in one condition', async () => {
    const c = db.collection('ids');
    await c.insertMany([{ _id: 1 as never }, { _id: 2 as never }, { _id: 3 as never }]);
    expect(await c.find({ _id: { $in: [1, 2] as never[], $gte: 2 as never } }).toArray()).toEqual([{ _id: 2 }]);
  });

  test('a positional $ is the element the filter matched, even when the same update changes the matched field', async () => {
    const c = db.collection('children');
    await c.insertOne({ _id: 1 as never, children: [{ name: 'foo' }, { name: 'bar' }] });
    await c.updateOne({ 'children.name': 'bar' }, { $set: { 'children.$.name': 'Luke', 'children.$.at': 1, updatedAt: 1 } });
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, children: [{ name: 'foo' }, { name: 'Luke', at: 1 }], updatedAt: 1 });
  });

  test('updates set $-prefixed top-level fields and __proto__ as ordinary fields', async () => {
    const c = db.collection('dollar-fields');
    await c.updateOne({ _id: 1 as never }, { $set: { $myKey: 'x', $each: { count: 42 } } as never }, { upsert: true });
    expect(await c.findOne({ _id: 1 as never })).toEqual({ _id: 1, $myKey: 'x', $each: { count: 42 } });
    await c.insertOne({ _id: 2 as never, hello: 'world' });
    await c.updateOne({ _id: 2 as never }, { $rename: { hello: '__proto__.polluted' } });
    await c.updateOne({ _id: 2 as never }, { $set: { path: JSON.parse('{"__proto__": "abcd"}') as Document } });
    const back = await c.findOne({ _id: 2 as never });
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual({ polluted: 'world' });
    expect(Object.getOwnPropertyDescriptor(back?.path, '__proto__')?.value).toBe('abcd');
    expect(back?.hello).toBeUndefined();
    expect(({} as Document).polluted).toBeUndefined();
  });

  test('the fields of a DBRef are field names in a query', async () => {
    const c = db.collection('chats');
    const id = new ObjectId();
    await c.insertOne({ members: [{ $ref: 'people', $id: id, $db: 'x' }] });
    expect(await c.countDocuments({ members: { $elemMatch: { $id: id } } })).toBe(1);
    expect(await c.countDocuments({ members: { $elemMatch: { $id: new ObjectId() } } })).toBe(0);
  });
});
