// All databases and collections in memory, and the list of effects of the command being executed.
// Effects ("ops") are small documents that replay a change:
//   { o: 'c', d, c, opts }  create collection      { o: 'x', d, c }   drop collection
//   { o: 'X', d }           drop database          { o: 'i', d, c, spec } create index
//   { o: 'j', d, c, n }     drop index             { o: 'p', d, c, doc }  put document (insert/replace)
//   { o: 'r', d, c, id }    remove document by _id      { o: 'm', d, c, opts } collection options (collMod)
// A put recorded here carries the stored bytes instead (`docBytes`); the journal writes them as `doc`.
import type { Document } from 'bson';
import { Collection } from './collection.js';
import { CommandError } from './errors.js';
import type { IndexSpec } from './indexes.js';

export class Storage {
  readonly dbs = new Map<string, Map<string, Collection>>();
  private ops: Document[] = [];
  private readonly sink = (op: Document): void => {
    this.ops.push(op);
  };

  /** Returns and clears the effects recorded since the last call. */
  takeOps(): Document[] {
    const ops = this.ops;
    this.ops = [];
    return ops;
  }

  collection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** The collection, created implicitly (as inserts and createIndexes do) when missing. */
  ensure(db: string, name: string): Collection {
    return this.collection(db, name) ?? this.create(db, name, {});
  }

  create(db: string, name: string, options: Document, replay = false): Collection {
    validateName(db, name);
    let colls = this.dbs.get(db);
    if (!colls) this.dbs.set(db, (colls = new Map()));
    if (colls.has(name)) throw new CommandError(48, `Collection ${db}.${name} already exists.`);
    const coll = new Collection(db, name, options, this.sink);
    colls.set(name, coll);
    if (!replay) this.sink({ o: 'c', d: db, c: name, opts: options });
    return coll;
  }

  /** Replaces a collection's options (collMod). */
  setOptions(db: string, name: string, options: Document, replay = false): void {
    const coll = this.collection(db, name);
    if (!coll) return;
    coll.options = options;
    if (!replay) this.sink({ o: 'm', d: db, c: name, opts: options });
  }

  drop(db: string, name: string, replay = false): boolean {
    const colls = this.dbs.get(db);
    if (!colls?.delete(name)) return false;
    if (colls.size === 0) this.dbs.delete(db);
    if (!replay) this.sink({ o: 'x', d: db, c: name });
    return true;
  }

  dropDatabase(db: string, replay = false): void {
    if (!this.dbs.delete(db)) return;
    if (!replay) this.sink({ o: 'X', d: db });
  }

  /** Applies one op read back from the journal or a snapshot. */
  apply(op: Document): void {
    const db = op.d as string;
    const name = op.c as string;
    switch (op.o) {
      case 'c':
        if (!this.collection(db, name)) this.create(db, name, (op.opts as Document) ?? {}, true);
        return;
      case 'x':
        this.drop(db, name, true);
        return;
      case 'X':
        this.dropDatabase(db, true);
        return;
      case 'm':
        this.setOptions(db, name, (op.opts as Document) ?? {}, true);
        return;
    }
    const coll = this.collection(db, name) ?? this.create(db, name, {}, true);
    switch (op.o) {
      case 'i':
        if (!coll.index((op.spec as IndexSpec).name)) coll.addIndex(op.spec as IndexSpec, true);
        return;
      case 'j':
        coll.dropIndex(op.n as string, true);
        return;
      case 'p':
        coll.put(op.doc as Document, op.docBytes instanceof Uint8Array ? op.docBytes : undefined);
        return;
      case 'r':
        coll.remove({ _id: op.id }, true);
        return;
    }
  }

  /** Puts every index's waiting keys in place: after a data folder is loaded, so that the first reads need not. */
  settleIndexes(): void {
    for (const colls of this.dbs.values()) for (const coll of colls.values()) for (const index of coll.indexes) index.entries.settle();
  }

  /**
   * The ops that rebuild the whole state as it is now (a snapshot): what it holds is taken at the
   * call, so commands may go on while the ops are read. Stored bytes are never changed in place
   * (stored-documents.ts), so holding them is enough.
   */
  snapshot(): Iterable<Document> {
    const collections = [...this.dbs].flatMap(([db, colls]) =>
      [...colls].map(([name, coll]) => ({ db, name, options: coll.options, specs: coll.indexes.slice(1).map((ix) => ix.spec), docs: coll.docs.storedBytes() })),
    );
    return (function* () {
      for (const { db, name, options, specs, docs } of collections) {
        yield { o: 'c', d: db, c: name, opts: options };
        for (const spec of specs) yield { o: 'i', d: db, c: name, spec };
        for (const docBytes of docs) yield { o: 'p', d: db, c: name, docBytes };
      }
    })();
  }
}

function validateName(db: string, name: string): void {
  if (!db || /[/\\. "$]/.test(db)) throw new CommandError(73, `Invalid database name: '${db}'`);
  if (!name || name.includes('$') || name.includes('\0') || name.startsWith('.') || name.startsWith('system.'))
    throw new CommandError(73, `Invalid collection name: ${name}`);
}
