// Query execution on top of mingo: filtering, sorting, skip/limit and projection. mingo's projection
// edits nested objects of its input in place, so projections always work on a copy.
import type { Document } from 'bson';
import { Query } from 'mingo';
import type { AnyObject, CollationSpec } from 'mingo/types';
import type { Collection } from './collection.js';
import { chooseScan, countScan, idLookup, scanIds, simpleMatcher, type IndexScan, type Plan } from './planner.js';
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
  const f = filter ?? {};
  const skip = opts.skip && opts.skip > 0 ? opts.skip : 0;
  const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
  const sort = cleanSort(opts.sort);
  const collated = sort !== undefined && isPlainObject(opts.collation);
  const byId = idLookup(coll, f);
  if (byId?.exact && !skip && byId.docs.length <= 1) return { docs: byId.docs, plan: byId };
  const scan = byId ? undefined : chooseScan(coll, f, collated ? undefined : sort, limit ? skip + limit : 0);
  if (scan?.order) return walkInOrder(coll, f, scan, skip, limit);
  let p: Plan;
  if (byId) p = byId;
  else if (!scan) p = { stage: 'COLLSCAN', docs: Array.from(coll.docs.values()), keysExamined: 0 };
  else {
    const counter = { keys: 0 };
    const docs: Document[] = [];
    const test = scan.exact ? undefined : documentTest(f, scan.decided);
    for (const id of scanIds(coll, scan, counter)) {
      const doc = coll.docs.get(id);
      if (doc && (!test || test(doc))) docs.push(doc);
    }
    // Either the bounds or the test above decided every candidate.
    p = { stage: 'IXSCAN', index: scan.index, docs, keysExamined: counter.keys, exact: true };
  }
  let cursor = makeQuery(p.exact ? {} : f).find<Document>(p.docs);
  if (sort) cursor = cursor.sort(sort);
  if (collated) cursor = cursor.collation(opts.collation as CollationSpec);
  if (skip) cursor = cursor.skip(skip);
  if (limit) cursor = cursor.limit(limit);
  return { docs: cursor.all(), plan: p };
}

/** The filter as a document test: the planner's own check for simple conditions, else mingo. */
function documentTest(filter: Document, decided?: Set<string>): (doc: Document) => boolean {
  const query = makeQuery(filter);
  const simple = simpleMatcher(filter, decided);
  if (!simple) return (doc) => query.test(doc);
  return (doc) => simple(doc) ?? query.test(doc);
}

/** Reads the index in the sort order, so skip and limit stop the scan early. */
function walkInOrder(coll: Collection, filter: Document, scan: IndexScan, skip: number, limit: number): Selection {
  const test = scan.exact ? undefined : documentTest(filter, scan.decided);
  const counter = { keys: 0 };
  const fetched: Document[] = [];
  const docs: Document[] = [];
  let skipped = 0;
  for (const id of scanIds(coll, scan, counter)) {
    const doc = coll.docs.get(id);
    if (!doc) continue;
    fetched.push(doc);
    if (test && !test(doc)) continue;
    if (skipped < skip) {
      skipped++;
      continue;
    }
    docs.push(doc);
    if (limit && docs.length >= limit) break;
  }
  return { docs, plan: { stage: 'IXSCAN', index: scan.index, docs: fetched, keysExamined: counter.keys, exact: scan.exact, sorted: true } };
}

/** The number of documents matching `filter`; read from index entries alone when the bounds decide it. */
export function countMatches(coll: Collection | undefined, filter: Document | undefined): number {
  if (!coll) return 0;
  const f = filter ?? {};
  if (Object.keys(f).length === 0) return coll.docs.size;
  if (!idLookup(coll, f)) {
    const scan = chooseScan(coll, f);
    if (scan?.exact) return countScan(coll, scan);
  }
  return select(coll, f).docs.length;
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
