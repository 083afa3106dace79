// What mongod checks before it applies an operator update, and mingo does not: the argument types,
// the type of the field an array operator meets, a path that cannot be created, and the BSON type of
// an arithmetic result ($inc and $mul on int64 and doubles are computed here and handed to mingo as $set).
import type { Document } from 'bson';
import { CommandError } from './errors.js';
import { compileQuery, type MatchOptions } from './matching.js';
import { arithmetic, isNumeric, typeName } from './types.js';
import { cloneDoc, formatValue, isPlainObject, setField } from './values.js';

type Found = { kind: 'value'; value: unknown } | { kind: 'missing' } | { kind: 'blocked'; at: string; holder: string; value: unknown } | { kind: 'array' };

/** Follows a dotted path through plain objects; stops (as `array`) at an array it would need to index. */
function follow(doc: Document, path: string): Found {
  const parts = path.split('.');
  let node: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(part)) return { kind: 'blocked', at: part, holder: parts.slice(0, i).join('.'), value: node };
      return { kind: 'array' };
    }
    if (!isPlainObject(node)) return { kind: 'blocked', at: part, holder: parts.slice(0, i).join('.'), value: node };
    if (!Object.hasOwn(node, part)) return { kind: 'missing' };
    node = node[part];
  }
  return { kind: 'value', value: node };
}

function isBsonValue(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { _bsontype?: unknown })._bsontype === 'string';
}

/** Sets a value at a path of plain objects (`doc` is the update's private copy along touched paths). */
function assignPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Document = doc;
  for (const part of parts.slice(0, -1)) {
    if (!Object.hasOwn(node, part) || !isPlainObject(node[part])) setField(node, part, {});
    node = node[part] as Document;
  }
  setField(node, parts[parts.length - 1] as string, value);
}

function removePath(doc: Document, path: string): void {
  const parts = path.split('.');
  let node: unknown = doc;
  for (const part of parts.slice(0, -1)) node = isPlainObject(node) && Object.hasOwn(node, part) ? node[part] : undefined;
  if (isPlainObject(node)) delete node[parts[parts.length - 1] as string];
}

/** Paths mingo refuses and mongod (5.0+) takes: a `$`-prefixed first field, or a field named `__proto__`. */
function refusedByMingo(path: string): boolean {
  return (path.startsWith('$') && !path.startsWith('$[')) || path.split('.').includes('__proto__');
}

function hasProtoKey(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasProtoKey);
  return isPlainObject(v) && (Object.hasOwn(v, '__proto__') || Object.values(v).some(hasProtoKey));
}

function idText(doc: Document): string {
  return formatValue({ _id: doc._id });
}

function typeLabel(v: unknown): string {
  const t = typeName(v);
  return t === 'bool' ? 'bool' : t;
}

const LOGICAL = new Set(['$and', '$or', '$nor']);
const ARRAY_OPERATORS = new Set(['$push', '$addToSet', '$pull', '$pullAll', '$pop']);

/**
 * Checks an operator update against the document it applies to (throwing mongod's error) and
 * rewrites typed arithmetic into `$set`. `modifier` is a private copy and may be changed.
 */
export function checkModifier(doc: Document, modifier: Document, match: MatchOptions = {}): void {
  const computed: Document = {};
  for (const [op, given] of Object.entries(modifier)) {
    if (!isPlainObject(given)) throw new CommandError(9, `Modifiers operate on fields but we found type ${typeLabel(given)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${formatValue(given)}}`);
    const spec: Document = { ...given };
    modifier[op] = spec;
    for (const [path, arg] of Object.entries(given)) {
      if (path === '' || path.split('.').some((p) => p === '')) throw new CommandError(56, `An empty update path is not valid.`);
      if (/(^|\.)\$(\[[^\]]*\])?(\.|$)/.test(path)) continue; // positional paths are resolved by mingo
      const found = follow(doc, path);
      if (op === '$rename' && typeof arg === 'string' && refusedByMingo(arg) && found.kind !== 'blocked') {
        if (found.kind === 'value') {
          removePath(doc, path);
          assignPath(doc, arg, found.value);
        }
        delete spec[path];
        continue;
      }
      if (found.kind === 'blocked' && op !== '$unset' && op !== '$pull' && op !== '$pullAll' && op !== '$pop') {
        throw new CommandError(28, `Cannot create field '${found.at}' in element {${found.holder}: ${formatValue(found.value)}}`);
      }
      if (op === '$set' && (found.kind === 'value' || found.kind === 'missing') && (isBsonValue(arg) || refusedByMingo(path) || hasProtoKey(arg))) {
        // mingo compares bson values by their text, which leaves out a binary's subtype, and refuses
        // or drops `$`-prefixed and `__proto__` fields: set directly.
        assignPath(doc, path, cloneDoc(arg));
        delete spec[path];
        continue;
      }
      if (op === '$inc' || op === '$mul') {
        if (!isNumeric(arg)) throw new CommandError(14, `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${formatValue(arg)}}`);
        if (found.kind !== 'value') continue;
        if (!isNumeric(found.value)) {
          throw new CommandError(14, `Cannot apply ${op} to a value of non-numeric type. ${idText(doc)} has the field '${path.split('.').pop() ?? path}' of non-numeric type ${typeLabel(found.value)}`);
        }
        const result = arithmetic(op, found.value, arg);
        delete spec[path];
        computed[path] = result;
        continue;
      }
      if (op === '$pull' && isPlainObject(arg) && Object.keys(arg).some((k) => LOGICAL.has(k)) && found.kind !== 'blocked') {
        // A condition on whole elements ({ $or: [...] }): mingo reads it as one on values, so it is applied here.
        if (found.kind === 'value' && Array.isArray(found.value)) {
          const query = compileQuery(arg, match);
          const kept = found.value.filter((e) => !(isPlainObject(e) && query.test(e)));
          if (kept.length !== found.value.length) computed[path] = kept;
        }
        delete spec[path];
        continue;
      }
      if (ARRAY_OPERATORS.has(op) && found.kind === 'value' && found.value !== undefined && !Array.isArray(found.value)) {
        const field = path.split('.').pop() ?? path;
        if (op === '$push') throw new CommandError(2, `The field '${path}' must be an array but is of type ${typeLabel(found.value)} in document ${idText(doc)}`);
        if (op === '$addToSet') throw new CommandError(2, `Cannot apply $addToSet to non-array field. Field named '${field}' has non-array type ${typeLabel(found.value)}`);
        if (op === '$pop') throw new CommandError(14, `Path '${path}' contains an element of non-array type '${typeLabel(found.value)}'`);
        throw new CommandError(2, 'Cannot apply $pull to a non-array value');
      }
    }
    if (Object.keys(spec).length === 0 && Object.keys(given).length > 0) delete modifier[op];
  }
  if (Object.keys(computed).length > 0) modifier.$set = { ...(modifier.$set as Document | undefined), ...computed };
}

/** Paths of an operator update, each with its operator. */
export function updatePaths(modifier: Document): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [op, spec] of Object.entries(modifier)) if (isPlainObject(spec)) for (const path of Object.keys(spec)) out.push([op, path]);
  return out;
}

/**
 * Refuses two paths of one update where one is the other or lies inside it (mongod's code 40), with
 * positional elements (`$`, `$[]`, `$[id]`) compared as written.
 */
export function checkConflicts(paths: Array<[string, string]>): void {
  const sorted = paths.map(([, p]) => p).sort();
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] as string;
    const b = sorted[i] as string;
    if (a === b || b.startsWith(`${a}.`)) throw new CommandError(40, `Updating the path '${b}' would create a conflict at '${a}'`);
  }
}
