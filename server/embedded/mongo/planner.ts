// Chooses the documents a query has to look at. Only equality / $in / range conditions on the first
// field of a complete (not sparse, not partial) index are used; callers always re-check candidates
// with the full filter, so a plan can only narrow the scan, never change a result.
import { ObjectId, type Document } from 'bson';
import type { Collection } from './collection.js';
import type { Entry, Index } from './indexes.js';
import type { Position } from './sortedlist.js';
import { compareValues, idKey, isPlainObject, typeRank } from './values.js';

interface Range {
  rank: number;
  lo?: unknown;
  loInc: boolean;
  hi?: unknown;
  hiInc: boolean;
}

type Bounds = { points: unknown[] } | { range: Range };

export interface Plan {
  stage: 'COLLSCAN' | 'IXSCAN' | 'IDHACK';
  index?: Index;
  docs: Document[];
  keysExamined: number;
  /** The documents are exactly the matches (an _id-only filter), so no re-check is needed. */
  exact?: boolean;
}

function isPointValue(v: unknown): boolean {
  return v === null || (typeof v === 'number' && !Number.isNaN(v)) || typeof v === 'string' || typeof v === 'boolean' || v instanceof Date || v instanceof ObjectId;
}

function isRangeValue(v: unknown): boolean {
  return v !== null && isPointValue(v);
}

function boundsOf(cond: unknown): Bounds | null {
  if (!isPlainObject(cond)) return isPointValue(cond) ? { points: [cond] } : null;
  const ops = Object.keys(cond);
  if (ops.length === 0 || !ops.every((k) => k.startsWith('$'))) return null;
  if ('$eq' in cond) return isPointValue(cond.$eq) ? { points: [cond.$eq] } : null;
  if ('$in' in cond) {
    const values: unknown = cond.$in;
    return Array.isArray(values) && values.every(isPointValue) ? { points: values } : null;
  }
  let range: Range | null = null;
  for (const [op, v] of Object.entries(cond)) {
    if (!['$gt', '$gte', '$lt', '$lte'].includes(op)) continue;
    if (!isRangeValue(v)) return null;
    const rank = typeRank(v);
    range ??= { rank, loInc: false, hiInc: false };
    if (range.rank !== rank) return { points: [] };
    if (op === '$gt' || op === '$gte') {
      const d = range.lo === undefined ? 1 : compareValues(v, range.lo);
      if (d > 0 || (d === 0 && op === '$gt')) [range.lo, range.loInc] = [v, op === '$gte'];
    } else {
      const d = range.hi === undefined ? -1 : compareValues(v, range.hi);
      if (d < 0 || (d === 0 && op === '$lt')) [range.hi, range.hiInc] = [v, op === '$lte'];
    }
  }
  return range ? { range } : null;
}

/** Conditions that must all hold: the top-level fields and those of nested $and clauses. */
function conditionsOn(filter: Document, field: string, out: unknown[] = []): unknown[] {
  if (field in filter) out.push(filter[field]);
  const and: unknown = filter.$and;
  if (Array.isArray(and)) for (const clause of and) if (isPlainObject(clause)) conditionsOn(clause, field, out);
  return out;
}

function boundsFor(filter: Document, field: string): Bounds | null {
  let best: Bounds | null = null;
  for (const cond of conditionsOn(filter, field)) {
    const b = boundsOf(cond);
    if (b && (!best || ('points' in b && !('points' in best)))) best = b;
  }
  return best;
}

function scan(index: Index, bounds: Bounds, visit: (e: Entry) => void): void {
  const first = (e: Entry): unknown => e.k[0];
  const list = index.entries;
  if ('points' in bounds) {
    const points = bounds.points.slice().sort(compareValues);
    points.forEach((p, i) => {
      if (i > 0 && compareValues(points[i - 1], p) === 0) return;
      for (const e of list.iterate(list.seek((x) => compareValues(first(x), p) < 0))) {
        if (compareValues(first(e), p) !== 0) break;
        visit(e);
      }
    });
    return;
  }
  const r = bounds.range;
  const start: Position =
    r.lo === undefined
      ? list.seek((x) => typeRank(first(x)) < r.rank)
      : list.seek((x) => {
          const d = typeRank(first(x)) - r.rank || compareValues(first(x), r.lo);
          return r.loInc ? d < 0 : d <= 0;
        });
  for (const e of list.iterate(start)) {
    const v = first(e);
    if (typeRank(v) !== r.rank) break;
    if (r.hi !== undefined) {
      const d = compareValues(v, r.hi);
      if (d > 0 || (d === 0 && !r.hiInc)) break;
    }
    visit(e);
  }
}

export function plan(coll: Collection, filter: Document): Plan {
  const idBounds = boundsFor(filter, '_id');
  if (idBounds && 'points' in idBounds) {
    const docs: Document[] = [];
    const seen = new Set<string>();
    for (const p of idBounds.points) {
      const key = idKey(p);
      const doc = coll.docs.get(key);
      if (doc && !seen.has(key)) docs.push(doc);
      seen.add(key);
    }
    const keys = Object.keys(filter);
    return { stage: 'IDHACK', index: coll.indexes[0], docs, keysExamined: docs.length, exact: keys.length === 1 && keys[0] === '_id' };
  }
  let chosen: { index: Index; bounds: Bounds } | undefined;
  const score = (c: { index: Index; bounds: Bounds }): number => ('points' in c.bounds ? 0 : 2) + (c.index.unique ? 0 : 1);
  for (const index of coll.indexes) {
    if (!index.complete) continue;
    const field = index.fields[0] as string;
    const bounds = boundsFor(filter, field);
    if (!bounds) continue;
    const candidate = { index, bounds };
    if (!chosen || score(candidate) < score(chosen)) chosen = candidate;
  }
  if (!chosen) return { stage: 'COLLSCAN', docs: Array.from(coll.docs.values()), keysExamined: 0 };
  const ids = new Set<string>();
  let keysExamined = 0;
  scan(chosen.index, chosen.bounds, (e) => {
    keysExamined++;
    ids.add(e.id);
  });
  for (const id of chosen.index.multikey) ids.add(id);
  const docs: Document[] = [];
  for (const id of ids) {
    const doc = coll.docs.get(id);
    if (doc) docs.push(doc);
  }
  return { stage: 'IXSCAN', index: chosen.index, docs, keysExamined };
}
