// Chooses how a query reads a collection, the way mongod uses a B-tree index: equality (or $in) on a
// prefix of a complete (not sparse, not partial) index's fields plus an optional range on the next
// field give the index bounds. Among the candidate indexes the one with the fewest entries inside its
// bounds wins (counted exactly from the sorted entries), preferring one that yields the requested sort
// order, so sort + skip + limit can stop early. A plan is "exact" when its bounds alone decide the
// filter (every condition is on a bounded field and can be answered from the key), so callers can
// count entries without fetching documents; otherwise callers re-check each candidate with the full
// filter, so a plan can only narrow the scan, never change a result.
import { ObjectId, type Document } from 'bson';
import type { Collection } from './collection.js';
import { compareEntryIds, entryId, valuesAtPath, type Entry, type Index } from './indexes.js';
import type { Position } from './sortedlist.js';
import { compareValues, idKey, isOddIdKey, isPlainObject, typeRank } from './values.js';

interface Range {
  rank: number;
  lo?: unknown;
  loInc: boolean;
  hi?: unknown;
  hiInc: boolean;
}

/** Bounds on one field; `exact` when the bounds match precisely the documents the condition matches. */
type Bounds = ({ points: unknown[] } | { range: Range }) & { exact: boolean };

export interface Plan {
  stage: 'COLLSCAN' | 'IXSCAN' | 'IDHACK';
  index?: Index;
  /** The documents fetched (explain's docsExamined, unless `docsExamined` says more were read). */
  docs: Document[];
  docsExamined?: number;
  keysExamined: number;
  /** The filter is answered by the plan alone, so no re-check is needed. */
  exact?: boolean;
  /** The documents come in the requested sort order. */
  sorted?: boolean;
}

/** A chosen index scan: one stream of entries per combination of leading equality values. */
export interface IndexScan {
  index: Index;
  /** Leading key values, one tuple per stream, in key order. */
  prefixes: unknown[][];
  /** Range on the field after the prefix, if any. */
  range?: Range;
  exact: boolean;
  /** Fields whose every condition the bounds decide (no need to check them on the document). */
  decided: Set<string>;
  /** Entries inside the bounds (counting an array document once per key). */
  keys: number;
  /** Where each prefix's stream starts and ends in the index (found once, when the scan is costed). */
  bounds: Array<[Position, Position]>;
  /** Set when the scan yields the requested order: which key fields to merge the streams by. */
  order?: { from: number; to: number; reverse: boolean; byId: number };
}

const MAX_PREFIXES = 1000;
/** The most distinct values a range is read as (see distinctInRange). */
const MAX_EXPLODED = 64;

function isPointValue(v: unknown): boolean {
  return v === null || (typeof v === 'number' && !Number.isNaN(v)) || typeof v === 'string' || typeof v === 'boolean' || v instanceof Date || v instanceof ObjectId;
}

function isRangeValue(v: unknown): boolean {
  return v !== null && isPointValue(v);
}

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);

/**
 * Index bounds for one condition. On a field where some document has an array, two range operators
 * may be met by different elements, so only the first one bounds the scan.
 */
function boundsOf(cond: unknown, multikey: boolean): Bounds | null {
  if (!isPlainObject(cond)) return isPointValue(cond) ? { points: [cond], exact: cond !== null } : null;
  const ops = Object.keys(cond);
  if (ops.length === 0 || !ops.every((k) => k.startsWith('$'))) return null;
  if ('$eq' in cond) return isPointValue(cond.$eq) ? { points: [cond.$eq], exact: ops.length === 1 && cond.$eq !== null } : null;
  if ('$in' in cond) {
    const values: unknown = cond.$in;
    if (!Array.isArray(values) || !values.every(isPointValue)) return null;
    return { points: values, exact: ops.length === 1 && !values.includes(null) };
  }
  let range: Range | null = null;
  let exact = !multikey;
  for (const [op, v] of Object.entries(cond)) {
    if (!RANGE_OPS.has(op)) {
      exact = false;
      continue;
    }
    if (!isRangeValue(v)) return null;
    if (range && multikey) continue;
    const rank = typeRank(v);
    range ??= { rank, loInc: false, hiInc: false };
    if (range.rank !== rank) return { points: [], exact };
    if (op === '$gt' || op === '$gte') {
      const d = range.lo === undefined ? 1 : compareValues(v, range.lo);
      if (d > 0 || (d === 0 && op === '$gt')) [range.lo, range.loInc] = [v, op === '$gte'];
    } else {
      const d = range.hi === undefined ? -1 : compareValues(v, range.hi);
      if (d < 0 || (d === 0 && op === '$lt')) [range.hi, range.hiInc] = [v, op === '$lte'];
    }
  }
  return range ? { range, exact } : null;
}

