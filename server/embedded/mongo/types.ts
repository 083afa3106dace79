// BSON number types in memory. mingo works on JS numbers, so an int32, and a double with a fraction,
// become plain numbers (which bson writes back as int32 and double again). Only what a plain number
// cannot say keeps its bson class: an int64 stays a `Long`, and a double with an integral value stays
// a `Double` (a plain 1 would go back to the client as int32). values.ts orders all of them as numbers.
import { BSON, Double, Int32, Long, type Document } from 'bson';
import { isPlainObject } from './values.js';

const DESERIALIZE: BSON.DeserializeOptions = { promoteValues: false, promoteBuffers: false };

function isInt32Value(n: number): boolean {
  return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 && !Object.is(n, -0);
}

function bsonClass(v: unknown): string | undefined {
  return typeof v === 'object' && v !== null ? (v as { _bsontype?: string })._bsontype : undefined;
}

/** Replaces bson number wrappers a plain number can stand for, in place. */
function normalise(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = normalise(v[i]);
    return v;
  }
  switch (bsonClass(v)) {
    case 'Int32':
      return (v as Int32).value;
    case 'Double': {
      const n = (v as Double).value;
      return isInt32Value(n) || Object.is(n, -0) ? v : n;
    }
    case undefined:
      if (isPlainObject(v)) for (const k of Object.keys(v)) v[k] = normalise(v[k]);
      return v;
  }
  return v;
}

/**
 * Reads one BSON document the way the server keeps values in memory. `rawField`: a top-level array
 * whose documents are left as their BSON bytes (Buffers).
 */
export function decodeDocument(bytes: Uint8Array, options: { rawField?: string } = {}): Document {
  const raw = options.rawField ? { ...DESERIALIZE, fieldsAsRaw: { [options.rawField]: true } } : DESERIALIZE;
  return normalise(BSON.deserialize(bytes, raw)) as Document;
}

/** mongod's type of a value, by name as `$type` spells it. */
export function typeName(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
      return isInt32Value(v) ? 'int' : 'double';
    case 'bigint':
      return 'long';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
  }
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  switch (bsonClass(v)) {
    case 'Double':
      return 'double';
    case 'Int32':
      return 'int';
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    case 'Binary':
      return 'binData';
    case 'ObjectId':
      return 'objectId';
    case 'Timestamp':
      return 'timestamp';
    case 'BSONRegExp':
      return 'regex';
    case 'Code':
      return (v as BSON.Code).scope ? 'javascriptWithScope' : 'javascript';
    case 'BSONSymbol':
      return 'symbol';
    case 'MinKey':
      return 'minKey';
    case 'MaxKey':
      return 'maxKey';
    case 'DBRef':
      return 'object';
  }
  return 'object';
}

const TYPE_NUMBERS: Record<number, string> = {
  1: 'double', 2: 'string', 3: 'object', 4: 'array', 5: 'binData', 6: 'undefined', 7: 'objectId', 8: 'bool', 9: 'date', 10: 'null',
  11: 'regex', 12: 'dbPointer', 13: 'javascript', 14: 'symbol', 15: 'javascriptWithScope', 16: 'int', 17: 'timestamp', 18: 'long',
  19: 'decimal', [-1]: 'minKey', 127: 'maxKey',
};
const TYPE_NAMES = new Set([...Object.values(TYPE_NUMBERS), 'number']);
const NUMBER_TYPES = new Set(['double', 'int', 'long', 'decimal']);

/** The type name a `$type` argument stands for; undefined when mongod would refuse it. */
export function typeAlias(arg: unknown): string | undefined {
  if (typeof arg === 'string') return TYPE_NAMES.has(arg) ? arg : undefined;
  const n = typeof arg === 'number' ? arg : bsonClass(arg) ? Number(String(arg)) : NaN;
  return Number.isInteger(n) ? TYPE_NUMBERS[n] : undefined;
}

/** Whether a value has the (resolved) type. */
export function hasType(v: unknown, alias: string): boolean {
  const t = typeName(v);
  return alias === 'number' ? NUMBER_TYPES.has(t) : t === alias;
}

export function isNumeric(v: unknown): boolean {
  return NUMBER_TYPES.has(typeName(v)) && typeName(v) !== 'decimal';
}

/** A double value as the server keeps it (integral doubles keep their class). */
export function asDouble(n: number): number | Double {
  return isInt32Value(n) || Object.is(n, -0) ? new Double(n) : n;
}

/** An integer result as mongod types it: int32 when it fits and no long took part, else int64. */
function asInteger(n: bigint, long: boolean): number | Long {
  if (!long && n >= -2147483648n && n <= 2147483647n) return Number(n);
  return Long.fromBigInt(BigInt.asIntN(64, n));
}

function toBigInt(v: unknown): bigint {
  return bsonClass(v) === 'Long' ? (v as Long).toBigInt() : BigInt(v as number);
}

/**
 * `$inc` / `$mul` between two numbers with mongod's result type: any double makes a double, else an
 * int64 when either side is one or the int32 result overflows. Undefined for non-numbers.
 */
export function arithmetic(op: '$inc' | '$mul', current: unknown, operand: unknown): unknown {
  if (!isNumeric(current) || !isNumeric(operand)) return undefined;
  const tc = typeName(current);
  const to = typeName(operand);
  if (tc === 'double' || to === 'double') {
    const x = bsonClass(current) ? Number((current as Double).valueOf()) : (current as number);
    const y = bsonClass(operand) ? Number((operand as Double).valueOf()) : (operand as number);
    const a = tc === 'long' ? (current as Long).toNumber() : x;
    const b = to === 'long' ? (operand as Long).toNumber() : y;
    return asDouble(op === '$inc' ? a + b : a * b);
  }
  const a = toBigInt(current);
  const b = toBigInt(operand);
  return asInteger(op === '$inc' ? a + b : a * b, tc === 'long' || to === 'long');
}
