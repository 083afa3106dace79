import { BSON, type Document } from 'bson';
import type { Collection } from '../collection.js';
import { CommandError, asCommandError } from '../errors.js';
import { projector, select } from '../query.js';
import { applyUpdate, updateKind, upsertSeed } from '../update.js';
import { compareValues, isPlainObject, withIdFirst } from '../values.js';
import type { MatchOptions } from '../matching.js';
import { validateWrite } from '../validation.js';
import { holdsLargeDocuments } from '../wire.js';
import { firstFieldIs, topLevelFieldsReader } from '../stored-documents.js';
import { decodeDocument } from '../types.js';
import { checkHint, collectionName, matchOptions, writableCollection, type Context, type Handler } from './context.js';

function statements(cmd: Document, field: string): Document[] {
  const list: unknown = cmd[field];
  if (!Array.isArray(list)) throw new CommandError(14, `BSON field '${field}' is missing or not an array`);
  return list as Document[];
}

/** Runs the statements of a write batch: ordered stops at the first error, unordered continues. */
function runBatch(cmd: Document, list: Document[], run: (stmt: Document, index: number) => void): Document[] {
  const ordered = cmd.ordered !== false;
  const writeErrors: Document[] = [];
  for (let i = 0; i < list.length; i++) {
    try {
      run(list[i] as Document, i);
    } catch (err) {
      writeErrors.push(asCommandError(err).toWriteError(i));
      if (ordered) break;
    }
  }
  return writeErrors;
}

const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

function checkInsertSize(doc: Document): void {
  const size = BSON.calculateObjectSize(doc);
  if (size > MAX_DOCUMENT_BYTES) throw new CommandError(2, `object to insert too large. size in bytes: ${size}, max size: ${MAX_DOCUMENT_BYTES}`);
}

function checkUpdatedSize(doc: Document): void {
  if (BSON.calculateObjectSize(doc) > MAX_DOCUMENT_BYTES) throw new CommandError(17419, `Resulting document after update is larger than ${MAX_DOCUMENT_BYTES}`);
}

/** A capped collection drops its oldest documents (insertion order) beyond its `max` or `size`. */
function trimCapped(coll: Collection): void {
  const max = Number(coll.options.max ?? 0);
  const size = Number(coll.options.size ?? 0);
  if (max > 0) for (const doc of coll.docs.values()) {
    if (coll.docs.size <= max) break;
    coll.remove(doc);
  }
  if (size > 0) {
    let total = 0;
    for (const doc of coll.docs.values()) total += BSON.calculateObjectSize(doc);
    for (const doc of coll.docs.values()) {
      if (total <= size || coll.docs.size <= 1) break;
      total -= BSON.calculateObjectSize(doc);
      coll.remove(doc);
    }
  }
}

const startsWithId = firstFieldIs('_id');

export const insert: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'insert');
  const docs = statements(cmd, 'documents') as (Document | Buffer)[];
  let n = 0;
  const coll = writableCollection(ctx, name, true);
  const capped = coll.options.capped === true;
  const bypass = cmd.bypassDocumentValidation === true;
  const timeField = (coll.options.timeseries as Document | undefined)?.timeField as string | undefined;
  const mayBeTooLarge = holdsLargeDocuments.has(cmd);
  // Documents arrive as the bytes the client sent (wire.ts). When nothing but the indexes looks
  // into them, only the fields those read are decoded, and the bytes are stored as they are.
  const validated = !bypass && isPlainObject(coll.options.validator) && Object.keys(coll.options.validator).length > 0;
  const indexed = capped || timeField || validated || mayBeTooLarge ? undefined : coll.indexedFields();
  const readIndexed = indexed && topLevelFieldsReader(indexed);
  const writeErrors = runBatch(cmd, docs, (item) => {
    const bytes = Buffer.isBuffer(item) ? item : undefined;
    const doc = bytes ? (readIndexed && startsWithId(bytes) ? readIndexed(bytes) : decodeDocument(bytes)) : item;
    if (!isPlainObject(doc)) throw new CommandError(14, 'documents must be objects');
    const stored = withIdFirst(doc);
    if (mayBeTooLarge) checkInsertSize(stored);
    if (timeField && !(stored[timeField] instanceof Date)) throw new CommandError(2, `'${timeField}' must be present and contain a valid BSON UTC datetime value`);
    validateWrite(coll, stored, { bypass, warn: (msg, info) => ctx.logger.warn(info, msg) });
    // A document that already starts with its _id is stored as the bytes the client sent.
    coll.insert(stored, false, stored === doc ? bytes : undefined);
    if (capped) trimCapped(coll);
    n++;
  });
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

function changed(a: Document, b: Document): boolean {
  return compareValues(a, b) !== 0;
}

