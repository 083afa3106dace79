// Geospatial queries as mongod answers them: `$geoWithin` (`$within`) and `$geoIntersects` as query
// operators (no index needed), `$near`/`$nearSphere` and the `$geoNear` stage (nearest first, over a
// 2dsphere or 2d index, mongod's error 291 without one), and the documents a 2dsphere or 2d index
// refuses (16755 "Can't extract geo keys"). The geometry itself is in geo.ts.
import type { Document } from 'bson';
import type { Collection } from './collection.js';
import { CommandError } from './errors.js';
import { EARTH_RADIUS_METERS, GeoError, flatDistance, intersects, legacyPair, locationShape, num, parseGeoJSON, parseRegion, sphereDistance, within, type Shape } from './geo.js';
import type { Index } from './indexes.js';
import { cloneDoc, formatValue, isPlainObject } from './values.js';

type Predicate = (doc: Document) => boolean;

function isLocation(v: unknown): boolean {
  return (isPlainObject(v) && typeof v.type === 'string') || legacyPair(v) !== undefined;
}

/** The locations at a dotted path: a location itself, or each location in an array of them. */
export function locationsAt(doc: unknown, path: string): unknown[] {
  let values: unknown[] = [doc];
  for (const part of path.split('.')) {
    values = values.flatMap((v) => (Array.isArray(v) && !isLocation(v) ? v : [v])).flatMap((v) => (isPlainObject(v) && v[part] !== undefined ? [v[part]] : []));
  }
  return values.flatMap((v) => (Array.isArray(v) && !isLocation(v) ? v : [v])).filter((v) => v !== null && v !== undefined);
}

// Stored documents are never changed in place, so a location's shape is parsed once.
const shapes = new WeakMap<object, Shape | null>();

function shapeOf(v: unknown): Shape | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  let shape = shapes.get(v);
  if (shape === undefined) {
    try {
      shape = locationShape(v) ?? null;
    } catch {
      shape = null;
    }
    shapes.set(v, shape);
  }
  return shape ?? undefined;
}

function badValue(err: unknown): never {
  if (err instanceof GeoError) throw new CommandError(2, err.message);
  throw err;
}

function geometryArg(arg: unknown, op: string): Shape {
  if (!isPlainObject(arg) || !isPlainObject(arg.$geometry)) throw new CommandError(2, `${op} not an object with $geometry`);
  try {
    return parseGeoJSON(arg.$geometry);
  } catch (err) {
    return badValue(err);
  }
}

const geoWithin = (field: string, value: unknown): Predicate => {
  let region;
  try {
    region = parseRegion(value);
  } catch (err) {
    badValue(err);
  }
  return (doc) => locationsAt(doc, field).some((v) => {
    const shape = shapeOf(v);
    return shape !== undefined && within(shape, region);
  });
};

const geoIntersects = (field: string, value: unknown): Predicate => {
  const query = geometryArg(value, '$geoIntersects');
  return (doc) => locationsAt(doc, field).some((v) => {
    const shape = shapeOf(v);
    return shape !== undefined && intersects(shape, query);
  });
};

const nearElsewhere = (): Predicate => {
  throw new CommandError(2, '$geoNear, $near, and $nearSphere are not allowed in this context');
};

/** The geo query operators for mingo (`$near` is answered by select, never inside other operators). */
export const GEO_QUERY_OPERATORS = {
  $geoWithin: geoWithin,
  $within: geoWithin,
  $geoIntersects: geoIntersects,
  $near: nearElsewhere,
  $nearSphere: nearElsewhere,
};

export interface Near {
  field: string;
  cond: Document;
}

/** Splits a `$near`/`$nearSphere` condition off a filter's top level. */
export function takeNear(filter: Document): { near?: Near; rest: Document } {
  for (const field in filter) {
    const cond: unknown = filter[field];
    // Cheap tests first: this runs for every filter.
    if (typeof cond === 'object' && cond !== null && ('$near' in cond || '$nearSphere' in cond) && !field.startsWith('$') && isPlainObject(cond)) {
      const rest = { ...filter };
      delete rest[field];
      return { near: { field, cond }, rest };
    }
  }
  return { rest: filter };
}

