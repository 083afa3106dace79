// The aggregation stages that write: `$out` (replaces a collection's documents, all or nothing) and
// `$merge` (per result: whenMatched replace/keepExisting/merge/fail/pipeline, whenNotMatched
// insert/discard/fail), into the command's database or another.
import type { Document } from 'bson';
import type { Collection } from '../collection.js';
import { CommandError } from '../errors.js';
import { makeAggregator } from '../matching.js';
import { select } from '../query.js';
import { cloneDoc, isPlainObject, withIdFirst } from '../values.js';
import { letOf, writableCollection, type Context } from './context.js';

function target(ctx: Context, spec: unknown, stage: string): [string, string] {
  if (typeof spec === 'string') return [ctx.db, spec];
  if (isPlainObject(spec) && typeof spec.coll === 'string') return [typeof spec.db === 'string' ? spec.db : ctx.db, spec.coll];
  throw new CommandError(stage === '$out' ? 16990 : 51178, `${stage} requires a collection name`);
}

function outStage(ctx: Context, spec: unknown, results: Document[]): void {
  const [db, name] = target(ctx, spec, '$out');
  const coll = writableCollection({ ...ctx, db }, name, true);
  const before = Array.from(coll.docs.values());
  for (const doc of before) coll.remove(doc);
  try {
    for (const doc of results) coll.insert(withIdFirst(cloneDoc(doc)));
  } catch (err) {
    for (const doc of Array.from(coll.docs.values())) coll.remove(doc);
    for (const doc of before) coll.insert(doc);
    throw err;
  }
}

function mergeStage(ctx: Context, spec: unknown, results: Document[], cmd: Document): void {
  const opts: Document = isPlainObject(spec) ? spec : { into: spec };
  const [db, name] = target(ctx, opts.into, '$merge');
  const coll: Collection = writableCollection({ ...ctx, db }, name, true);
  const on = opts.on === undefined ? ['_id'] : Array.isArray(opts.on) ? (opts.on as string[]) : [String(opts.on)];
  const whenMatched: unknown = opts.whenMatched ?? 'merge';
  const whenNotMatched: unknown = opts.whenNotMatched ?? 'insert';
  for (const result of results) {
    const doc = cloneDoc(result);
    const key: Document = {};
    for (const field of on) {
      if (doc[field] === undefined) throw new CommandError(51132, `$merge write error: 'on' field '${field}' cannot be missing, null, undefined or an array`);
      key[field] = doc[field];
    }
    const [existing] = select(coll, key, { limit: 1 }).docs;
    if (!existing) {
      if (whenNotMatched === 'discard') continue;
      if (whenNotMatched === 'fail') throw new CommandError(13113, '$merge could not find a matching document in the target collection for at least one document in the source collection');
      coll.insert(withIdFirst(doc));
      continue;
    }
    let next: Document;
    if (whenMatched === 'keepExisting') continue;
    if (whenMatched === 'fail') {
      const keyText = on.map((f) => `${f}: ${JSON.stringify(doc[f])}`).join(', ');
      throw new CommandError(11000, `E11000 duplicate key error collection: ${coll.ns} index: _id_ dup key: { ${keyText} }`, { keyPattern: { _id: 1 }, keyValue: { _id: doc._id } });
    }
    if (whenMatched === 'replace') next = { ...doc, _id: existing._id };
    else if (whenMatched === 'merge') next = { ...existing, ...doc, _id: existing._id };
    else if (Array.isArray(whenMatched)) {
      const variables = { ...letOf(cmd), ...(isPlainObject(opts.let) ? opts.let : {}), new: doc };
      const [out] = makeAggregator(whenMatched as Document[], { variables }).run<Document>([cloneDoc(existing)]);
      next = { ...(out ?? existing), _id: existing._id };
    } else throw new CommandError(51191, `Enumeration value '${String(whenMatched)}' for field 'whenMatched' is not a valid value.`);
    coll.replace(existing, withIdFirst(next));
  }
}

/** Applies the pipeline's final `$out` or `$merge` stage to the results before it. */
export function writeStage(ctx: Context, stage: Document, results: Document[], cmd: Document): void {
  if ('$out' in stage) outStage(ctx, stage.$out, results);
  else mergeStage(ctx, stage.$merge, results, cmd);
}