/** Conditions that must all hold: the top-level fields and those of nested $and clauses. */
function conditionsOn(filter: Document, field: string, out: unknown[] = []): unknown[] {
  if (field in filter) out.push(filter[field]);
  const and: unknown = filter.$and;
  if (Array.isArray(and)) for (const clause of and) if (isPlainObject(clause)) conditionsOn(clause, field, out);
  return out;
}

function boundsFor(filter: Document, field: string, multikey: boolean): Bounds | null {
  const conds = conditionsOn(filter, field);
  const all = conds.map((c) => boundsOf(c, multikey));
  // On a field without arrays every value list must hold, so their intersection bounds the scan.
  if (!multikey && all.length > 1 && all.every((b) => b && 'points' in b)) {
    const lists = all as Array<{ points: unknown[]; exact: boolean }>;
    const points = lists.reduce<unknown[]>((acc, b) => acc.filter((v) => b.points.some((w) => compareValues(v, w) === 0)), lists[0]?.points ?? []);
    return { points, exact: lists.every((b) => b.exact) };
  }
  let best: Bounds | null = null;
  for (const b of all) if (b && (!best || ('points' in b && !('points' in best)))) best = b;
  if (best && conds.length > 1) best = { ...best, exact: false };
  return best;
}

/** Whether every condition of the filter (including nested $and clauses) is on one of `fields`. */
function onlyOn(filter: Document, fields: Set<string>): boolean {
  return Object.entries(filter).every(([k, v]) => (k === '$and' ? Array.isArray(v) && v.every((c) => isPlainObject(c) && onlyOn(c, fields)) : fields.has(k)));
}

function uniqueSorted(values: unknown[]): unknown[] {
  const sorted = values.slice().sort(compareValues);
  return sorted.filter((v, i) => i === 0 || compareValues(sorted[i - 1], v) !== 0);
}

/** Compares the first `prefix.length` values of an entry (a key, then an identity key) with `prefix`. */
function comparePrefix(k: Entry, prefix: unknown[]): number {
  for (let i = 0; i < prefix.length; i++) {
    const d = compareValues(k[i], prefix[i]);
    if (d !== 0) return d;
  }
  return 0;
}

function belowLow(v: unknown, r: Range): boolean {
  const d = typeRank(v) - r.rank || (r.lo === undefined ? 1 : compareValues(v, r.lo));
  return r.loInc || r.lo === undefined ? d < 0 : d <= 0;
}

function notAboveHigh(v: unknown, r: Range): boolean {
  const d = typeRank(v) - r.rank;
  if (d !== 0) return d < 0;
  if (r.hi === undefined) return true;
  const c = compareValues(v, r.hi);
  return c < 0 || (c === 0 && r.hiInc);
}

/** The [start, end) positions of one stream of a scan. */
function streamBounds(scan: IndexScan, prefix: unknown[]): [Position, Position] {
  const list = scan.index.entries;
  const at = prefix.length;
  const r = scan.range;
  const start = list.seek((x) => {
    const d = comparePrefix(x, prefix);
    return d < 0 || (d === 0 && r !== undefined && belowLow(x[at], r));
  });
  const end = list.seek((x) => {
    const d = comparePrefix(x, prefix);
    return d < 0 || (d === 0 && (r === undefined || notAboveHigh(x[at], r)));
  });
  return [start, end];
}

