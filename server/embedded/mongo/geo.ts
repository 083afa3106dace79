// Geometry as mongod reads it: GeoJSON and legacy coordinate pairs parsed into S2 shapes (the
// spherical geometry library mongod's 2dsphere is built on, here through s2js), spherical
// containment, intersection and distance from S2, and the flat legacy shapes ($box, $polygon,
// $center) for 2d points. This module only answers geometric questions; geo-query.ts puts them to use.
import pointInPolygon from 'point-in-polygon-hao';
import s2js, { type s2 as S2 } from 's2js';
import { isPlainObject } from './values.js';

const { s2 } = s2js;

/** mongod's kRadiusOfEarthInMeters: distances to GeoJSON points are radians times this. */
export const EARTH_RADIUS_METERS = 6378100;

/** A point keeps its plane coordinates too (2d and the flat legacy shapes read them). */
export type Shape =
  | { kind: 'point'; p: S2.Point; x: number; y: number; geojson: boolean }
  | { kind: 'line'; line: S2.Polyline }
  | { kind: 'polygon'; poly: S2.Polygon; boundaries: S2.Polyline[] }
  | { kind: 'multi'; parts: Shape[] };

/** What `$geoWithin` tests against. */
export type Region =
  | { kind: 'sphere'; polygons: Array<Extract<Shape, { kind: 'polygon' }>> }
  | { kind: 'cap'; center: S2.Point; radius: number }
  | { kind: 'box'; lo: [number, number]; hi: [number, number] }
  | { kind: 'flatPolygon'; ring: number[][] }
  | { kind: 'circle'; x: number; y: number; radius: number };

/** A value that is not valid geometry; the message is mongod's reason. */
export class GeoError extends Error {}

export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  const t = typeof v === 'object' && v !== null ? (v as { _bsontype?: string })._bsontype : undefined;
  if (t === 'Int32' || t === 'Double' || t === 'Long' || t === 'Decimal128') return Number(String(v));
  return undefined;
}

function position(v: unknown): [number, number] {
  if (!Array.isArray(v) || v.length < 2) throw new GeoError('Position must be an array of at least 2 numbers');
  const x = num(v[0]);
  const y = num(v[1]);
  if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) throw new GeoError('Point must only contain numeric elements');
  return [x, y];
}

function spherePoint([x, y]: [number, number]): S2.Point {
  if (x < -180 || x > 180 || y < -90 || y > 90) throw new GeoError(`longitude/latitude is out of bounds, lng: ${x} lat: ${y}`);
  return s2.Point.fromLatLng(s2.LatLng.fromDegrees(y, x));
}

function pointShape(xy: [number, number], geojson: boolean): Shape {
  return { kind: 'point', p: spherePoint(xy), x: xy[0], y: xy[1], geojson };
}

function lineShape(coords: unknown): Shape {
  if (!Array.isArray(coords) || coords.length < 2) throw new GeoError('GeoJSON LineString must have at least 2 vertices');
  const points = coords.map((c) => spherePoint(position(c))).filter((p, i, all) => i === 0 || !p.equals(all[i - 1] as S2.Point));
  const line = new s2.Polyline(points);
  const invalid = points.length < 2 ? new Error('the line has no length') : line.validate();
  if (invalid) throw new GeoError(`GeoJSON LineString is not valid: ${invalid.message}`);
  return { kind: 'line', line };
}

function loopOf(ring: unknown): S2.Loop {
  if (!Array.isArray(ring) || ring.length < 4) throw new GeoError('Loop must have at least 3 different vertices');
  const xy = ring.map(position);
  const first = xy[0] as [number, number];
  const last = xy[xy.length - 1] as [number, number];
  if (first[0] !== last[0] || first[1] !== last[1]) throw new GeoError('Loop is not closed, first vertex does not equal last vertex');
  const points = xy.slice(0, -1).map(spherePoint).filter((p, i, all) => i === 0 || !p.equals(all[i - 1] as S2.Point));
  if (points.length < 3) throw new GeoError('Loop must have at least 3 different vertices');
  const loop = new s2.Loop(points);
  const invalid = loop.validate();
  if (invalid) throw new GeoError(`Loop is not valid: ${invalid.message}`);
  const crossing = selfCrossing(points);
  if (crossing) throw new GeoError(`Loop is not valid: Edges ${crossing[0]} and ${crossing[1]} cross`);
  // Like mongod, a loop is the smaller of the two areas its ring bounds, whichever way it winds.
  loop.normalize();
  return loop;
}

/**
 * Two edges of a ring that cross, tested by S2 on pairs whose latitude bounds overlap (a sweep, so
 * a long ring is not tested pair by pair). s2js's Loop.validate leaves this check out.
 */