interface Center {
  /** GeoJSON centres measure in metres on the sphere; legacy ones in radians or plane units. */
  geojson: boolean;
  x: number;
  y: number;
  spherical: boolean;
  min: number;
  max: number;
}

function geoIndex(coll: Collection, field: string, geojson: boolean): Index | undefined {
  const sphere = coll.indexes.find((ix) => ix.spec.key[field] === '2dsphere' && ix.spec.hidden !== true);
  const flat = coll.indexes.find((ix) => ix.fields[0] === field && ix.spec.key[field] === '2d' && ix.spec.hidden !== true);
  return geojson ? sphere : (flat ?? sphere);
}

function noIndex(): CommandError {
  return new CommandError(291, 'error processing query: planner returned error :: caused by :: unable to find index for $geoNear query');
}

function distanceLimit(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = num(v);
  if (n === undefined || n < 0 || Number.isNaN(n)) throw new CommandError(2, `${name} must be a non-negative number`);
  return n;
}

function centerOf(arg: unknown, spherical: boolean, coll: Collection, field: string): { center: Center; index: Index } {
  const inner = isPlainObject(arg) && isPlainObject(arg.$geometry) ? arg.$geometry : arg;
  const geojson = isPlainObject(inner) && typeof inner.type === 'string';
  let xy: [number, number] | undefined;
  if (geojson) {
    let shape: Shape | undefined;
    try {
      shape = parseGeoJSON(inner);
    } catch (err) {
      badValue(err);
    }
    if (shape?.kind !== 'point') throw new CommandError(2, '$near requires a point, given ' + formatValue(inner));
    xy = [shape.x, shape.y];
  } else xy = legacyPair(inner);
  if (!xy) throw new CommandError(2, `near must be a point: ${formatValue(arg)}`);
  const index = geoIndex(coll, field, geojson);
  if (!index) throw noIndex();
  const sphere = geojson || spherical || index.spec.key[field] === '2dsphere';
  const opts = isPlainObject(arg) && isPlainObject(arg.$geometry) ? arg : {};
  return { center: { geojson, x: xy[0], y: xy[1], spherical: sphere, min: distanceLimit(opts.$minDistance, '$minDistance') ?? 0, max: distanceLimit(opts.$maxDistance, '$maxDistance') ?? Infinity }, index };
}

interface Hit {
  doc: Document;
  distance: number;
  location: unknown;
}

function nearest(doc: Document, field: string, center: Center, from: Shape | undefined): Hit | undefined {
  let best: Hit | undefined;
  for (const location of locationsAt(doc, field)) {
    const shape = shapeOf(location);
    if (!shape) continue;
    const d = center.spherical && from?.kind === 'point' ? sphereDistance(shape, from.p) * (center.geojson ? EARTH_RADIUS_METERS : 1) : flatDistance(shape, center.x, center.y);
    if (!best || d < best.distance) best = { doc, distance: d, location };
  }
  return best;
}

function nearHits(coll: Collection, field: string, center: Center, test: Predicate): Hit[] {
  let from: Shape | undefined;
  if (center.spherical) {
    try {
      from = locationShape([center.x, center.y]);
    } catch (err) {
      badValue(err);
    }
  }
  const hits: Hit[] = [];
  for (const doc of coll.docs.values()) {
    const hit = nearest(doc, field, center, from);
    if (hit && hit.distance >= center.min && hit.distance <= center.max && test(doc)) hits.push(hit);
  }
  return hits.sort((a, b) => a.distance - b.distance);
}

