// Query execution on top of mingo: filtering, sorting, skip/limit and projection. mingo's projection
// edits nested objects of its input in place, so projections always work on a copy.
import type { Document } from 'bson';
import type { Query } from 'mingo/query';
import type { AnyObject } from 'mingo/types';
import { collator, type CollationSpec } from './collation.js';
import type { Collection } from './collection.js';
import { nearDocuments, takeNear } from './geo-query.js';
import { compileQuery, filterFields, sortDocuments, type MatchOptions } from './matching.js';
import { chooseScan, countScan, idLookup, scanIds, simpleMatcher, type IndexScan, type Plan } from './planner.js';
import { isTextScore, takeText, textScores, textSearch } from './text.js';
import { cloneDoc, compareValues, isPlainObject, setField, withIdFirst, type StringCompare } from './values.js';

export interface Selection {
  docs: Document[];
  plan: Plan;
}

export interface SelectOptions {
  sort?: Document;
  skip?: number;
  limit?: number;
  /** The command's effective collation (see collation.ts); undefined = binary. */
  collation?: CollationSpec;
  /** `let` variables for `$expr`. */
  variables?: Document;
  /**
   * The top-level fields the caller reads of each document (an inclusion projection's): a document
   * found by _id or through an index is decoded with these and the fields the filter and the sort name.
   */
  reads?: ReadonlySet<string>;
}

export function cleanSort(sort: unknown): Document | undefined {
  if (!isPlainObject(sort)) return undefined;
  const out: Document = {};
  for (const [k, v] of Object.entries(sort)) {
    if (isTextScore(v)) out[k] = { $meta: 'textScore' };
    else if (k !== '$natural' && !isPlainObject(v)) out[k] = Number(v) < 0 ? -1 : 1;
  }
  return Object.keys(out).length ? out : undefined;
}

export function makeQuery(filter: Document | undefined, opts: MatchOptions = {}): Query {
  return compileQuery(filter, opts);
}

/** Documents of `coll` matching `filter`, decoded for this call. */
export function select(coll: Collection | undefined, filter: Document | undefined, opts: SelectOptions = {}): Selection {
  if (!coll) {
    const { text, rest } = takeText(filter ?? {});
    if (text !== undefined) textSearch(coll, text, []);
    makeQuery(takeNear(rest).rest, { collation: opts.collation, variables: opts.variables }); // a bad filter fails on a missing collection too
    return { docs: [], plan: { stage: 'COLLSCAN', docs: [], keysExamined: 0 } };
  }
  const { text, rest: f } = takeText(filter ?? {});
  const skip = opts.skip && opts.skip > 0 ? opts.skip : 0;
  const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
  const sort = cleanSort(opts.sort);
  const collation = opts.collation;
  const match: MatchOptions = { collation, variables: opts.variables };
  const near = takeNear(f);
  if (near.near) {
    const query = makeQuery(near.rest, match);
    let docs = nearDocuments(coll, near.near, (d) => query.test(d));
    if (sort) docs = sortDocuments(docs, sort, collator(collation));
    if (skip || limit) docs = docs.slice(skip, limit ? skip + limit : undefined);
    return { docs, plan: { stage: 'COLLSCAN', docs, keysExamined: 0 } };
  }
  if (text !== undefined) {
    let docs = textSearch(coll, text, coll.docs.values());
    if (Object.keys(f).length) {
      const query = makeQuery(f, match);
      docs = docs.filter((d) => query.test(d));
    }
    if (sort) docs = sortDocuments(docs, sort, collator(collation));
    if (skip || limit) docs = docs.slice(skip, limit ? skip + limit : undefined);
    return { docs, plan: { stage: 'COLLSCAN', docs, keysExamined: 0 } };
  }
  const decode = decoder(coll, opts.reads, f, sort);
  // Index bounds compare strings binary, so a collated query reads the whole collection.
  const byId = collation ? undefined : idLookup(coll, f, decode);
  if (byId?.exact && !skip && byId.docs.length <= 1) return { docs: byId.docs, plan: byId };
  const scan = byId || collation ? undefined : chooseScan(coll, f, sort, limit ? skip + limit : 0);
  if (scan?.order) return walkInOrder(coll, f, scan, skip, limit, decode);
  let p: Plan;
  if (byId) p = byId;
  else if (!scan) p = collectionScan(coll, f, match, sort && limit ? { sort, keep: skip + limit, strings: collator(collation) } : undefined);
  else {
    const counter = { keys: 0 };
    const examined = { count: 0 };
    const test = scan.exact ? undefined : documentTest(f, scan.decided, match);
    const docs = Array.from(fetchPassing(coll, scanIds(coll, scan, counter), f, test, examined, decode));
    // Either the bounds or the test above decided every candidate.
    p = { stage: 'IXSCAN', index: scan.index, docs, docsExamined: examined.count, keysExamined: counter.keys, exact: true };
  }
  let docs = p.docs;
  if (!p.exact) {
    const test = p.stage === 'IDHACK' ? documentTest(f, undefined, match) : undefined;
    const query = test ? undefined : makeQuery(f, match);
    docs = docs.filter((d) => (test ? test(d) : (query as Query).test(d)));
  }
  if (sort) docs = sortDocuments(docs, sort, collator(collation));
  if (skip || limit) docs = docs.slice(skip, limit ? skip + limit : undefined);
  return { docs, plan: p };
}

