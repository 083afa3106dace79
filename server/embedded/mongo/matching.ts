// The mingo operator set the server runs queries, updates and pipelines with: mingo's own operators,
// with the comparison, type, bitwise and sort operators replaced by ones that follow MongoDB's BSON
// order (int64, integral doubles and binary values included) and the command's collation, and with
// `$where` answered as a mongod with server-side JavaScript disabled answers.
import type { Document } from 'bson';
import { Aggregator as AggregatorBase } from 'mingo/aggregator';
import { Context } from 'mingo/core';
import { Lazy, type Iterator } from 'mingo/lazy';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query as QueryBase } from 'mingo/query';
import type { AnyObject, Options } from 'mingo/types';
import { collator, type CollationSpec } from './collation.js';
import { CommandError } from './errors.js';
import { GEO_QUERY_OPERATORS } from './geo-query.js';
import { jsonSchemaValidator } from './jsonschema.js';
import { textScores } from './text.js';
import { hasType, typeAlias, typeName } from './types.js';
import { compareValues, isPlainObject, typeRank, type StringCompare } from './values.js';

type Predicate = (doc: AnyObject) => boolean;
/** What mingo hands an operator: its options (ComputeOptions, not exported by mingo). */
interface ComputeOptions {
  readonly options: Partial<Options>;
  readonly collation?: unknown;
}
type QueryOperator = (field: string, value: unknown, options: ComputeOptions) => Predicate;

/** The values a condition on `path` is tested against, as mongod reads them through arrays. */
export function candidates(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  walk(doc, path.split('.'), 0, out);
  return out;
}

function walk(v: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    out.push(v);
    if (Array.isArray(v)) for (const e of v) out.push(e);
    return;
  }
  const part = parts[i] as string;
  if (Array.isArray(v)) {
    const before = out.length;
    if (/^\d+$/.test(part)) {
      const at = Number(part);
      if (at < v.length) walk(v[at], parts, i + 1, out);
    }
    for (const e of v) if (isPlainObject(e)) walk(e, parts, i, out);
    if (out.length === before) out.push(undefined);
    return;
  }
  if (isPlainObject(v)) walk(Object.hasOwn(v, part) ? v[part] : undefined, parts, i + 1, out);
  else out.push(undefined);
}

function strings(options: ComputeOptions): StringCompare | undefined {
  return collator(options.collation as CollationSpec | undefined);
}

function isRegex(v: unknown): v is RegExp {
  return v instanceof RegExp || (typeof v === 'object' && v !== null && (v as { _bsontype?: string })._bsontype === 'BSONRegExp');
}

function regexTest(re: unknown, v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const r = re instanceof RegExp ? re : new RegExp((re as { pattern: string }).pattern, (re as { options: string }).options.replace(/[^imsu]/g, ''));
  r.lastIndex = 0;
  return r.test(v);
}

function equals(v: unknown, b: unknown, str: StringCompare | undefined): boolean {
  return typeRank(v) === typeRank(b) && compareValues(v, b, str) === 0;
}

const eqPredicate = (field: string, value: unknown, options: ComputeOptions): Predicate => {
  const str = strings(options);
  return (doc) => candidates(doc, field).some((v) => equals(v, value, str));
};

function range(test: (d: number) => boolean): QueryOperator {
  return (field, value, options) => {
    const str = strings(options);
    const rank = typeRank(value);
    return (doc) => candidates(doc, field).some((v) => typeRank(v) === rank && test(compareValues(v, value, str)));
  };
}

function inList(value: unknown, op: string): unknown[] {
  if (!Array.isArray(value)) throw new CommandError(2, `${op} needs an array`);
  return value;
}

const inPredicate: QueryOperator = (field, value, options) => {
  const list = inList(value, '$in');
  const str = strings(options);
  const patterns = list.filter(isRegex);
  const plain = list.filter((x) => !isRegex(x));
  return (doc) => candidates(doc, field).some((v) => plain.some((b) => equals(v, b, str)) || patterns.some((re) => regexTest(re, v)));
};

const allPredicate: QueryOperator = (field, value, options) => {
  const list = inList(value, '$all');
  if (list.length === 0) return () => false;
  const str = strings(options);
  const tests: Predicate[] = list.map((x) => {
    if (isPlainObject(x) && '$elemMatch' in x) {
      const q = new QueryBase({ [field]: x } as AnyObject, options.options);
      return (doc) => q.test(doc);
    }
    if (isRegex(x)) return (doc) => candidates(doc, field).some((v) => regexTest(x, v));
    return (doc) => candidates(doc, field).some((v) => equals(v, x, str));
  });
  return (doc) => tests.every((t) => t(doc));
};

