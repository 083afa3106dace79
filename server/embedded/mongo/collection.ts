import type { Document } from 'bson';
import { CommandError } from './errors.js';
import { checkGeoKeys } from './geo-query.js';
import { Index, compareKeys, duplicateKeyError, type DocKeys, type IndexSpec } from './indexes.js';
import { StoredDocuments } from './stored-documents.js';
import { idKey, isOddIdKey, isPlainObject } from './values.js';

/** mongod refuses `$`-prefixed field names inside an _id (they are allowed elsewhere since 5.0). */
function checkId(id: unknown): void {
  if (!isPlainObject(id)) return;
  for (const [k, v] of Object.entries(id)) {
    if (k.startsWith('$')) throw new CommandError(52, `_id fields may not contain '$'-prefixed fields: ${k} is not valid for storage.`);
    checkId(v);
  }
}

/** Whether an index holds a document under the same entries before and after a change. */
function sameKeys(a: DocKeys | null, b: DocKeys | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.multikey !== b.multikey || a.keys.length !== b.keys.length) return false;
  return a.keys.every((k, i) => compareKeys(k, b.keys[i] as unknown[]) === 0);
}

/** Receives the durable effect of every change (see journal.ts for how they are written). */
export type OpSink = (op: Document) => void;

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/** One collection: documents by _id identity plus indexes. */
export class Collection {
  readonly docs = new StoredDocuments();
  readonly indexes: Index[] = [new Index(ID_INDEX)];
  /** Stored documents with an odd _id (isOddIdKey): while there are none, `docs` alone tells whether an _id is taken. */
  private oddIds = 0;

  /** Whether some stored _id is odd (isOddIdKey): then an _id is found through the _id index, not by its identity key. */
  get holdsOddIds(): boolean {
    return this.oddIds > 0;
  }

  constructor(
    readonly db: string,
    readonly name: string,
    public options: Document,
    private readonly sink: OpSink,
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  index(name: string): Index | undefined {
    return this.indexes.find((i) => i.name === name);
  }

  private duplicate(index: Index, k: unknown[]): CommandError {
    const { message, extra } = duplicateKeyError(this.ns, index, k);
    return new CommandError(11000, message, extra);
  }

  /**
   * The top-level fields the indexes read of a document (_id among them), or undefined when one
   * reads more than its keys (a partial filter, a text or geo index).
   */
  indexedFields(): ReadonlySet<string> | undefined {
    const fields = new Set<string>(['_id']);
    for (const ix of this.indexes) {
      if (ix.special || ix.spec.partialFilterExpression) return undefined;
      for (const field of ix.fields) fields.add(field.split('.')[0] as string);
    }
    return fields;
  }

  private keysFor(doc: Document): (DocKeys | null)[] {
    return this.indexes.map((ix) => ix.keysOf(doc));
  }

  /** Inserts a document that already has its _id; throws E11000 without changing anything. */
  insert(doc: Document, replay = false, serialized?: Uint8Array): void {
    if (Array.isArray(doc._id)) throw new CommandError(2, `can't use an array for _id`);
    if (!replay) {
      checkId(doc._id);
      checkGeoKeys(this.indexes, doc);
    }
    const id = idKey(doc._id);
    const keys = this.keysFor(doc);
    if (!replay) {
      if (this.docs.has(id)) throw this.duplicate(this.indexes[0] as Index, [doc._id]);
      // `docs` alone tells whether an ordinary _id is taken; an odd one (Decimal128 1 beside 1) needs the index.
      const idChecked = this.oddIds === 0 && !isOddIdKey(id);
      this.indexes.forEach((ix, i) => {
        if (i === 0 && idChecked) return;
        const k = ix.conflict(id, keys[i] ?? null);
        if (k) throw this.duplicate(ix, k);
      });
    }
    const bytes = this.docs.set(id, doc, serialized);
    if (isOddIdKey(id)) this.oddIds++;
    this.indexes.forEach((ix, i) => ix.add(id, keys[i] ?? null));
    if (!replay) this.sink({ o: 'p', d: this.db, c: this.name, docBytes: bytes });
  }

  /** Replaces a stored document by one with the same _id; throws E11000 without changing anything. */
  replace(oldDoc: Document, newDoc: Document, replay = false, serialized?: Uint8Array): void {
    const id = idKey(oldDoc._id);
    const oldKeys = this.keysFor(oldDoc);
    const newKeys = this.keysFor(newDoc);
    // Most updates leave most indexes as they were: those are neither checked nor touched.
    const changed = this.indexes.map((_, i) => !sameKeys(oldKeys[i] ?? null, newKeys[i] ?? null));
    if (!replay) {
      checkGeoKeys(this.indexes, newDoc);
      this.indexes.forEach((ix, i) => {
        if (!changed[i]) return;
        const k = ix.conflict(id, newKeys[i] ?? null);
        if (k) throw this.duplicate(ix, k);
      });
    }
    this.indexes.forEach((ix, i) => {
      if (!changed[i]) return;
      ix.remove(id, oldKeys[i] ?? null);
      ix.add(id, newKeys[i] ?? null);
    });
    const bytes = this.docs.set(id, newDoc, serialized);
    if (!replay) this.sink({ o: 'p', d: this.db, c: this.name, docBytes: bytes });
  }

  /** Insert or replace by _id without unique checks (journal replay; `serialized` is the document's BSON when at hand). */
  put(doc: Document, serialized?: Uint8Array): void {
    const old = this.docs.get(idKey(doc._id));
    if (old) this.replace(old, doc, true, serialized);
    else this.insert(doc, true, serialized);
  }

  remove(doc: Document, replay = false): void {
    const id = idKey(doc._id);
    const stored = this.docs.get(id);
    if (!stored) return;
    this.indexes.forEach((ix) => ix.remove(id, ix.keysOf(stored)));
    this.docs.delete(id);
    if (isOddIdKey(id)) this.oddIds--;
    if (!replay) this.sink({ o: 'r', d: this.db, c: this.name, id: doc._id });
  }

  /** Builds a new index over the existing documents; a unique violation leaves the collection as it was. */
  addIndex(spec: IndexSpec, replay = false): void {
    const ix = new Index(spec);
    ix.load(this.docs.entries());
    if (!replay && ix.special) for (const doc of this.docs.values()) checkGeoKeys([ix], doc);
    if (ix.unique && !replay) {
      const k = ix.firstDuplicate();
      if (k) {
        const err = this.duplicate(ix, k);
        throw new CommandError(11000, `Index build failed: ${err.message}`, err.extra);
      }
    }
    this.indexes.push(ix);
    if (!replay) this.sink({ o: 'i', d: this.db, c: this.name, spec });
  }

  dropIndex(name: string, replay = false): void {
    const at = this.indexes.findIndex((i) => i.name === name);
    if (at > 0) this.indexes.splice(at, 1);
    if (!replay) this.sink({ o: 'j', d: this.db, c: this.name, n: name });
  }
}
