// BSON value utilities: the canonical cross-type sort order MongoDB uses for index keys, a string
// identity for _id values, deep copies of documents and the shell-like rendering used in E11000 messages.
import { BSON, type Document, ObjectId } from 'bson';

type Bsontyped = { _bsontype?: string };

function bsonType(v: unknown): string | undefined {
  return typeof v === 'object' && v !== null ? (v as Bsontyped)._bsontype : undefined;
}

export function isPlainObject(v: unknown): v is Document {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Rank of a value's type in MongoDB's comparison order (null and missing share a rank). */
export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 2;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
  }
  if (Array.isArray(v)) return 6;
  if (v instanceof Date) return 10;
  if (v instanceof RegExp) return 12;
  switch (bsonType(v)) {
    case 'MinKey':
      return 1;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'Code':
      return 13;
    case 'MaxKey':
      return 14;
  }
  return 5;
}

/** Compares two strings: binary by default, or by a collation (see collation.ts). */
export type StringCompare = (a: string, b: string) => number;

export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const t = bsonType(v);
  if (t === 'Double' || t === 'Int32') return (v as BSON.Double).value;
  if (t === 'Long') return (v as BSON.Long).toNumber();
  return Number(String(v));
}

function cmp<T>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return cmp(a.length, b.length);
}

/** Total order over BSON values, following MongoDB's comparison/sort order (strings by `str` when given). */
export function compareValues(a: unknown, b: unknown, str?: StringCompare): number {
  // The scalars index keys mostly hold, compared without ranking their types first.
  if (typeof a === 'string') {
    if (typeof b === 'string' && !str) return a < b ? -1 : a > b ? 1 : 0;
  } else if (typeof a === 'number') {
    if (typeof b === 'number' && !Number.isNaN(a) && !Number.isNaN(b)) return a < b ? -1 : a > b ? 1 : 0;
  } else if (a instanceof Date) {
    if (b instanceof Date) return cmp(a.getTime(), b.getTime());
  } else if (a == null && b == null) return 0;
  if (a === b && typeof a === 'object') return 0;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 1:
    case 2:
    case 14:
      return 0;
    case 3: {
      if (bsonType(a) === 'Long' && bsonType(b) === 'Long') return (a as BSON.Long).compare(b as BSON.Long);
      const x = toNumber(a);
      const y = toNumber(b);
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
      return cmp(x, y);
    }
    case 4:
      return str ? str(String(a), String(b)) : cmp(String(a), String(b));
    case 5: {
      const ka = Object.keys(a as object);
      const kb = Object.keys(b as object);
      const n = Math.min(ka.length, kb.length);
      for (let i = 0; i < n; i++) {
        const fa = ka[i] as string;
        const fb = kb[i] as string;
        const ta = typeRank((a as Document)[fa]);
        const tb = typeRank((b as Document)[fb]);
        if (ta !== tb) return ta < tb ? -1 : 1;
        if (fa !== fb) return cmp(fa, fb);
        const d = compareValues((a as Document)[fa], (b as Document)[fb], str);
        if (d !== 0) return d;
      }
      return cmp(ka.length, kb.length);
    }
    case 6: {
      const xa = a as unknown[];
      const xb = b as unknown[];
      const n = Math.min(xa.length, xb.length);
      for (let i = 0; i < n; i++) {
        const d = compareValues(xa[i], xb[i], str);
        if (d !== 0) return d;
      }
      return cmp(xa.length, xb.length);
    }
    case 7: {
      const ba = a as BSON.Binary;
      const bb = b as BSON.Binary;
      return cmp(ba.position, bb.position) || cmp(ba.sub_type, bb.sub_type) || compareBytes(ba.value(), bb.value());
    }
    case 8:
      return compareBytes((a as ObjectId).id, (b as ObjectId).id);
    case 9:
      return cmp(a as boolean, b as boolean);
    case 10:
      return cmp((a as Date).getTime(), (b as Date).getTime());
    case 11: {
      const ta = a as BSON.Timestamp;
      const tb = b as BSON.Timestamp;
      return cmp(ta.t, tb.t) || cmp(ta.i, tb.i);
    }
    case 12: {
      const sa = a instanceof RegExp ? a.source : (a as BSON.BSONRegExp).pattern;
      const sb = b instanceof RegExp ? b.source : (b as BSON.BSONRegExp).pattern;
      const fa = a instanceof RegExp ? a.flags : (a as BSON.BSONRegExp).options;
      const fb = b instanceof RegExp ? b.flags : (b as BSON.BSONRegExp).options;
      return cmp(sa, sb) || cmp(fa, fb);
    }
  }
  return cmp(String(a), String(b));
}

/** A string that is equal for two _id values exactly when MongoDB considers them equal. */
export function idKey(v: unknown): string {
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? 'n0' : `n${v}`;
    case 'string':
      return `s${v}`;
    case 'boolean':
      return `b${v}`;
  }
  if (v === null || v === undefined) return 'z';
  if (v instanceof Date) return `d${v.getTime()}`;
  const t = bsonType(v);
  if (t === 'ObjectId') return `o${(v as ObjectId).toHexString()}`;
  if (t === 'Long' || t === 'Int32' || t === 'Double') return `n${Number(String(v))}`;
  return `x${Buffer.from(BSON.serialize({ v })).toString('base64')}`;
}

/**
 * Whether an identity key (idKey) is of an odd _id, one that may equal an _id of another key:
 * Decimal128, documents, binary… Two other _ids compare equal exactly when their keys are equal.
 */
export function isOddIdKey(key: string): boolean {
  return key.startsWith('x');
}

/** Sets an own field; `__proto__` stays an ordinary field name and never touches the prototype. */
export function setField(obj: Document, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/** Deep copy of plain objects and arrays; BSON value objects are immutable and shared. */
export function cloneDoc<T>(v: T): T {
  if (Array.isArray(v)) return v.map((e: unknown) => cloneDoc(e)) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (isPlainObject(v)) {
    const out: Document = {};
    for (const k of Object.keys(v)) setField(out, k, cloneDoc(v[k]));
    return out as T;
  }
  return v;
}

/** Renders a value like the server's log/error messages do: `{ email: "x" }`, `ObjectId('…')`. */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (Array.isArray(v)) return v.length ? `[ ${v.map(formatValue).join(', ')} ]` : '[]';
  if (v instanceof RegExp) return `/${v.source}/${v.flags}`;
  switch (bsonType(v)) {
    case 'ObjectId':
      return `ObjectId('${(v as ObjectId).toHexString()}')`;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return String(v);
    case 'Binary':
      return `BinData(${(v as BSON.Binary).sub_type}, ${(v as BSON.Binary).toString('hex')})`;
  }
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    return keys.length ? `{ ${keys.map((k) => `${k}: ${formatValue(v[k])}`).join(', ')} }` : '{}';
  }
  return String(v);
}

/** Ensures `_id` exists and is the first field, as MongoDB stores it. */
export function withIdFirst(doc: Document): Document {
  const keys = Object.keys(doc);
  if (keys[0] === '_id') return doc;
  const out: Document = { _id: '_id' in doc ? doc._id : new ObjectId() };
  for (const k of keys) if (k !== '_id') setField(out, k, doc[k]);
  return out;
}