const typePredicate: QueryOperator = (field, value) => {
  const aliases = (Array.isArray(value) ? value : [value]).map((a) => {
    const t = typeAlias(a);
    if (!t) throw new CommandError(2, typeof a === 'string' ? `Unknown type name alias: ${a}` : `Invalid numerical type code: ${String(a)}`);
    return t;
  });
  return (doc) => {
    const values = candidates(doc, field);
    // An array matches 'array' by itself; its elements are what the other types are tested on.
    return values.some((v) => v !== undefined && aliases.some((t) => hasType(v, t)));
  };
};

/** The bit positions a bitwise operator's argument names. */
function bitPositions(op: string, arg: unknown): number[] {
  const cls = typeof arg === 'object' && arg !== null ? (arg as { _bsontype?: string })._bsontype : undefined;
  if (Array.isArray(arg)) {
    return arg.map((p) => {
      const n = Number(typeof p === 'object' && p !== null ? String(p) : p);
      if (!Number.isInteger(n) || n < 0) throw new CommandError(9, `bit positions must be >= 0 but got: ${String(p)}`);
      return n;
    });
  }
  if (cls === 'Binary') {
    const bytes = (arg as { value(): Uint8Array }).value();
    const out: number[] = [];
    bytes.forEach((b, i) => {
      for (let bit = 0; bit < 8; bit++) if (b & (1 << bit)) out.push(i * 8 + bit);
    });
    return out;
  }
  const t = typeName(arg);
  if (t === 'int' || t === 'long' || t === 'double') {
    const n = Number(String(arg));
    if (!Number.isInteger(n)) throw new CommandError(9, `Expected an integer: ${op}: ${String(arg)}`);
    if (n < 0) throw new CommandError(9, `Expected a positive number in: ${op}: ${String(arg)}`);
    const big = t === 'long' ? BigInt(String(arg)) : BigInt(n);
    const out: number[] = [];
    for (let i = 0; i < 64; i++) if ((big >> BigInt(i)) & 1n) out.push(i);
    return out;
  }
  throw new CommandError(14, `${op} takes an Array, a number, or a BinData but received: ${op}: ${String(arg)}`);
}

/** A value's bit at each position, or undefined when bitwise operators do not apply to it. */
function bitReader(v: unknown): ((p: number) => boolean) | undefined {
  const cls = typeof v === 'object' && v !== null ? (v as { _bsontype?: string })._bsontype : undefined;
  if (cls === 'Binary') {
    const bytes = (v as { value(): Uint8Array }).value();
    return (p) => ((bytes[p >> 3] ?? 0) & (1 << (p & 7))) !== 0;
  }
  const t = typeName(v);
  if (t !== 'int' && t !== 'long' && t !== 'double') return undefined;
  const text = String(t === 'double' && typeof v !== 'number' ? Number(String(v)) : v);
  if (t === 'double' && (!Number.isInteger(Number(text)) || Math.abs(Number(text)) >= 2 ** 63)) return undefined;
  const x = BigInt.asIntN(64, BigInt(t === 'double' ? Number(text) : text));
  return (p) => (p < 64 ? ((x >> BigInt(p)) & 1n) === 1n : x < 0n);
}

function bitwise(every: boolean, set: boolean): QueryOperator {
  const op = `$bits${every ? 'All' : 'Any'}${set ? 'Set' : 'Clear'}`;
  return (field, value) => {
    const positions = bitPositions(op, value);
    return (doc) =>
      candidates(doc, field).some((v) => {
        if (Array.isArray(v)) return false;
        const bit = bitReader(v);
        if (!bit) return false;
        const hit = (p: number): boolean => bit(p) === set;
        return every ? positions.every(hit) : positions.some(hit);
      });
  };
}

const wherePredicate: QueryOperator = () => {
  throw new CommandError(2, 'no globalScriptEngine in $where parsing');
};

const DBREF_PARTS: Record<string, string> = { $ref: 'collection', $id: 'oid', $db: 'db' };