function* stream(scan: IndexScan, at: number, reverse: boolean): Generator<Entry> {
  const list = scan.index.entries;
  const [start, end] = scan.bounds[at] as [Position, Position];
  let n = list.ordinal(end) - list.ordinal(start);
  if (n <= 0) return;
  for (const e of reverse ? list.iterateBack(end) : list.iterate(start)) {
    yield e;
    if (--n === 0) return;
  }
}

/** Sort spec fields (without a trailing _id) the scan of `index` can yield, and where in the key. */
function sortOrder(index: Index, prefixLength: number, sort: Document | undefined): IndexScan['order'] {
  if (!sort) return undefined;
  const fields = Object.keys(sort);
  const dirs = fields.map((f) => Number(sort[f]));
  let byId = 0;
  if (fields.length > 0 && fields[fields.length - 1] === '_id' && !index.fields.includes('_id')) {
    byId = dirs[dirs.length - 1] as number;
    fields.pop();
    dirs.pop();
  }
  if (fields.length === 0 || dirs.some((d) => d !== dirs[0])) return undefined;
  if (byId !== 0 && byId !== dirs[0]) return undefined;
  const from = index.fields.indexOf(fields[0] as string);
  // Each stream holds one value for every prefix field and is ordered by the fields after them, so
  // streams merged by the sort fields come out in order when those start within or right after the prefix.
  if (from < 0 || from > prefixLength) return undefined;
  for (let i = 0; i < fields.length; i++) {
    if (index.fields[from + i] !== fields[i] || index.multikeyFields[from + i]) return undefined;
  }
  return { from, to: from + fields.length, reverse: dirs[0] === -1, byId };
}

/**
 * The distinct values of the key field after `prefix` (one value per prefix field) inside `range`,
 * found by seeking past each value in turn; undefined when there are more than `max`.
 */
function distinctInRange(index: Index, prefix: unknown[], range: Range, max: number): unknown[] | undefined {
  const list = index.entries;
  const at = prefix.length;
  const values: unknown[] = [];
  let pos = list.seek((x) => {
    const d = comparePrefix(x, prefix);
    return d < 0 || (d === 0 && belowLow(x[at], range));
  });
  for (;;) {
    const e = list.iterate(pos).next().value as Entry | undefined;
    if (!e || comparePrefix(e, prefix) !== 0 || !notAboveHigh(e[at], range)) return values;
    if (values.length === max) return undefined;
    const v = e[at];
    values.push(v);
    pos = list.seek((x) => {
      const d = comparePrefix(x, prefix);
      return d < 0 || (d === 0 && compareValues(x[at], v) <= 0);
    });
  }
}

/** The prefixes extended by each distinct value of the next key field inside the range, or undefined when there are too many. */
function explode(index: Index, prefixes: unknown[][], range: Range): unknown[][] | undefined {
  const out: unknown[][] = [];
  for (const p of prefixes) {
    const values = distinctInRange(index, p, range, MAX_EXPLODED - out.length);
    if (!values) return undefined;
    for (const v of values) out.push([...p, v]);
  }
  return out;
}

/** Whether the sort's first field (other than _id) comes in the index after position `i`. */
function sortsAfter(index: Index, i: number, sort: Document | undefined): boolean {
  const first = sort ? Object.keys(sort).find((f) => f !== '_id') : undefined;
  return first !== undefined && index.fields.indexOf(first) > i;
}

