// The `bulkWrite` command of MongoDB 8.0 (what the driver's client-level bulk write sends): one list of
// inserts, updates and deletes across namespaces, each run as the single-statement write command it
// stands for, with per-operation results returned through a cursor.
import type { Document } from 'bson';
import { arraySource } from '../cursors.js';
import { CommandError } from '../errors.js';
import { isPlainObject } from '../values.js';
import { optionalNumber, type Handler } from './context.js';
import { holdsLargeDocuments } from '../wire.js';
import * as write from './write.js';

const PASSED_ON = ['let', 'bypassDocumentValidation', 'comment'];

function namespace(ns: unknown): [string, string] {
  if (typeof ns !== 'string') throw new CommandError(14, "BSON field 'bulkWrite.nsInfo.ns' is the wrong type, expected type 'string'");
  const dot = ns.indexOf('.');
  if (dot <= 0 || dot === ns.length - 1) throw new CommandError(73, `Invalid namespace specified '${ns}'`);
  return [ns.slice(0, dot), ns.slice(dot + 1)];
}

export const bulkWrite: Handler = (cmd, ctx) => {
  if (ctx.db !== 'admin') throw new CommandError(13, 'bulkWrite may only be run against the admin database.');
  if (!Array.isArray(cmd.ops)) throw new CommandError(40414, "BSON field 'bulkWrite.ops' is missing but a required field");
  if (!Array.isArray(cmd.nsInfo)) throw new CommandError(40414, "BSON field 'bulkWrite.nsInfo' is missing but a required field");
  const nsInfo = (cmd.nsInfo as Document[]).map((info) => namespace(info.ns));
  const ordered = cmd.ordered !== false;
  const errorsOnly = cmd.errorsOnly === true;
  const shared: Document = {};
  for (const k of PASSED_ON) if (cmd[k] !== undefined) shared[k] = cmd[k];
  const totals = { nErrors: 0, nInserted: 0, nMatched: 0, nModified: 0, nUpserted: 0, nDeleted: 0 };
  const results: Document[] = [];

  for (const [idx, op] of (cmd.ops as Document[]).entries()) {
    if (!isPlainObject(op)) throw new CommandError(14, 'bulkWrite ops must be objects');
    const kind = Object.keys(op)[0] ?? '';
    const at = optionalNumber(op[kind]);
    const target = at === undefined ? undefined : nsInfo[at];
    if (!target) throw new CommandError(2, `BulkWrite ops entry ${idx} has an invalid nsInfo index`);
    const [db, name] = target;
    const sub = { ...ctx, db };
    let reply: Document;
    if (kind === 'insert') {
      const insert = { insert: name, documents: [op.document], ...shared };
      if (holdsLargeDocuments.has(cmd)) holdsLargeDocuments.add(insert);
      reply = write.insert(insert, sub);
    } else if (kind === 'update') {
      const stmt: Document = { q: op.filter ?? {}, u: op.updateMods, multi: op.multi === true, upsert: op.upsert === true };
      for (const k of ['arrayFilters', 'collation', 'hint', 'sort']) if (op[k] !== undefined) stmt[k] = op[k];
      reply = write.update({ update: name, updates: [stmt], ...shared }, sub);
    } else if (kind === 'delete') {
      const stmt: Document = { q: op.filter ?? {}, limit: op.multi === true ? 0 : 1 };
      for (const k of ['collation', 'hint']) if (op[k] !== undefined) stmt[k] = op[k];
      reply = write.del({ delete: name, deletes: [stmt], ...shared }, sub);
    } else {
      throw new CommandError(40415, `BSON field 'bulkWrite.ops.${kind}' is an unknown field.`);
    }
    const errors = reply.writeErrors as Document[] | undefined;
    if (errors?.length) {
      const { index: _index, ...error } = errors[0] as Document;
      totals.nErrors++;
      results.push({ ok: 0, idx, n: 0, ...error });
      if (ordered) break;
      continue;
    }
    const n = Number(reply.n ?? 0);
    const entry: Document = { ok: 1, idx, n };
    if (kind === 'insert') totals.nInserted += n;
    else if (kind === 'delete') totals.nDeleted += n;
    else {
      const upserted = (reply.upserted as Document[] | undefined)?.[0];
      entry.nModified = reply.nModified;
      if (upserted) {
        entry.upserted = { _id: upserted._id };
        totals.nUpserted++;
      } else totals.nMatched += n;
      totals.nModified += Number(reply.nModified ?? 0);
    }
    if (!errorsOnly) results.push(entry);
  }
  const batchSize = isPlainObject(cmd.cursor) ? optionalNumber(cmd.cursor.batchSize) : undefined;
  const cursor = ctx.cursors.first('admin.$cmd.bulkWrite', arraySource(results), batchSize);
  return { cursor: cursor.cursor as Document, ...totals, ok: 1 };
};