function dbRefField(name: string): QueryOperator {
  return (field, value, options) => {
    const str = strings(options);
    const parts = (v: unknown): unknown[] => {
      if (isPlainObject(v)) return candidates(v, name);
      const isRef = typeof v === 'object' && v !== null && (v as { _bsontype?: string })._bsontype === 'DBRef';
      return isRef ? [(v as Record<string, unknown>)[DBREF_PARTS[name] as string]] : [];
    };
    return (doc) => candidates(doc, field).some((v) => parts(v).some((x) => equals(x, value, str)));
  };
}

function not(op: QueryOperator): QueryOperator {
  return (field, value, options) => {
    const p = op(field, value, options);
    return (doc) => !p(doc);
  };
}

const QUERY_OPERATORS: Record<string, QueryOperator> = {
  $eq: eqPredicate,
  $ne: not(eqPredicate),
  $gt: range((d) => d > 0),
  $gte: range((d) => d >= 0),
  $lt: range((d) => d < 0),
  $lte: range((d) => d <= 0),
  $in: inPredicate,
  $nin: not(inPredicate),
  $all: allPredicate,
  $type: typePredicate,
  $bitsAllSet: bitwise(true, true),
  $bitsAllClear: bitwise(true, false),
  $bitsAnySet: bitwise(false, true),
  $bitsAnyClear: bitwise(false, false),
  $where: wherePredicate,
  // The fields of a DBRef ($ref, $id, $db) are field names, not operators, wherever they appear.
  $ref: dbRefField('$ref'),
  $id: dbRefField('$id'),
  $db: dbRefField('$db'),
};

/** The sort key of one document for one field: the smallest (ascending) or largest value found. */
function sortKey(doc: unknown, field: string, direction: number, str: StringCompare | undefined, spec?: unknown): unknown {
  if (isPlainObject(spec) && spec.$meta === 'textScore') return typeof doc === 'object' && doc !== null ? (textScores.get(doc) ?? 0) : 0;
  const values = candidates(doc, field).filter((v) => !Array.isArray(v) || v.length === 0);
  let best: unknown = values[0];
  for (let i = 1; i < values.length; i++) {
    const d = compareValues(values[i], best, str);
    if (direction > 0 ? d < 0 : d > 0) best = values[i];
  }
  return best;
}