function indexScan(index: Index, filter: Document, sort: Document | undefined): IndexScan | undefined {
  let prefixes: unknown[][] = [[]];
  let range: Range | undefined;
  let exact = true;
  let used = 0;
  const decided = new Set<string>();
  for (const [i, field] of index.fields.entries()) {
    const multikey = index.multikeyFields[i] === true;
    const b = boundsFor(filter, field, multikey);
    if (!b) break;
    if ('points' in b) {
      const points = uniqueSorted(b.points);
      if (prefixes.length * points.length > MAX_PREFIXES) {
        exact = false;
        break;
      }
      prefixes = prefixes.flatMap((p) => points.map((v) => [...p, v]));
    } else {
      // A range followed in the index by the sort field is read as its few distinct values (the
      // actions of a resource, say): one stream each, merged in the sort order, so a page stops early.
      const exploded = !multikey && sortsAfter(index, i, sort) ? explode(index, prefixes, b.range) : undefined;
      if (exploded) prefixes = exploded;
      else range = b.range;
    }
    exact &&= b.exact;
    if (b.exact) decided.add(field);
    used++;
    if (range) break;
  }
  if (used === 0 && !sort) return undefined;
  if (exact) {
    exact = onlyOn(filter, new Set(index.fields.slice(0, used)));
  }
  const order = sortOrder(index, prefixes[0]?.length ?? 0, sort);
  if (used === 0 && !order) return undefined;
  const scan: IndexScan = { index, prefixes, range, exact, decided, keys: 0, order, bounds: [] };
  for (const p of prefixes) {
    const [start, end] = streamBounds(scan, p);
    scan.bounds.push([start, end]);
    scan.keys += index.entries.ordinal(end) - index.entries.ordinal(start);
  }
  return scan;
}

/** Estimated work: entries read, documents fetched and checked, and a sort when the scan gives none. */
function cost(scan: IndexScan, sort: Document | undefined, limit: number): number {
  const fetch = scan.exact ? 1 : 3;
  if (!sort) return scan.keys * fetch;
  if (scan.order) return scan.exact && limit > 0 ? Math.min(scan.keys, limit) : scan.keys * fetch * 0.9;
  return scan.keys * fetch + scan.keys * Math.log2(scan.keys + 2);
}

/** The best index scan for a filter (and sort), or undefined for a collection scan. */
export function chooseScan(coll: Collection, filter: Document, sort?: Document, limit = 0): IndexScan | undefined {
  let best: IndexScan | undefined;
  let bestCost = Infinity;
  const collscan = coll.docs.size * 3 + (sort ? coll.docs.size * Math.log2(coll.docs.size + 2) : 0);
  for (const index of coll.indexes) {
    if (!index.complete) continue;
    const scan = indexScan(index, filter, sort);
    if (!scan || (scan.prefixes[0]?.length === 0 && !scan.range && !scan.order)) continue;
    const c = cost(scan, sort, limit);
    if (c < bestCost) [best, bestCost] = [scan, c];
  }
  return best && bestCost <= collscan ? best : undefined;
}

/** Document ids inside the scan's bounds, each once; in the requested order when the scan has one. */
export function* scanIds(coll: Collection, scan: IndexScan, counter: { keys: number }): Generator<string> {
  const seen = oneEntryPerDocument(scan) ? undefined : new Set<string>();
  const first = (id: string): boolean => {
    if (!seen) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  };
  const order = scan.order;
  if (!order) {
    for (let at = 0; at < scan.prefixes.length; at++) {
      for (const e of stream(scan, at, false)) {
        counter.keys++;
        if (first(entryId(e))) yield entryId(e);
      }
    }
    return;
  }
  const sign = order.reverse ? -1 : 1;
  const byKey = (a: Entry, b: Entry): number => {
    for (let i = order.from; i < order.to; i++) {
      const d = compareValues(a[i], b[i]);
      if (d !== 0) return sign * d;
    }
    return 0;
  };
  const heads = scan.prefixes.map((_, at) => {
    const it = stream(scan, at, order.reverse);
    return { it, head: it.next() };
  });
  // Entries with equal sort keys form a group, ordered by _id (or by stored id when unspecified).
  let group: Entry[] = [];
  const idOf = (e: Entry): unknown => coll.docs.get(entryId(e))?._id;
  const inOrder = (): Entry[] => {
    if (group.length > 1) group.sort(order.byId === 0 ? compareEntryIds : (a, b) => order.byId * compareValues(idOf(a), idOf(b)));
    const out = group;
    group = [];
    return out;
  };
  for (;;) {
    let min: (typeof heads)[number] | undefined;
    for (const h of heads) if (!h.head.done && (!min || byKey(h.head.value, min.head.value as Entry) < 0)) min = h;
    if (!min) break;
    const e = min.head.value as Entry;
    min.head = min.it.next();
    counter.keys++;
    if (group.length === 1 && byKey(group[0] as Entry, e) !== 0) {
      // The common case, a group of one, without sorting or a new array.
      const only = group[0] as Entry;
      group[0] = e;
      if (first(entryId(only))) yield entryId(only);
      continue;
    }
    if (group.length > 0 && byKey(group[0] as Entry, e) !== 0) for (const g of inOrder()) if (first(entryId(g))) yield entryId(g);
    group.push(e);
  }
  for (const g of inOrder()) if (first(entryId(g))) yield entryId(g);
}

