import type { Document } from 'bson';
import { parseCollation } from '../collation.js';
import { ID_INDEX, type Collection } from '../collection.js';
import { arraySource } from '../cursors.js';
import { compileQuery } from '../matching.js';
import { CommandError } from '../errors.js';
import { normaliseSpec, sameOptions, type IndexSpec } from '../indexes.js';
import { compareValues, formatValue, isPlainObject } from '../values.js';
import { collectionName, optionalNumber, writableCollection, type Handler } from './context.js';

// Fields every command may carry that are not collection options.
const GENERIC_FIELDS = new Set(['$db', 'lsid', 'writeConcern', 'comment', '$readPreference', '$clusterTime', 'apiVersion', 'apiStrict', 'apiDeprecationErrors', 'maxTimeMS']);

function options(cmd: Document, commandName: string): Document {
  const out: Document = {};
  for (const [k, v] of Object.entries(cmd)) if (k !== commandName && !GENERIC_FIELDS.has(k)) out[k] = v;
  return out;
}

function notFound(ns: string): CommandError {
  return new CommandError(26, `ns does not exist: ${ns}`);
}

export const create: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'create');
  if (cmd.timeseries !== undefined) {
    const ts = cmd.timeseries as Document;
    if (!isPlainObject(ts) || typeof ts.timeField !== 'string') throw new CommandError(40414, "BSON field 'timeseries.timeField' is missing but a required field");
  }
  if (cmd.viewOn !== undefined) {
    if (typeof cmd.viewOn !== 'string' || cmd.viewOn === '') throw new CommandError(14, "'viewOn' option must be specified as a non-empty string");
    if (cmd.pipeline !== undefined && !Array.isArray(cmd.pipeline)) throw new CommandError(14, "'pipeline' option must be specified as an array");
  }
  if (isPlainObject(cmd.validator)) compileQuery(cmd.validator as Document);
  const opts = options(cmd, 'create');
  if (opts.capped && opts.size === undefined) throw new CommandError(72, "the 'size' field is required when 'capped' is true");
  if (opts.capped) opts.capped = true; // mongod reads any true value (capped: 1) as true
  else delete opts.capped;
  if (isPlainObject(opts.timeseries)) {
    const granularity = (opts.timeseries.granularity as string | undefined) ?? 'seconds';
    opts.timeseries = { ...opts.timeseries, granularity, bucketMaxSpanSeconds: granularity === 'hours' ? 2592000 : granularity === 'minutes' ? 86400 : 3600 };
  }
  if (opts.collation !== undefined) {
    const collation = parseCollation(opts.collation);
    if (collation) opts.collation = collation;
    else delete opts.collation;
  }
  // Like mongod since SERVER-60064: re-creating with identical options succeeds, other options fail with 48.
  const existing = ctx.storage.collection(ctx.db, name);
  if (existing && compareValues(existing.options, opts) === 0) return { ok: 1 };
  ctx.storage.create(ctx.db, name, opts);
  return { ok: 1 };
};

export const drop: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'drop');
  const coll = ctx.storage.collection(ctx.db, name);
  if (!coll) throw new CommandError(26, 'ns not found');
  const nIndexesWas = coll.indexes.length;
  ctx.storage.drop(ctx.db, name);
  return { nIndexesWas, ns: coll.ns, ok: 1 };
};

export const dropDatabase: Handler = (_cmd, ctx) => {
  ctx.storage.dropDatabase(ctx.db);
  return { dropped: ctx.db, ok: 1 };
};

export const listCollections: Handler = (cmd, ctx) => {
  const colls = ctx.storage.dbs.get(ctx.db) ?? new Map();
  let infos: Document[] = Array.from(colls.values(), (c: Collection) =>
    c.options.viewOn !== undefined
      ? { name: c.name, type: 'view', options: { viewOn: c.options.viewOn, pipeline: c.options.pipeline ?? [], ...(c.options.collation ? { collation: c.options.collation } : {}) }, info: { readOnly: true } }
      : { name: c.name, type: c.options.timeseries ? 'timeseries' : 'collection', options: { ...c.options }, info: { readOnly: false }, idIndex: { ...ID_INDEX } },
  );
  if (isPlainObject(cmd.filter) && Object.keys(cmd.filter).length) {
    const query = compileQuery(cmd.filter);
    infos = infos.filter((i) => query.test(i));
  }
  if (cmd.nameOnly === true) infos = infos.map((i) => ({ name: i.name, type: i.type }));
  const batchSize = isPlainObject(cmd.cursor) ? optionalNumber(cmd.cursor.batchSize) : undefined;
  return ctx.cursors.first(`${ctx.db}.$cmd.listCollections`, arraySource(infos), batchSize);
};