/** How select decodes a stored document: whole, or only the fields read (`reads`, the filter's and the sort's). */
function decoder(coll: Collection, reads: ReadonlySet<string> | undefined, filter: Document, sort: Document | undefined): (id: string) => Document | undefined {
  const whole = (id: string) => coll.docs.get(id);
  const named = reads ? filterFields(filter) : undefined;
  if (!reads || !named) return whole;
  for (const field of reads) named.add(field);
  for (const path of Object.keys(sort ?? {})) named.add(path.split('.')[0] as string);
  return coll.docs.fieldReader(named);
}

/**
 * Reads every document; one the filter rules out on the fields it reads is not decoded in full.
 * Under a sort with a limit, only the first `keep` in that order are: the others are sorted on the
 * fields the sort and the filter name.
 */
function collectionScan(coll: Collection, filter: Document, match: MatchOptions, top?: { sort: Document; keep: number; strings: StringCompare | undefined }): Plan {
  const partial = fieldTest(filter, match, top && Object.keys(top.sort));
  if (!partial) return { stage: 'COLLSCAN', docs: Array.from(coll.docs.values()), keysExamined: 0 };
  const { fields, test } = partial;
  const examined = { docsExamined: coll.docs.size, keysExamined: 0 };
  if (!top) return { stage: 'COLLSCAN', docs: Array.from(coll.docs.passing(fields, test)), exact: true, ...examined };
  const ids = new Map<Document, string>();
  for (const [id, named] of coll.docs.passingFields(fields, test)) ids.set(named, id);
  const first = sortDocuments([...ids.keys()], top.sort, top.strings).slice(0, top.keep);
  return { stage: 'COLLSCAN', docs: first.map((named) => coll.docs.get(ids.get(named) as string) as Document), exact: true, ...examined };
}

/**
 * The top-level fields a filter reads (and `more`), with the filter as a test of a document holding
 * only those; undefined when the filter may read any field or names none.
 */
function fieldTest(filter: Document, match: MatchOptions, more: string[] = []): { fields: Set<string>; test: (partial: Document) => boolean } | undefined {
  const fields = filterFields(filter);
  for (const path of more) fields?.add(path.split('.')[0] as string);
  if (!fields?.size) return undefined;
  // The planner's own test compares strings binary: a collated filter goes to mingo.
  const query = match.collation ? makeQuery(filter, match) : undefined;
  return { fields, test: query ? (partial) => query.test(partial) : documentTest(filter, undefined, match) };
}

/**
 * The filter as a document test: the planner's own check for simple conditions, else mingo. A
 * filter the simple check reads is plain equality, $in and ranges, which mingo accepts, so mingo
 * is only compiled when a document needs it.
 */
