// Secondary index: a sorted list of entries, each a key tuple followed by the document's identity
// key in one array (the collector walks one object per entry, not three), compared in BSON order.
// Documents with an array on an indexed path are "multikey": they get one entry per element (so
// unique checks see every element, and a scan may meet a document more than once; the planner
// de-duplicates). The fields that ever held an array are remembered, since the planner may not
// intersect two range ends on such a field.
import type { Document } from 'bson';
import type { Query } from 'mingo/query';
import { collator, parseCollation } from './collation.js';
import { compileQuery } from './matching.js';
import { SortedList } from './sortedlist.js';
import { compareValues, formatValue, isPlainObject, type StringCompare } from './values.js';

export interface IndexSpec extends Document {
  v: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
}

/** An index entry: the key's values, then the identity key (values.ts idKey) of the document. */
export type Entry = unknown[];

/** The entry of a document's key, in an array of its exact size (a spread or a push leaves spare room). */
function entryOf(k: readonly unknown[], id: string): Entry {
  const e = new Array<unknown>(k.length + 1);
  for (let i = 0; i < k.length; i++) e[i] = k[i];
  e[k.length] = id;
  return e;
}

/** The identity key of the document an entry belongs to. */
export function entryId(e: Entry): string {
  return e[e.length - 1] as string;
}

/** Orders entries by their documents' identity keys (binary, whatever the index's collation). */
export function compareEntryIds(a: Entry, b: Entry): number {
  const x = entryId(a);
  const y = entryId(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Compares the first `length` values: either side may be a key or an entry (a key, then an identity key). */
export function compareKeys(a: readonly unknown[], b: readonly unknown[], str?: StringCompare, length = b.length): number {
  for (let i = 0; i < length; i++) {
    const d = compareValues(a[i], b[i], str);
    if (d !== 0) return d;
  }
  return 0;
}

/** Values found at a dotted path, descending into arrays (undefined = missing). */
function collect(value: unknown, parts: string[], i: number, out: unknown[], state: { multikey: boolean }): void {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      state.multikey = true;
      if (value.length === 0) out.push(undefined);
      else for (const e of value) out.push(e);
    } else out.push(value);
    return;
  }
  const part = parts[i] as string;
  if (Array.isArray(value)) {
    state.multikey = true;
    const before = out.length;
    if (/^\d+$/.test(part) && Number(part) < value.length) collect(value[Number(part)], parts, i + 1, out, state);
    for (const e of value) if (isPlainObject(e)) collect(e, parts, i, out, state);
    if (out.length === before) out.push(undefined);
    return;
  }
  if (isPlainObject(value)) collect(value[part], parts, i + 1, out, state);
  else out.push(undefined);
}

/** Values at a dotted path with arrays expanded, as distinct and multikey indexes see them. */
export function valuesAtPath(doc: Document, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out, { multikey: false });
  return out;
}

function uniqueValues(values: unknown[]): unknown[] {
  if (values.length < 2) return values;
  const sorted = values.slice().sort(compareValues);
  return sorted.filter((v, i) => i === 0 || compareValues(sorted[i - 1], v) !== 0);
}

export interface DocKeys {
  keys: unknown[][];
  multikey: boolean;
}