export const listIndexes: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'listIndexes');
  const coll = ctx.storage.collection(ctx.db, name);
  if (!coll) throw notFound(`${ctx.db}.${name}`);
  const batchSize = isPlainObject(cmd.cursor) ? optionalNumber(cmd.cursor.batchSize) : undefined;
  return ctx.cursors.first(coll.ns, arraySource(coll.indexes.map((i) => i.describe())), batchSize);
};

function validateSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw) || !isPlainObject(raw.key) || Object.keys(raw.key).length === 0) throw new CommandError(67, 'The index key pattern must be a non-empty object');
  if (typeof raw.name !== 'string' || raw.name === '') throw new CommandError(9, "The 'name' field is a required property of an index specification");
  for (const v of Object.values(raw.key)) {
    if (typeof v === 'number' ? v === 0 || Number.isNaN(v) : typeof v !== 'string') throw new CommandError(67, `Values in the index key pattern can only be 1, -1 or a string: ${formatValue(raw.key)}`);
  }
  if (raw.expireAfterSeconds !== undefined) {
    const s = Number(raw.expireAfterSeconds);
    if (!Number.isFinite(s) || s < 0) throw new CommandError(67, 'TTL index \'expireAfterSeconds\' option must be a non-negative number');
  }
  return normaliseSpec(raw);
}

export const createIndexes: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'createIndexes');
  writableCollection(ctx, name, false);
  if (!Array.isArray(cmd.indexes) || cmd.indexes.length === 0) throw new CommandError(2, 'Must specify at least one index to create');
  const specs = (cmd.indexes as unknown[]).map(validateSpec);
  const existed = ctx.storage.collection(ctx.db, name) !== undefined;
  const coll = ctx.storage.ensure(ctx.db, name);
  for (const spec of specs) {
    // An index without a collation takes the collection's default; { locale: 'simple' } means none.
    const collation = parseCollation(spec.collation ?? coll.options.collation);
    if (collation) spec.collation = collation;
    else delete spec.collation;
  }
  const before = coll.indexes.length;
  for (const spec of specs) {
    const byName = coll.index(spec.name);
    if (byName) {
      if (compareValues(byName.spec.key, spec.key) === 0 && sameOptions(byName.spec, spec)) continue;
      throw new CommandError(
        86,
        `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${formatValue(spec)}, existing index: ${formatValue(byName.spec)}`,
      );
    }
    const byKey = coll.indexes.find((i) => compareValues(i.spec.key, spec.key) === 0 && compareValues(i.spec.partialFilterExpression, spec.partialFilterExpression) === 0);
    if (byKey) {
      const msg = sameOptions(byKey.spec, spec)
        ? `Index already exists with a different name: ${byKey.name}`
        : `An equivalent index already exists with a different name and options. Requested index: ${formatValue(spec)}, existing index: ${formatValue(byKey.spec)}`;
      throw new CommandError(85, msg);
    }
    coll.addIndex(spec);
  }
  const reply: Document = { numIndexesBefore: before, numIndexesAfter: coll.indexes.length, createdCollectionAutomatically: !existed };
  if (before === coll.indexes.length) reply.note = 'all indexes already exist';
  reply.ok = 1;
  return reply;
};

export const dropIndexes: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, Object.keys(cmd)[0] as string);
  const coll = ctx.storage.collection(ctx.db, name);
  if (!coll) throw notFound(`${ctx.db}.${name}`);
  const nIndexesWas = coll.indexes.length;
  const target: unknown = cmd.index;
  let names: string[];
  if (target === '*') names = coll.indexes.slice(1).map((i) => i.name);
  else if (typeof target === 'string') names = [target];
  else if (Array.isArray(target)) names = target.map(String);
  else if (isPlainObject(target)) {
    const ix = coll.indexes.find((i) => compareValues(i.spec.key, target) === 0);
    if (!ix) throw new CommandError(27, `can't find index with key: ${formatValue(target)}`);
    names = [ix.name];
  } else throw new CommandError(14, "BSON field 'dropIndexes.index' is missing");
  for (const n of names) {
    if (n === '_id_') throw new CommandError(72, 'cannot drop _id index');
    if (!coll.index(n)) throw new CommandError(27, `index not found with name [${n}]`);
  }
  for (const n of names) coll.dropIndex(n);
  return { nIndexesWas, ok: 1 };
};

