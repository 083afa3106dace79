// Query execution on top of mingo: filtering, sorting, skip/limit and projection. mingo's projection
// edits nested objects of its input in place, so projections always work on a copy.
import type { Document } from 'bson';
import { Query } from 'mingo';
import type { AnyObject, CollationSpec } from 'mingo/types';
import type { Collection } from './collection.js';
import { plan, type Plan } from './planner.js';
import { cloneDoc, isPlainObject, withIdFirst } from './values.js';

export interface Selection {
  docs: Document[];
  plan: Plan;
}

export interface SelectOptions {
  sort?: Document;
  skip?: number;
  limit?: number;
  /** Applies to sorting only (mingo compares strings binary when matching). */
  collation?: Document;
}

export function cleanSort(sort: unknown): Document | undefined {
  if (!isPlainObject(sort)) return undefined;
  const out: Document = {};
  for (const [k, v] of Object.entries(sort)) if (k !== '$natural' && !isPlainObject(v)) out[k] = Number(v) < 0 ? -1 : 1;
  return Object.keys(out).length ? out : undefined;
}

export function makeQuery(filter: Document | undefined): Query {
  return new Query((filter ?? {}) as AnyObject, {});
}

/** Documents of `coll` matching `filter` (stored references, never to be mutated). */
export function select(coll: Collection | undefined, filter: Document | undefined, opts: SelectOptions = {}): Selection {
  if (!coll) return { docs: [], plan: { stage: 'COLLSCAN', docs: [], keysExamined: 0 } };
  const p = plan(coll, filter ?? {});
  if (p.exact && !opts.skip && p.docs.length <= 1) return { docs: p.docs, plan: p };
  let cursor = makeQuery(filter).find<Document>(p.docs);
  const sort = cleanSort(opts.sort);
  if (sort) cursor = cursor.sort(sort);
  if (sort && isPlainObject(opts.collation)) cursor = cursor.collation(opts.collation as CollationSpec);
  if (opts.skip && opts.skip > 0) cursor = cursor.skip(opts.skip);
  if (opts.limit && opts.limit > 0) cursor = cursor.limit(opts.limit);
  return { docs: cursor.all(), plan: p };
}

/** A function applying a find projection to a stored document (returns a new object). */
export function projector(filter: Document | undefined, projection: unknown): ((doc: Document) => Document) | undefined {
  if (!isPlainObject(projection) || Object.keys(projection).length === 0) return undefined;
  const q = makeQuery(filter);
  return (doc) => {
    const out = q.find<Document>([cloneDoc(doc)], projection as AnyObject).next();
    // mingo appends _id after included fields; MongoDB keeps it first.
    return '_id' in out && Object.keys(out)[0] !== '_id' ? withIdFirst(out) : out;
  };
}