/** The documents a `$near`/`$nearSphere` condition (and the rest of the filter) selects, nearest first. */
export function nearDocuments(coll: Collection, near: Near, test: Predicate): Document[] {
  const { cond, field } = near;
  const op = '$near' in cond ? '$near' : '$nearSphere';
  const { center } = centerOf(cond[op], op === '$nearSphere', coll, field);
  // Legacy form: `$maxDistance`/`$minDistance` beside `$near`, in the centre's units.
  center.max = Math.min(center.max, distanceLimit(cond.$maxDistance, '$maxDistance') ?? Infinity);
  center.min = Math.max(center.min, distanceLimit(cond.$minDistance, '$minDistance') ?? 0);
  return nearHits(coll, field, center, test).map((h) => h.doc);
}

function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Document = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part] as Document;
  }
  node[parts[parts.length - 1] as string] = value;
}

/** The `$geoNear` stage: copies of the nearest documents first, each with its distance (and location). */
export function geoNearStage(coll: Collection | undefined, spec: unknown, compile: (filter: Document) => Predicate): Document[] {
  if (!isPlainObject(spec)) throw new CommandError(10065, '$geoNear requires an object');
  if (typeof spec.distanceField !== 'string') throw new CommandError(2, "$geoNear requires a 'distanceField' option as a String");
  if (spec.near === undefined) throw new CommandError(2, "$geoNear requires a 'near' option");
  if (!coll) return [];
  const geoFields = coll.indexes.flatMap((ix) => Object.entries(ix.spec.key).filter(([, t]) => t === '2dsphere' || t === '2d').map(([f]) => f));
  const field = typeof spec.key === 'string' ? spec.key : geoFields.length === 1 ? geoFields[0] : undefined;
  if (field === undefined) {
    if (geoFields.length === 0) throw new CommandError(27, '$geoNear requires a 2d or 2dsphere index, but none were found');
    throw new CommandError(27, `There is more than one 2d or 2dsphere index on ${coll.ns}; unsure which to use for $geoNear`);
  }
  const { center } = centerOf(spec.near, spec.spherical === true, coll, field);
  center.min = distanceLimit(spec.minDistance, 'minDistance') ?? 0;
  center.max = distanceLimit(spec.maxDistance, 'maxDistance') ?? Infinity;
  const multiplier = num(spec.distanceMultiplier) ?? 1;
  const test = isPlainObject(spec.query) ? compile(spec.query) : () => true;
  return nearHits(coll, field, center, test).map((hit) => {
    const out = cloneDoc(hit.doc);
    setPath(out, spec.distanceField as string, hit.distance * multiplier);
    if (typeof spec.includeLocs === 'string') setPath(out, spec.includeLocs, cloneDoc(hit.location));
    return out;
  });
}

function keysError(doc: Document, reason: string): CommandError {
  return new CommandError(16755, `Can't extract geo keys: ${formatValue(doc)}  ${reason}`);
}

/** Refuses a document that a 2dsphere or 2d index of the collection cannot index, as mongod does. */
export function checkGeoKeys(indexes: Index[], doc: Document): void {
  for (const ix of indexes) {
    if (!ix.special) continue;
    for (const [field, type] of Object.entries(ix.spec.key)) {
      if (type === '2dsphere') {
        for (const v of locationsAt(doc, field)) {
          if (typeof v !== 'object') throw keysError(doc, `geo element must be an array or object: ${field}: ${formatValue(v)}`);
          try {
            const shape = locationShape(v);
            if (!shape) throw new GeoError(`Point must only contain numeric elements`);
            shapes.set(v as object, shape);
          } catch (err) {
            if (err instanceof GeoError) throw keysError(doc, err.message);
            throw err;
          }
        }
      } else if (type === '2d' && field === ix.fields[0]) {
        const min = num(ix.spec.min) ?? -180;
        const max = num(ix.spec.max) ?? 180;
        for (const v of locationsAt(doc, field)) {
          const xy = legacyPair(v);
          if (!xy) throw new CommandError(16804, `location object expected, location array not in correct format`);
          if (xy.some((c) => c < min || c >= max)) throw new CommandError(13027, `point not in interval of [ ${min}, ${max} )`);
        }
      }
    }
  }
}