export const renameCollection: Handler = (cmd, ctx) => {
  const from = String(cmd.renameCollection);
  const to = String(cmd.to);
  const split = (ns: string): [string, string] => {
    const dot = ns.indexOf('.');
    if (dot <= 0) throw new CommandError(73, `Invalid namespace specified '${ns}'`);
    return [ns.slice(0, dot), ns.slice(dot + 1)];
  };
  const [fromDb, fromName] = split(from);
  const [toDb, toName] = split(to);
  const source = ctx.storage.collection(fromDb, fromName);
  if (!source) throw new CommandError(26, 'Source collection does not exist');
  if (ctx.storage.collection(toDb, toName)) {
    if (cmd.dropTarget !== true) throw new CommandError(48, 'target namespace exists');
    ctx.storage.drop(toDb, toName);
  }
  const target = ctx.storage.create(toDb, toName, source.options);
  for (const ix of source.indexes.slice(1)) target.addIndex(ix.spec);
  for (const doc of source.docs.values()) target.insert(doc);
  ctx.storage.drop(fromDb, fromName);
  return { ok: 1 };
};

const VALIDATION_LEVELS = new Set(['off', 'strict', 'moderate']);
const VALIDATION_ACTIONS = new Set(['error', 'warn']);

/** collMod: validator and its level/action, a view's definition, an index's `hidden` and TTL. */
export const collMod: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'collMod');
  const coll = ctx.storage.collection(ctx.db, name);
  if (!coll) throw notFound(`${ctx.db}.${name}`);
  const isView = coll.options.viewOn !== undefined;
  const opts: Document = { ...coll.options };
  const reply: Document = {};
  for (const [k, v] of Object.entries(options(cmd, 'collMod'))) {
    switch (k) {
      case 'validator':
        if (!isPlainObject(v)) throw new CommandError(14, "BSON field 'collMod.validator' is the wrong type, expected type 'object'");
        compileQuery(v);
        opts.validator = v;
        break;
      case 'validationLevel':
        if (!VALIDATION_LEVELS.has(String(v))) throw new CommandError(2, `Enumeration value '${String(v)}' for field 'collMod.validationLevel' is not a valid value.`);
        opts.validationLevel = v;
        break;
      case 'validationAction':
        if (!VALIDATION_ACTIONS.has(String(v))) throw new CommandError(2, `Enumeration value '${String(v)}' for field 'collMod.validationAction' is not a valid value.`);
        opts.validationAction = v;
        break;
      case 'viewOn':
      case 'pipeline':
        if (!isView) throw new CommandError(72, `option not supported on a collection: ${k}`);
        opts[k] = v;
        break;
      case 'index': {
        if (!isPlainObject(v)) throw new CommandError(14, "BSON field 'collMod.index' is the wrong type, expected type 'object'");
        const ix = typeof v.name === 'string' ? coll.index(v.name) : coll.indexes.find((i) => compareValues(i.spec.key, v.keyPattern) === 0);
        if (!ix) throw new CommandError(27, `cannot find index ${formatValue(v.name ?? v.keyPattern)} for ns ${coll.ns}`);
        const spec = { ...ix.spec };
        if (v.hidden !== undefined) {
          if (ix.name === '_id_') throw new CommandError(72, 'cannot modify hidden field of an _id index');
          reply.hidden_old = spec.hidden === true;
          reply.hidden_new = v.hidden === true;
          if (v.hidden === true) spec.hidden = true;
          else delete spec.hidden;
        }
        if (v.expireAfterSeconds !== undefined) {
          if (spec.expireAfterSeconds === undefined) throw new CommandError(72, 'no expireAfterSeconds field to update');
          reply.expireAfterSeconds_old = spec.expireAfterSeconds;
          reply.expireAfterSeconds_new = Number(v.expireAfterSeconds);
          spec.expireAfterSeconds = Number(v.expireAfterSeconds);
        }
        coll.dropIndex(ix.name);
        coll.addIndex(spec);
        break;
      }
      default:
        throw new CommandError(40415, `BSON field 'collMod.${k}' is an unknown field.`);
    }
  }
  ctx.storage.setOptions(ctx.db, name, opts);
  reply.ok = 1;
  return reply;
};