function selfCrossing(points: S2.Point[]): [number, number] | undefined {
  const n = points.length;
  const edges = points
    .map((p, i) => {
      const line = new s2.Polyline([p, points[(i + 1) % n] as S2.Point]);
      const bound = line.rectBound();
      return { i, line, lo: bound.lat.lo, hi: bound.lat.hi };
    })
    .sort((a, b) => a.lo - b.lo);
  let active: typeof edges = [];
  for (const e of edges) {
    active = active.filter((a) => a.hi >= e.lo);
    for (const a of active) {
      const gap = Math.abs(a.i - e.i);
      if (gap > 1 && gap < n - 1 && a.line.intersects(e.line)) return [Math.min(a.i, e.i), Math.max(a.i, e.i)];
    }
    active.push(e);
  }
  return undefined;
}

function polygonShape(coords: unknown): Extract<Shape, { kind: 'polygon' }> {
  if (!Array.isArray(coords) || coords.length === 0) throw new GeoError('Polygon coordinates must be an array of loops');
  const loops = coords.map(loopOf);
  const shell = loops[0] as S2.Loop;
  for (const hole of loops.slice(1)) {
    if (!shell.contains(hole)) throw new GeoError('Secondary loops not contained by first exterior loop - secondary loops must be holes');
  }
  const boundaries = loops.map((l) => new s2.Polyline([...l.vertices, l.vertex(0)]));
  return { kind: 'polygon', poly: new s2.Polygon(loops), boundaries };
}

/** A GeoJSON geometry object, or throws GeoError. */
export function parseGeoJSON(v: Record<string, unknown>): Shape {
  if (JSON.stringify(v.crs ?? '').includes('strictwinding')) throw new GeoError('polygons bigger than a hemisphere (strictwinding crs) are not supported by the embedded server');
  const coords = v.coordinates;
  const many = (what: string, each: (c: unknown) => Shape): Shape => {
    if (!Array.isArray(coords)) throw new GeoError(`${what} coordinates must be an array`);
    return { kind: 'multi', parts: coords.map(each) };
  };
  switch (v.type) {
    case 'Point':
      return pointShape(position(coords), true);
    case 'LineString':
      return lineShape(coords);
    case 'Polygon':
      return polygonShape(coords);
    case 'MultiPoint':
      return many('MultiPoint', (c) => pointShape(position(c), true));
    case 'MultiLineString':
      return many('MultiLineString', lineShape);
    case 'MultiPolygon':
      return many('MultiPolygon', polygonShape);
    case 'GeometryCollection': {
      if (!Array.isArray(v.geometries)) throw new GeoError('GeometryCollection geometries must be an array');
      return { kind: 'multi', parts: v.geometries.map((g) => (isPlainObject(g) ? parseGeoJSON(g) : invalidGeometry(g))) };
    }
  }
  throw new GeoError(`unknown GeoJSON type: ${JSON.stringify(v)}`);
}

function invalidGeometry(g: unknown): never {
  throw new GeoError(`Element of GeometryCollection is not a geometry: ${String(g)}`);
}

/** A legacy coordinate pair: `[x, y]` or an object whose first two values are numbers. */
export function legacyPair(v: unknown): [number, number] | undefined {
  const values = Array.isArray(v) ? v : isPlainObject(v) ? Object.values(v) : undefined;
  if (!values || values.length < 2) return undefined;
  const x = num(values[0]);
  const y = num(values[1]);
  return x === undefined || y === undefined ? undefined : [x, y];
}

/** A location stored in a document (GeoJSON or a legacy pair), undefined when it is neither. */
export function locationShape(v: unknown): Shape | undefined {
  if (isPlainObject(v) && typeof v.type === 'string') return parseGeoJSON(v);
  const xy = legacyPair(v);
  return xy ? pointShape(xy, false) : undefined;
}

function points(shape: Shape): S2.Point[] {
  switch (shape.kind) {
    case 'point':
      return [shape.p];
    case 'line':
      return shape.line.points;
    case 'polygon':
      return shape.boundaries.flatMap((b) => b.points);
    case 'multi':
      return shape.parts.flatMap(points);
  }
}

function lineInPolygon(line: S2.Polyline, polygon: Extract<Shape, { kind: 'polygon' }>): boolean {
  return line.points.every((p) => polygon.poly.containsPoint(p)) && !polygon.boundaries.some((b) => b.intersects(line));
}

/** Whether `shape` lies inside `region` (`$geoWithin`). */
export function within(shape: Shape, region: Region): boolean {
  if (shape.kind === 'multi') return shape.parts.length > 0 && shape.parts.every((part) => within(part, region));
  switch (region.kind) {
    case 'sphere':
      return region.polygons.some((polygon) => {
        if (shape.kind === 'point') return polygon.poly.containsPoint(shape.p);
        if (shape.kind === 'line') return lineInPolygon(shape.line, polygon);
        return polygon.poly.contains(shape.poly);
      });
    case 'cap':
      return points(shape).every((p) => p.distance(region.center) <= region.radius);
    case 'box':
      return shape.kind === 'point' && shape.x >= region.lo[0] && shape.x <= region.hi[0] && shape.y >= region.lo[1] && shape.y <= region.hi[1];
    case 'flatPolygon':
      return shape.kind === 'point' && pointInPolygon([shape.x, shape.y], [region.ring]) !== false;
    case 'circle':
      return shape.kind === 'point' && Math.hypot(shape.x - region.x, shape.y - region.y) <= region.radius;
  }
}