/** Sorts documents in MongoDB's order under a collation (stable, keys computed once per document). */
export function sortDocuments<T>(docs: T[], spec: Document, str?: StringCompare): T[] {
  const fields = Object.entries(spec).filter(([, d]) => typeof d === 'number' || typeof d === 'object');
  const directions = fields.map(([, d]) => (isPlainObject(d) || Number(d) < 0 ? -1 : 1));
  const keyed = docs.map((doc) => ({ doc, keys: fields.map(([f, d], i) => sortKey(doc, f, directions[i] as number, str, d)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < fields.length; i++) {
      const d = compareValues(a.keys[i], b.keys[i], str);
      if (d !== 0) return (directions[i] as number) * d;
    }
    return 0;
  });
  return keyed.map((k) => k.doc);
}

function sortStage(coll: Iterator, spec: unknown, options: ComputeOptions): Iterator {
  if (!isPlainObject(spec) || Object.keys(spec).length === 0) throw new CommandError(15976, '$sort stage must have at least one sort key');
  return coll.transform((docs: unknown[]) => Lazy(sortDocuments(docs, spec, strings(options))));
}

/** `{ $meta: "textScore" }` in pipelines: the score `$text` gave the document. */
function metaExpression(obj: AnyObject, expr: unknown, options: { local?: { root?: unknown } }): unknown {
  if (expr !== 'textScore') throw new CommandError(17308, `Unsupported argument to $meta: ${String(expr)}`);
  const root = options.local?.root;
  return textScores.get(obj) ?? (typeof root === 'object' && root !== null ? textScores.get(root) : undefined);
}

/** The `$elemMatch` projection, also for arrays of values (`{ $elemMatch: { $in: [...] } }`). */
function elemMatchProjection(obj: AnyObject, expr: unknown, field: string, options: { options?: Partial<Options> } & Partial<Options>): unknown {
  const arr = candidates(obj, field)[0];
  if (!Array.isArray(arr) || !isPlainObject(expr)) return undefined;
  const onValues = Object.keys(expr).length > 0 && Object.keys(expr).every((k) => k.startsWith('$') && !LOGICAL_OPERATORS.has(k));
  const query = new QueryBase((onValues ? { v: expr } : expr) as AnyObject, options.options ?? options);
  const hit = arr.find((e) => query.test((onValues ? { v: e } : e) as AnyObject));
  return hit === undefined ? undefined : [hit];
}

/** `$geoNear` is answered before the pipeline runs (read.ts); anywhere else mongod refuses it. */
function geoNearElsewhere(): never {
  throw new CommandError(40603, '$geoNear was not the first stage in the pipeline.');
}

const LOGICAL_OPERATORS = new Set(['$and', '$or', '$nor', '$expr', '$where', '$text', '$comment']);

const CONTEXT = Context.init({
  accumulator: accumulatorOperators,
  expression: { ...expressionOperators, $meta: metaExpression } as never,
  pipeline: { ...pipelineOperators, $sort: sortStage, $geoNear: geoNearElsewhere } as never,
  projection: { ...projectionOperators, $elemMatch: elemMatchProjection } as never,
  query: { ...queryOperators, ...QUERY_OPERATORS, ...GEO_QUERY_OPERATORS } as never,
  window: windowOperators,
});

export interface MatchOptions {
  collation?: CollationSpec;
  /** `let` variables, readable as `$$name`. */
  variables?: Document;
}

/** Options for mingo's Query, Aggregator and updater carrying the server's operators. */
export function mingoOptions(opts: MatchOptions = {}, extra: Partial<Options> = {}): Partial<Options> {
  return { context: CONTEXT, scriptEnabled: false, jsonSchemaValidator: jsonSchemaValidator as never, collation: opts.collation as never, variables: opts.variables as AnyObject | undefined, ...extra };
}

/**
 * Options for an operator update that matches nothing itself (no positional `$`, arrayFilters or
 * $pull condition): mingo's updater copies its context's operator tables on every call (half the
 * time of a small update with the full set), and such an update needs none of them.
 */
const NO_OPERATORS = Context.init();
export function plainUpdateOptions(opts: MatchOptions = {}): Partial<Options> {
  return mingoOptions(opts, { context: NO_OPERATORS });
}

/** A compiled filter; mingo's errors for unknown operators become mongod's. */
export function compileQuery(filter: Document | undefined, opts: MatchOptions = {}): QueryBase {
  try {
    return new QueryBase((filter ?? {}) as AnyObject, mingoOptions(opts));
  } catch (err) {
    throw queryError(err);
  }
}

export function makeAggregator(pipeline: Document[], opts: MatchOptions, extra: Partial<Options> = {}): AggregatorBase {
  return new AggregatorBase(pipeline as AnyObject[], mingoOptions(opts, extra));
}

/** Translates mingo's messages for a bad filter into mongod's error. */
export function queryError(err: unknown): CommandError | unknown {
  if (err instanceof CommandError || !(err instanceof Error)) return err;
  if (/\$where .*scriptEnabled/.test(err.message)) return new CommandError(2, 'no globalScriptEngine in $where parsing');
  const unknown = /unknown (?:top level |query )?operator:? (\$\w+)/.exec(err.message);
  if (unknown && /top level/.test(err.message)) {
    return new CommandError(2, `unknown top level operator: ${unknown[1]}. If you have a field name that starts with a '$' symbol, consider using $getField or $setField.`);
  }
  if (unknown) return new CommandError(2, `unknown operator: ${unknown[1]}`);
  const stage = /unregistered pipeline operator (\$\w+)/.exec(err.message);
  if (stage) return new CommandError(40324, `Unrecognized pipeline stage name: '${stage[1]}'`);
  return err;
}

/**
 * The top-level fields a filter reads, when the filter alone tells them: a document holding only
 * those fields then matches as the whole document does. Undefined for a filter that may read any
 * field ($expr, $where, $jsonSchema, …).
 */
export function filterFields(filter: Document): Set<string> | undefined {
  const fields = new Set<string>();
  const gather = (f: Document): boolean =>
    Object.entries(f).every(([key, cond]) => {
      if (key === '$and' || key === '$or' || key === '$nor') return Array.isArray(cond) && cond.every((c) => isPlainObject(c) && gather(c));
      if (key === '$comment') return true;
      if (key.startsWith('$')) return false;
      fields.add(key.split('.')[0] as string);
      return true;
    });
  return gather(filter) ? fields : undefined;
}