/**
 * Whether no document has two entries inside the scan's bounds. Only a document with an array on an
 * indexed path has several entries (one per distinct element); when every such field is fixed to
 * one value by the scan, at most one of them falls inside it.
 */
function oneEntryPerDocument(scan: IndexScan): boolean {
  if (scan.index.multikey.size === 0) return true;
  const fixed = scan.prefixes[0]?.length ?? 0;
  return scan.index.multikeyFields.every((multikey, i) => !multikey || (i < fixed && scan.prefixes.every((p) => compareValues(p[i], scan.prefixes[0]?.[i]) === 0)));
}

/** The number of documents matching an exact scan. */
export function countScan(coll: Collection, scan: IndexScan): number {
  if (oneEntryPerDocument(scan)) return scan.keys;
  let n = 0;
  for (const _ of scanIds(coll, { ...scan, order: undefined }, { keys: 0 })) n++;
  return n;
}

/** Documents for an _id equality or $in, or undefined when the filter has none. */
export function idLookup(coll: Collection, filter: Document, decode: (id: string) => Document | undefined = (id) => coll.docs.get(id)): Plan | undefined {
  const idBounds = boundsFor(filter, '_id', false);
  if (!idBounds || !('points' in idBounds)) return undefined;
  // An odd _id (Decimal128 1 stored, 1 asked for) equals others of another identity key: the _id index finds it.
  if (coll.holdsOddIds || idBounds.points.some((p) => isOddIdKey(idKey(p)))) return undefined;
  const docs: Document[] = [];
  const seen = new Set<string>();
  for (const p of idBounds.points) {
    const key = idKey(p);
    const doc = seen.has(key) ? undefined : decode(key);
    if (doc) docs.push(doc);
    seen.add(key);
  }
  const keys = Object.keys(filter);
  return { stage: 'IDHACK', index: coll.indexes[0], docs, keysExamined: docs.length, exact: idBounds.exact && keys.length === 1 && keys[0] === '_id' };
}

function inBounds(v: unknown, b: Bounds): boolean {
  if ('points' in b) return b.points.some((p) => compareValues(v, p) === 0);
  return !belowLow(v, b.range) && notAboveHigh(v, b.range);
}

/**
 * A test for filters made only of conditions the index bounds express exactly (equality, $in, one
 * range per field, nested $and), reading the field values as an index would; undefined for any other
 * filter (those are left to mingo). A range with two ends is decided on one value only, so a document
 * with several values on such a field is not decided here (`undefined` again, per document).
 */
export function simpleMatcher(filter: Document, decided = new Set<string>()): ((doc: Document) => boolean | undefined) | undefined {
  const checks: Array<{ field: string; bounds: Bounds; twoSided: boolean }> = [];
  const gather = (f: Document): boolean =>
    Object.entries(f).every(([field, cond]) => {
      if (field === '$and') return Array.isArray(cond) && cond.every((c) => isPlainObject(c) && gather(c));
      if (field.startsWith('$')) return false;
      const bounds = boundsOf(cond, false);
      if (!bounds?.exact) return false;
      if (!decided.has(field)) checks.push({ field, bounds, twoSided: 'range' in bounds && bounds.range.lo !== undefined && bounds.range.hi !== undefined });
      return true;
    });
  if (!gather(filter)) return undefined;
  return (doc) => {
    for (const c of checks) {
      const values = valuesAtPath(doc, c.field);
      if (c.twoSided && (values.length !== 1 || Array.isArray(values[0]))) return undefined;
      if (!values.some((v) => v !== undefined && inBounds(v, c.bounds))) return false;
    }
    return true;
  };
}