// Points this close (radians, about a micrometre on the earth) are one point.
const TOUCHING = 1e-13;

/** Whether two shapes share a point (`$geoIntersects`). */
export function intersects(a: Shape, b: Shape): boolean {
  if (a.kind === 'multi') return a.parts.some((part) => intersects(part, b));
  if (b.kind === 'multi') return b.parts.some((part) => intersects(a, part));
  if (a.kind !== 'point' && b.kind === 'point') return intersects(b, a);
  if (a.kind === 'polygon' && b.kind === 'line') return intersects(b, a);
  if (a.kind === 'point') {
    if (b.kind === 'point') return a.p.distance(b.p) <= TOUCHING;
    if (b.kind === 'line') return a.p.distance(b.line.project(a.p)[0]) <= TOUCHING;
    return b.poly.containsPoint(a.p) || b.boundaries.some((l) => a.p.distance(l.project(a.p)[0]) <= TOUCHING);
  }
  if (a.kind === 'line') {
    if (b.kind === 'line') return a.line.intersects(b.line);
    if (b.kind === 'polygon') return a.line.points.some((p) => b.poly.containsPoint(p)) || b.boundaries.some((l) => l.intersects(a.line));
  }
  if (a.kind === 'polygon' && b.kind === 'polygon') return a.poly.intersects(b.poly) || a.boundaries.some((l) => b.boundaries.some((m) => l.intersects(m)));
  return false;
}

/** The angle (radians) from `from` to the nearest point of `shape`. */
export function sphereDistance(shape: Shape, from: S2.Point): number {
  switch (shape.kind) {
    case 'point':
      return shape.p.distance(from);
    case 'line':
      return shape.line.project(from)[0].distance(from);
    case 'polygon':
      return shape.poly.containsPoint(from) ? 0 : Math.min(...shape.boundaries.map((l) => l.project(from)[0].distance(from)));
    case 'multi':
      return Math.min(...shape.parts.map((part) => sphereDistance(part, from)));
  }
}

/** The plane distance from (x, y) to a point (2d indexes hold points only). */
export function flatDistance(shape: Shape, x: number, y: number): number {
  if (shape.kind === 'point') return Math.hypot(shape.x - x, shape.y - y);
  if (shape.kind === 'multi') return Math.min(...shape.parts.map((part) => flatDistance(part, x, y)));
  return Infinity;
}

/** The `$geoWithin` argument as a region, or throws GeoError. */
export function parseRegion(arg: unknown): Region {
  if (!isPlainObject(arg)) throw new GeoError('$geoWithin not an object');
  const [op] = Object.keys(arg);
  const v = arg[op ?? ''];
  switch (op) {
    case '$geometry': {
      const shape = isPlainObject(v) ? parseGeoJSON(v) : undefined;
      const polygons = shape?.kind === 'polygon' ? [shape] : shape?.kind === 'multi' && shape.parts.every((p) => p.kind === 'polygon') && isPlainObject(v) && v.type === 'MultiPolygon' ? shape.parts : undefined;
      if (!polygons) throw new GeoError('$geoWithin not supported with provided geometry: ' + JSON.stringify(v));
      return { kind: 'sphere', polygons: polygons as Array<Extract<Shape, { kind: 'polygon' }>> };
    }
    case '$box': {
      if (!Array.isArray(v) || v.length !== 2) throw new GeoError('Box must be an array of two points');
      const [a, b] = [position(v[0]), position(v[1])];
      return { kind: 'box', lo: [Math.min(a[0], b[0]), Math.min(a[1], b[1])], hi: [Math.max(a[0], b[0]), Math.max(a[1], b[1])] };
    }
    case '$polygon': {
      if (!Array.isArray(v) || v.length < 3) throw new GeoError('Polygon must have at least 3 points');
      const ring = v.map(position);
      return { kind: 'flatPolygon', ring: [...ring, ring[0] as [number, number]] };
    }
    case '$center':
    case '$centerSphere': {
      const radius = Array.isArray(v) ? num(v[1]) : undefined;
      if (!Array.isArray(v) || v.length !== 2 || radius === undefined || radius < 0) throw new GeoError(`${op} must be [center, radius] with a non-negative radius`);
      const center = position(v[0]);
      if (op === '$center') return { kind: 'circle', x: center[0], y: center[1], radius };
      return { kind: 'cap', center: spherePoint(center), radius };
    }
  }
  throw new GeoError(`unknown geo specifier: ${String(op)}`);
}