function insertUpsert(ctx: Context, cmd: Document, name: string, filter: Document | undefined, u: Document | Document[], arrayFilters: Document[] | undefined, match: MatchOptions): Document {
  const doc = applyUpdate(upsertSeed(filter), u, { arrayFilters, inserting: true, match });
  checkUpdatedSize(doc);
  const coll = writableCollection(ctx, name, true);
  validateWrite(coll, doc, { bypass: cmd.bypassDocumentValidation === true, warn: (msg, info) => ctx.logger.warn(info, msg) });
  coll.insert(doc);
  return doc;
}

export const update: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'update');
  const list = statements(cmd, 'updates');
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors = runBatch(cmd, list, (stmt, index) => {
    const q = stmt.q as Document | undefined;
    const u = stmt.u as Document | Document[];
    const multi = stmt.multi === true;
    const arrayFilters = stmt.arrayFilters as Document[] | undefined;
    if (updateKind(u) === 'replacement' && multi) throw new CommandError(9, 'multi update is not supported for replacement-style update');
    const coll: Collection | undefined = writableCollection(ctx, name, false);
    checkHint(stmt.hint, coll);
    const match = matchOptions(cmd, stmt, coll);
    const { docs } = select(coll, q, { limit: multi ? 0 : 1, sort: stmt.sort as Document | undefined, ...match });
    if (docs.length === 0) {
      if (stmt.upsert !== true) return;
      const doc = insertUpsert(ctx, cmd, name, q, u, arrayFilters, match);
      n++;
      upserted.push({ index, _id: doc._id });
      return;
    }
    for (const doc of docs) {
      const next = applyUpdate(doc, u, { arrayFilters, filter: q, match });
      if (changed(doc, next)) {
        checkUpdatedSize(next);
        validateWrite(coll as Collection, next, { before: doc, bypass: cmd.bypassDocumentValidation === true, warn: (msg, info) => ctx.logger.warn(info, msg) });
        (coll as Collection).replace(doc, next);
        nModified++;
      }
      n++;
    }
  });
  const reply: Document = { n, nModified };
  if (upserted.length) reply.upserted = upserted;
  if (writeErrors.length) reply.writeErrors = writeErrors;
  reply.ok = 1;
  return reply;
};

export const del: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'delete');
  const list = statements(cmd, 'deletes');
  let n = 0;
  const writeErrors = runBatch(cmd, list, (stmt) => {
    const coll = writableCollection(ctx, name, false);
    checkHint(stmt.hint, coll);
    if (!coll) return;
    const { docs } = select(coll, stmt.q as Document | undefined, { limit: Number(stmt.limit) === 1 ? 1 : 0, sort: stmt.sort as Document | undefined, ...matchOptions(cmd, stmt, coll) });
    for (const doc of docs) {
      coll.remove(doc);
      n++;
    }
  });
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

export const findAndModify: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, Object.keys(cmd)[0] as string);
  const query = cmd.query as Document | undefined;
  const u = cmd.update as Document | Document[] | undefined;
  const remove = cmd.remove === true;
  const arrayFilters = cmd.arrayFilters as Document[] | undefined;
  if (remove && u !== undefined) throw new CommandError(9, 'Cannot specify both an update and remove=true');
  if (!remove && u === undefined) throw new CommandError(9, 'Either an update or remove=true must be specified');
  if (remove && cmd.upsert === true) throw new CommandError(9, 'Cannot specify both upsert=true and remove=true');
  const coll = writableCollection(ctx, name, false);
  checkHint(cmd.hint, coll);
  const match = matchOptions(cmd, cmd, coll);
  const [doc] = select(coll, query, { sort: cmd.sort as Document | undefined, limit: 1, ...match }).docs;
  const project = projector(query, cmd.fields, match);
  const shape = (d: Document | undefined): Document | null => (d ? (project ? project(d) : d) : null);

  if (remove) {
    if (doc) coll?.remove(doc);
    return { lastErrorObject: { n: doc ? 1 : 0 }, value: shape(doc), ok: 1 };
  }
  const update = u as Document | Document[];
  if (!doc) {
    if (cmd.upsert !== true) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const created = insertUpsert(ctx, cmd, name, query, update, arrayFilters, match);
    return { lastErrorObject: { n: 1, updatedExisting: false, upserted: created._id }, value: cmd.new === true ? shape(created) : null, ok: 1 };
  }
  const next = applyUpdate(doc, update, { arrayFilters, filter: query, match });
  if (changed(doc, next)) {
    checkUpdatedSize(next);
    if (coll) validateWrite(coll, next, { before: doc, bypass: cmd.bypassDocumentValidation === true, warn: (msg, info) => ctx.logger.warn(info, msg) });
    coll?.replace(doc, next);
  }
  return { lastErrorObject: { n: 1, updatedExisting: true }, value: shape(cmd.new === true ? next : doc), ok: 1 };
};
