// Applying update documents: operator updates and aggregation-pipeline updates run on mingo; this
// file adds what only a server does: $setOnInsert, replacement documents, the immutable _id and the
// document an upsert starts from (the filter's equality fields).
import type { Document } from 'bson';
import type { AnyObject } from 'mingo/types';
import { update as mingoUpdate } from 'mingo/updater';
import { CommandError, asCommandError } from './errors.js';
import { makeAggregator, mingoOptions, plainUpdateOptions, type MatchOptions } from './matching.js';
import { checkConflicts, checkModifier, updatePaths } from './update-checks.js';
import { cloneDoc, compareValues, formatValue, isPlainObject, setField, withIdFirst } from './values.js';

export type UpdateKind = 'pipeline' | 'operators' | 'replacement';

const UPDATE_OPERATORS = new Set(['$set', '$unset', '$inc', '$mul', '$rename', '$setOnInsert', '$min', '$max', '$currentDate', '$push', '$addToSet', '$pop', '$pull', '$pullAll', '$bit']);

export function updateKind(u: unknown): UpdateKind {
  if (Array.isArray(u)) return 'pipeline';
  if (!isPlainObject(u)) throw new CommandError(14, 'Update argument must be either an object or an array');
  const keys = Object.keys(u);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length === 0) return 'replacement';
  if (ops.length !== keys.length) {
    const bad = keys.find((k) => !k.startsWith('$'));
    throw new CommandError(9, `Unknown modifier: ${bad}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
  const unknown = ops.find((k) => !UPDATE_OPERATORS.has(k));
  if (unknown) throw new CommandError(9, `Unknown modifier: ${unknown}. Expected a valid update modifier or pipeline-style update specified as an array`);
  return 'operators';
}

export interface ApplyOptions {
  arrayFilters?: Document[];
  /** The update's filter, needed by the positional `$` operator. */
  filter?: Document;
  /** True when the update builds a new document for an upsert ($setOnInsert applies). */
  inserting?: boolean;
  /** Collation and `let` variables of the command. */
  match?: MatchOptions;
}

function immutableId(newId: unknown): CommandError {
  return new CommandError(66, `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(newId)}`);
}

/** Returns the updated copy of `doc` (which is left untouched). */
export function applyUpdate(doc: Document, u: Document | Document[], opts: ApplyOptions = {}): Document {
  const kind = updateKind(u);
  const hadId = '_id' in doc;
  let out: Document;
  try {
    if (kind === 'replacement') {
      const replacement = u as Document;
      if (hadId && '_id' in replacement && compareValues(replacement._id, doc._id) !== 0) throw immutableId(replacement._id);
      out = hadId ? { _id: doc._id, ...replacement } : { ...replacement };
    } else if (kind === 'pipeline') {
      const [result] = makeAggregator(u as Document[], opts.match ?? {}).run([cloneDoc(doc)]);
      out = (result ?? {}) as Document;
      if (hadId && !('_id' in out)) out = { _id: doc._id, ...out };
    } else {
      const modifier: Document = { ...(u as Document) };
      const onInsert = modifier.$setOnInsert as Document | undefined;
      delete modifier.$setOnInsert;
      if (opts.inserting && onInsert) modifier.$set = { ...(modifier.$set as Document | undefined), ...onInsert };
      out = copyTouched(takeIdFromSet(doc, modifier), modifier);
      if (!opts.inserting && opts.filter) resolvePositional(doc, modifier, opts.filter, opts.match);
      checkModifier(out, modifier, opts.match);
      if (Object.keys(modifier).length > 0) {
        // The document already matched the filter; mingo needs it again only to resolve a positional `$`.
        const positional = usesPositional(modifier);
        const condition = !opts.inserting && positional ? (opts.filter as AnyObject | undefined) : undefined;
        const matches = positional || opts.arrayFilters !== undefined || '$pull' in modifier;
        const run = (m: Document): void => {
          mingoUpdate(out as AnyObject, m as AnyObject, opts.arrayFilters as AnyObject[] | undefined, condition, {
            cloneMode: 'deep',
            queryOptions: matches ? mingoOptions(opts.match) : plainUpdateOptions(opts.match),
          });
        };
        const paths = updatePaths(modifier);
        if (positional && paths.length > 1) {
          // mingo takes two paths through one array (a.$.x, a.$.y) for a conflict; mongod does not.
          checkConflicts(paths);
          for (const [op, path] of paths) run({ [op]: { [path]: (modifier[op] as Document)[path] } });
        } else run(modifier);
      }
    }
  } catch (err) {
    if (err instanceof CommandError) throw err;
    const e = asCommandError(err);
    if (/immutable field '_id'/.test(e.message)) throw new CommandError(66, e.message);
    throw e;
  }
  if (hadId && compareValues(out._id, doc._id) !== 0) throw immutableId(out._id);
  return withIdFirst(out);
}

/**
 * `$set` (and, for an upsert, `$setOnInsert`) may name `_id` when it keeps the value, or gives a
 * new document its _id; mingo refuses any `_id` in `$set`, so it is taken out here.
 */
function takeIdFromSet(doc: Document, modifier: Document): Document {
  const fields = modifier.$set as Document | undefined;
  if (!fields || !('_id' in fields)) return doc;
  const { _id: newId, ...rest } = fields;
  if ('_id' in doc && compareValues(newId, doc._id) !== 0) throw immutableId(newId);
  if (Object.keys(rest).length > 0) modifier.$set = rest;
  else delete modifier.$set;
  return '_id' in doc ? doc : { _id: newId, ...doc };
}

/**
 * A copy of `doc` that an operator update may modify in place: mingo only changes objects along the
 * paths the update names, so only those top-level fields are deep-copied; the rest stay shared
 * with the stored (never mutated) document.
 */
function copyTouched(doc: Document, modifier: Document): Document {
  const touched = new Set<string>();
  for (const [op, spec] of Object.entries(modifier)) {
    if (!isPlainObject(spec)) continue;
    for (const [path, arg] of Object.entries(spec)) {
      touched.add(path.split('.')[0] as string);
      if (op === '$rename' && typeof arg === 'string') touched.add(arg.split('.')[0] as string);
    }
  }
  const out: Document = { ...doc };
  for (const k of touched) if (Object.hasOwn(out, k)) setField(out, k, cloneDoc(out[k]));
  return out;
}

/** The document an upsert starts from: the equality conditions of the filter. */
export function upsertSeed(filter: Document | undefined): Document {
  const seed: Document = {};
  const visit = (f: Document): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const clause of v) if (isPlainObject(clause)) visit(clause);
        continue;
      }
      if (k.startsWith('$')) continue;
      if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
        if ('$eq' in v) setPath(seed, k, cloneDoc(v.$eq));
        continue;
      }
      if (v instanceof RegExp) continue;
      setPath(seed, k, cloneDoc(v));
    }
  };
  if (filter) visit(filter);
  return seed;
}

function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Document = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i] as string;
    if (!isPlainObject(node[p])) node[p] = {};
    node = node[p] as Document;
  }
  node[parts[parts.length - 1] as string] = value;
}

/** Whether an operator update names a path through the positional `$` (as in `items.$.qty`). */
function usesPositional(modifier: Document): boolean {
  return Object.values(modifier).some((fields) => isPlainObject(fields) && Object.keys(fields).some((path) => path.includes('$')));
}

const MATCHED = Symbol('matched element');

/**
 * Replaces each positional `$` with the index of the element the filter matched in the stored
 * document, as mongod resolves it once before applying any path (so `a.$.x` and a change to the
 * field the filter read can be set together).
 */
function resolvePositional(doc: Document, modifier: Document, filter: Document, match: MatchOptions | undefined): void {
  const prefixes = new Set<string>();
  for (const [, path] of updatePaths(modifier)) {
    const m = /^(.+?)\.\$(?:\.|$)/.exec(path);
    if (m) prefixes.add(m[1] as string);
  }
  for (const prefix of prefixes) {
    const probe = cloneDoc(doc);
    mingoUpdate(probe as AnyObject, { $set: { [`${prefix}.$`]: MATCHED } } as AnyObject, undefined, filter as AnyObject, { cloneMode: 'none', queryOptions: mingoOptions(match) });
    let node: unknown = probe;
    for (const part of prefix.split('.')) node = isPlainObject(node) || Array.isArray(node) ? (node as Document)[part] : undefined;
    const at = Array.isArray(node) ? node.indexOf(MATCHED) : -1;
    if (at < 0) continue;
    for (const [op, spec] of Object.entries(modifier)) {
      if (!isPlainObject(spec)) continue;
      const next: Document = {};
      for (const [path, arg] of Object.entries(spec)) {
        const resolved = path === `${prefix}.$` || path.startsWith(`${prefix}.$.`) ? `${prefix}.${at}${path.slice(prefix.length + 2)}` : path;
        setField(next, resolved, arg);
      }
      modifier[op] = next;
    }
  }
}