function documentTest(filter: Document, decided?: Set<string>, match: MatchOptions = {}): (doc: Document) => boolean {
  const simple = simpleMatcher(filter, decided);
  if (!simple) {
    const query = makeQuery(filter, match);
    return (doc) => query.test(doc);
  }
  let query: Query | undefined;
  return (doc) => simple(doc) ?? (query ??= makeQuery(filter, match)).test(doc);
}

/**
 * The documents of `ids` that pass `test` (all of them without one). A test that reads only fields
 * the filter names is given just those, so a document it rules out is not decoded in full.
 */
function* fetchPassing(
  coll: Collection,
  ids: Iterable<string>,
  filter: Document,
  test: ((doc: Document) => boolean) | undefined,
  examined: { count: number },
  decode: (id: string) => Document | undefined,
): Generator<Document> {
  const fields = test && filterFields(filter);
  const named = fields && fields.size > 0 ? coll.docs.fieldReader(fields) : undefined;
  for (const id of ids) {
    let doc: Document | undefined;
    if (test) {
      const candidate = named ? named(id) : (doc = coll.docs.get(id));
      if (!candidate) continue;
      examined.count++;
      if (!test(candidate)) continue;
    } else if (coll.docs.has(id)) examined.count++;
    else continue;
    yield doc ?? (decode(id) as Document);
  }
}

/** Reads the index in the sort order, so skip and limit stop the scan early. */
function walkInOrder(coll: Collection, filter: Document, scan: IndexScan, skip: number, limit: number, decode: (id: string) => Document | undefined): Selection {
  const test = scan.exact ? undefined : documentTest(filter, scan.decided);
  const counter = { keys: 0 };
  const examined = { count: 0 };
  const docs: Document[] = [];
  let skipped = 0;
  const ids = scanIds(coll, scan, counter)[Symbol.iterator]();
  // What the bounds decide and the skip passes over is counted, not decoded.
  while (!test && skipped < skip) {
    const next = ids.next();
    if (next.done) break;
    if (!coll.docs.has(next.value)) continue;
    examined.count++;
    skipped++;
  }
  for (const doc of fetchPassing(coll, { [Symbol.iterator]: () => ids }, filter, test, examined, decode)) {
    if (skipped < skip) {
      skipped++;
      continue;
    }
    docs.push(doc);
    if (limit && docs.length >= limit) break;
  }
  return { docs, plan: { stage: 'IXSCAN', index: scan.index, docs, docsExamined: examined.count, keysExamined: counter.keys, exact: scan.exact, sorted: true } };
}

/** The number of documents matching `filter`; read from index entries alone when the bounds decide it. */
export function countMatches(coll: Collection | undefined, filter: Document | undefined, opts: SelectOptions = {}): number {
  if (!coll) return 0;
  const f = filter ?? {};
  if (Object.keys(f).length === 0) return coll.docs.size;
  const byId = opts.collation ? undefined : idLookup(coll, f);
  const scan = opts.collation || byId ? undefined : chooseScan(coll, f);
  if (scan?.exact) return countScan(coll, scan);
  const match = { collation: opts.collation, variables: opts.variables };
  const partial = !byId && !scan && !takeNear(f).near ? fieldTest(f, match) : undefined;
  // Read through no index, matches are counted on the fields the filter names, not decoded.
  if (partial) return Array.from(coll.docs.passingFields(partial.fields, partial.test)).length;
  return select(coll, f, match).docs.length;
}

/** Distinct values of `key` among `docs` (array elements counted singly), equal ones once under the collation. */
export function distinctValues(values: unknown[], collation?: CollationSpec): unknown[] {
  const str = collator(collation);
  const sorted = values.slice().sort((a, b) => compareValues(a, b, str));
  return sorted.filter((v, i) => i === 0 || compareValues(sorted[i - 1], v, str) !== 0);
}