export class Index {
  readonly spec: IndexSpec;
  readonly fields: string[];
  private readonly paths: string[][];
  readonly entries: SortedList<Entry>;
  /** String order of an index with a collation (its keys, and so its unique checks, follow it). */
  readonly strings: StringCompare | undefined;
  readonly multikey = new Set<string>();
  /** Per field: whether any document ever had an array on its path (sticky, as in MongoDB). */
  readonly multikeyFields: boolean[];
  private readonly partial: Query | undefined;
  /** text/2dsphere/hashed… indexes are accepted and listed but hold no entries. */
  readonly special: boolean;

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.strings = collator(parseCollation(spec.collation));
    const str = this.strings;
    this.fields = Object.keys(spec.key);
    const width = this.fields.length;
    this.entries = new SortedList<Entry>((a, b) => compareKeys(a, b, str, width) || compareEntryIds(a, b));
    this.paths = this.fields.map((f) => f.split('.'));
    this.multikeyFields = this.fields.map(() => false);
    this.special = Object.values(spec.key).some((v) => typeof v === 'string');
    this.partial = spec.partialFilterExpression ? compileQuery(spec.partialFilterExpression as Document) : undefined;
  }

  get name(): string {
    return this.spec.name;
  }

  /** Unique by its spec, or the _id index (always unique, though its spec does not say so). */
  get unique(): boolean {
    return this.spec.unique === true || this.spec.name === '_id_';
  }

  /** Whether lookups may use this index: every document must be in it. */
  get complete(): boolean {
    return !this.special && !this.spec.sparse && !this.partial && !this.strings && this.spec.hidden !== true;
  }

  /** The keys of a document in this index, or null when the document is not indexed. */
  keysOf(doc: Document): DocKeys | null {
    if (this.special) return null;
    if (this.partial && !this.partial.test(doc)) return null;
    // One value on each path (the usual case): one key, without the cross product below.
    const key: unknown[] = [];
    let multikey = false;
    for (const [i, parts] of this.paths.entries()) {
      const out: unknown[] = [];
      const fieldState = { multikey: false };
      collect(doc, parts, 0, out, fieldState);
      if (out.length !== 1) break;
      if (fieldState.multikey) {
        multikey = true;
        this.multikeyFields[i] = true;
      }
      key.push(out[0]);
    }
    if (key.length === this.paths.length) {
      if (this.spec.sparse && key.every((v) => v === undefined)) return null;
      return { keys: [key.map((v) => (v === undefined ? null : v))], multikey };
    }
    const state = { multikey: false };
    const perField: unknown[][] = [];
    let allMissing = true;
    for (const [i, parts] of this.paths.entries()) {
      const out: unknown[] = [];
      const fieldState = { multikey: false };
      collect(doc, parts, 0, out, fieldState);
      if (fieldState.multikey) {
        state.multikey = true;
        this.multikeyFields[i] = true;
      }
      if (out.some((v) => v !== undefined)) allMissing = false;
      perField.push(uniqueValues(out.map((v) => (v === undefined ? null : v))));
    }
    if (this.spec.sparse && allMissing) return null;
    let keys: unknown[][] = [[]];
    for (const values of perField) keys = keys.flatMap((prefix) => values.map((v) => [...prefix, v]));
    return { keys, multikey: state.multikey };
  }

  add(id: string, dk: DocKeys | null): void {
    if (!dk) return;
    for (const k of dk.keys) this.entries.insert(entryOf(k, id));
    if (dk.multikey) this.multikey.add(id);
  }

  remove(id: string, dk: DocKeys | null): void {
    if (!dk) return;
    for (const k of dk.keys) this.entries.remove(entryOf(k, id));
    this.multikey.delete(id);
  }

  /** Bulk (re)build from all documents. */
  load(docs: Iterable<[string, Document]>): void {
    const items: Entry[] = [];
    this.multikey.clear();
    for (const [id, doc] of docs) {
      const dk = this.keysOf(doc);
      if (!dk) continue;
      for (const k of dk.keys) items.push(entryOf(k, id));
      if (dk.multikey) this.multikey.add(id);
    }
    this.entries.load(items);
  }

  /** A key of `dk` already held by another document, if this is a unique index. */
  conflict(id: string, dk: DocKeys | null): unknown[] | undefined {
    if (!this.unique || !dk) return undefined;
    for (const k of dk.keys) {
      for (const e of this.entries.iterate(this.entries.seek((x) => compareKeys(x, k, this.strings) < 0))) {
        if (compareKeys(e, k, this.strings) !== 0) break;
        if (entryId(e) !== id) return k;
      }
    }
    return undefined;
  }

  /** The first duplicated key inside the index (used when building a unique index). */
  firstDuplicate(): unknown[] | undefined {
    const width = this.fields.length;
    let prev: Entry | undefined;
    for (const e of this.entries.iterate()) {
      if (prev && entryId(prev) !== entryId(e) && compareKeys(prev, e, this.strings, width) === 0) return e.slice(0, width);
      prev = e;
    }
    return undefined;
  }

  keyValue(k: unknown[]): Document {
    const out: Document = {};
    this.fields.forEach((f, i) => (out[f] = k[i] ?? null));
    return out;
  }

  describe(): Document {
    return { ...this.spec };
  }
}

/** The E11000 error MongoDB reports for a unique index violation. */
export function duplicateKeyError(ns: string, index: Index, k: unknown[]): { message: string; extra: Document } {
  const keyValue = index.keyValue(k);
  const rendered = formatValue(keyValue).replace(/^\{\}$/, '{ }');
  return {
    message: `E11000 duplicate key error collection: ${ns} index: ${index.name} dup key: ${rendered}`,
    extra: { keyPattern: { ...index.spec.key }, keyValue },
  };
}

const KNOWN_OPTIONS = new Set(['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'collation', 'hidden', 'weights', 'default_language', 'language_override', 'textIndexVersion', '2dsphereIndexVersion', 'bits', 'min', 'max', 'wildcardProjection', 'storageEngine']);

/** Normalises a createIndexes entry into the stored spec (v: 2, key, name, then options). */
export function normaliseSpec(raw: Document): IndexSpec {
  const spec: IndexSpec = { v: 2, key: raw.key as Document, name: raw.name as string };
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'key' || k === 'name' || k === 'v' || k === 'ns' || k === 'background') continue;
    if (!KNOWN_OPTIONS.has(k)) continue;
    if ((k === 'unique' || k === 'sparse' || k === 'hidden') && !v) continue;
    spec[k] = k === 'expireAfterSeconds' ? Number(v) : v;
  }
  return spec;
}

/** Whether two specs describe the same index options (the name and key are compared separately). */
export function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  const strip = (s: IndexSpec): Document => {
    const rest: Document = { ...s };
    delete rest.v;
    delete rest.name;
    delete rest.key;
    return rest;
  };
  const x = strip(a);
  const y = strip(b);
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const k of keys) if (compareValues(x[k], y[k]) !== 0) return false;
  return true;
}