/** A function applying a find projection to a stored document (returns a new object). */
export function projector(filter: Document | undefined, projection: unknown, match: MatchOptions = {}): ((doc: Document) => Document) | undefined {
  if (!isPlainObject(projection) || Object.keys(projection).length === 0) return undefined;
  const plain = topLevelProjector(projection);
  if (plain) return plain;
  const included = inclusionProjector(projection);
  if (!included) return generalProjector(filter, projection, match);
  let general: ((doc: Document) => Document) | undefined;
  return (doc) => included(doc) ?? (general ??= generalProjector(filter, projection, match))(doc);
}

/** Any projection, through mingo. */
function generalProjector(filter: Document | undefined, projection: Document, match: MatchOptions): (doc: Document) => Document {
  const q = makeQuery(takeNear(takeText(filter ?? {}).rest).rest, match);
  // `$slice` is applied here: mongod reads a projection of only slices (and exclusions) as an
  // exclusion projection that keeps every other field, where mingo would keep the sliced field only.
  const slices = Object.entries(projection).filter(([, v]) => isPlainObject(v) && '$slice' in v) as Array<[string, Document]>;
  const scores = Object.keys(projection).filter((k) => isTextScore(projection[k]));
  let rest: Document = projection;
  if (scores.length) {
    rest = { ...projection };
    for (const k of scores) delete rest[k];
  }
  if (slices.length) {
    rest = { ...rest };
    rest = { ...projection };
    const inclusive = Object.entries(projection).some(([k, v]) => !slices.some(([p]) => p === k) && k !== '_id' && (v === true || (typeof v === 'number' && v !== 0) || (isPlainObject(v) && !('$slice' in v))));
    for (const [path] of slices) {
      if (inclusive) rest[path] = 1;
      else delete rest[path];
    }
  }
  const hasRest = Object.keys(rest).length > 0;
  const everything = makeQuery({}, match);
  return (doc) => {
    let copy = cloneDoc(doc);
    for (const [path, spec] of slices) sliceAt(copy, path, spec.$slice);
    if (hasRest) {
      // The filter serves positional (`field.$`) projections; a document it no longer matches (the
      // post-image of findAndModify, say, after the update moved a field past the query) is still projected.
      copy = (q.find<Document>([copy], rest as AnyObject).next() as Document | undefined) ?? everything.find<Document>([copy], rest as AnyObject).next();
      // mingo appends _id after included fields; MongoDB keeps it first.
      if ('_id' in copy && Object.keys(copy)[0] !== '_id') copy = withIdFirst(copy);
    }
    for (const k of scores) copy[k] = textScores.get(doc) ?? 0;
    return copy;
  };
}

/**
 * The top-level fields an inclusion projection reads (with _id): `history.elementId` reads `history`.
 * Undefined for any other projection (see inclusionPaths).
 */
export function projectedFields(projection: unknown): Set<string> | undefined {
  const included = isPlainObject(projection) ? inclusionPaths(projection) : undefined;
  return included && new Set(['_id', ...included.tree.keys()]);
}

/**
 * A projection that only includes, or only excludes, top-level fields (`{ status: 1, caseId: 1 }`,
 * `{ _id: 0 }`, `{ text: 0 }`), the shape drivers send for lean reads: the fields are picked in the
 * document's order, as mongod does, without mingo. Undefined for any other projection. The picked
 * values are shared with the stored document, which is never mutated (the result is only encoded).
 */
function topLevelProjector(projection: Document): ((doc: Document) => Document) | undefined {
  const fields = new Set<string>();
  let idKept = true;
  let inclusive: boolean | undefined;
  for (const [key, value] of Object.entries(projection)) {
    if (key === '' || key.includes('.') || key.startsWith('$') || (value !== 0 && value !== 1 && value !== true && value !== false)) return undefined;
    const keep = value === 1 || value === true;
    if (key === '_id') {
      idKept = keep;
      continue;
    }
    if (inclusive !== undefined && inclusive !== keep) return undefined;
    inclusive = keep;
    fields.add(key);
  }
  // `{ _id: 1 }` alone includes _id only; `{ _id: 0 }` alone excludes it only.
  const include = inclusive ?? idKept;
  if (!include && projection._id !== undefined && idKept) return undefined;
  return (doc) => {
    const out: Document = {};
    for (const key of Object.keys(doc)) {
      if (key === '_id' ? idKept : fields.has(key) === include) out[key] = doc[key];
    }
    return out;
  };
}

/** Included paths as a tree: `true` where a path ends. */
type PathTree = Map<string, PathTree | true>;

/** Thrown by inclusionProjector's walk at an array in an array. */
class NestedArray extends Error {}

/**
 * The paths a projection includes, as a tree, and whether it keeps `_id`. Undefined unless it only
 * includes fields (`_id` may be left out), names at least one besides `_id`, and no path overlaps
 * another, runs into `_id` or holds an operator or a positional `$`.
 */
function inclusionPaths(projection: Document): { tree: PathTree; idKept: boolean } | undefined {
  const tree: PathTree = new Map();
  let idKept = true;
  for (const [key, value] of Object.entries(projection)) {
    if (key === '_id' && (value === 0 || value === false || value === 1 || value === true)) {
      idKept = value === 1 || value === true;
      continue;
    }
    const path = key.split('.');
    if ((value !== 1 && value !== true) || path[0] === '_id' || path.some((part) => part === '' || part.startsWith('$'))) return undefined;
    let node = tree;
    for (const [i, part] of path.entries()) {
      const next = node.get(part);
      if (i === path.length - 1) {
        if (next !== undefined) return undefined;
        node.set(part, true);
      } else if (next === true) return undefined;
      else if (next) node = next;
      else {
        const child: PathTree = new Map();
        node.set(part, child);
        node = child;
      }
    }
  }
  return tree.size > 0 ? { tree, idKept } : undefined;
}

/**
 * A projection that only includes fields (inclusionPaths), some by dotted paths
 * (`{ status: 1, 'history.elementId': 1 }`), picked as mongod picks them, without mingo: a value on
 * the way that is not a document is left out, as are the values in an array that are not documents.
 * The projector answers undefined for a document with an array in an array on a path (mingo projects
 * that one).
 */
function inclusionProjector(projection: Document): ((doc: Document) => Document | undefined) | undefined {
  const included = inclusionPaths(projection);
  if (!included) return undefined;
  const { tree, idKept } = included;
  const pickDocument = (doc: Document, node: PathTree, out: Document = {}): Document => {
    for (const key of Object.keys(doc)) {
      const sub = node.get(key);
      if (sub === true) setField(out, key, doc[key]);
      else if (sub) {
        const picked = pickValue(doc[key], sub);
        if (picked !== undefined) setField(out, key, picked);
      }
    }
    return out;
  };
  const pickValue = (value: unknown, node: PathTree): unknown => {
    if (isPlainObject(value)) return pickDocument(value, node);
    if (!Array.isArray(value)) return undefined;
    const out: Document[] = [];
    for (const element of value) {
      if (Array.isArray(element)) throw new NestedArray();
      if (isPlainObject(element)) out.push(pickDocument(element, node));
    }
    return out;
  };
  return (doc) => {
    try {
      return pickDocument(doc, tree, idKept && '_id' in doc ? { _id: doc._id } : {});
    } catch (error) {
      if (error instanceof NestedArray) return undefined;
      throw error;
    }
  };
}

/** `$slice: n` or `[skip, n]` on the array at a path of plain objects (in place on a copy). */
function sliceAt(doc: Document, path: string, arg: unknown): void {
  const parts = path.split('.');
  let node: unknown = doc;
  for (const part of parts.slice(0, -1)) node = isPlainObject(node) ? node[part] : undefined;
  const last = parts[parts.length - 1] as string;
  if (!isPlainObject(node) || !Array.isArray(node[last])) return;
  const arr = node[last] as unknown[];
  if (Array.isArray(arg)) {
    const skip = Number(arg[0]);
    const n = Number(arg[1]);
    const start = skip < 0 ? Math.max(0, arr.length + skip) : Math.min(skip, arr.length);
    node[last] = arr.slice(start, start + Math.max(0, n));
  } else {
    const n = Number(arg);
    node[last] = n >= 0 ? arr.slice(0, n) : arr.slice(Math.max(0, arr.length + n));
  }
}
