import type { Document } from 'bson';
import type { Cursors } from '../cursors.js';
import type { Logger } from '../journal.js';
import type { Storage } from '../storage.js';
import type { TtlMonitor } from '../ttl.js';
import { effectiveCollation, type CollationSpec } from '../collation.js';
import type { Collection } from '../collection.js';
import { CommandError } from '../errors.js';
import type { MatchOptions } from '../matching.js';
import { isPlainObject } from '../values.js';

export interface ServerInfo {
  host: string;
  port: number;
  startedAt: number;
  connections: () => number;
}

export interface Context {
  storage: Storage;
  cursors: Cursors;
  ttl: TtlMonitor;
  logger: Logger;
  server: ServerInfo;
  /** The command's $db. */
  db: string;
  connectionId: number;
}

/** Handlers run synchronously: nothing else runs while one executes, which makes each command atomic. */
export type Handler = (cmd: Document, ctx: Context) => Document;

export function collectionName(cmd: Document, field: string): string {
  const name: unknown = cmd[field];
  if (typeof name !== 'string' || name === '') throw new CommandError(73, `collection name has invalid type ${typeof name}`);
  return name;
}

export function optionalNumber(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** The collation a statement runs with (its own, else the collection's default). */
export function collationOf(stmt: Document, coll: Collection | undefined): CollationSpec | undefined {
  return effectiveCollation(stmt.collation, coll?.options.collation);
}

/** The command's `let` variables (readable as `$$name` in `$expr` and pipelines). */
export function letOf(cmd: Document): Document | undefined {
  if (cmd.let === undefined) return undefined;
  if (!isPlainObject(cmd.let)) throw new CommandError(14, "BSON field 'let' is the wrong type, expected type 'object'");
  for (const name of Object.keys(cmd.let)) {
    if (!/^[a-z\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*$/.test(name)) throw new CommandError(16870, `'${name}' starts with an invalid character for a user variable name`);
  }
  return cmd.let;
}

/** Collation and variables of one statement of a command. */
export function matchOptions(cmd: Document, stmt: Document, coll: Collection | undefined): MatchOptions {
  return { collation: collationOf(stmt, coll), variables: letOf(cmd) };
}

/** Refuses writes to a view (mongod's 166); creates the collection when `create` is set. */
export function writableCollection(ctx: Context, name: string, create: true): Collection;
export function writableCollection(ctx: Context, name: string, create: false): Collection | undefined;
export function writableCollection(ctx: Context, name: string, create: boolean): Collection | undefined {
  const coll = ctx.storage.collection(ctx.db, name);
  if (coll?.options.viewOn !== undefined) throw new CommandError(166, `Namespace ${ctx.db}.${name} is a view, not a collection`);
  return coll ?? (create ? ctx.storage.ensure(ctx.db, name) : undefined);
}

/** A hint must name an existing index (by name or key pattern), or be `$natural`. */
export function checkHint(hint: unknown, coll: Collection | undefined): void {
  if (hint === undefined || hint === null || !coll) return;
  if (typeof hint === 'string') {
    if (coll.index(hint)) return;
  } else if (isPlainObject(hint)) {
    const keys = Object.keys(hint);
    if (keys.length === 0 || keys[0] === '$natural') return;
    if (coll.indexes.some((ix) => JSON.stringify(Object.keys(ix.spec.key)) === JSON.stringify(keys) && keys.every((k) => Number(ix.spec.key[k]) === Number(hint[k]) || ix.spec.key[k] === hint[k]))) return;
  } else return;
  throw new CommandError(2, 'error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index');
}

/** The key pattern of the index a hint names, which is then the order documents come in; undefined for `$natural` or a text/geo index. */
export function hintOrder(hint: unknown, coll: Collection | undefined): Document | undefined {
  if (!coll || hint === undefined || hint === null) return undefined;
  const ix = typeof hint === 'string' ? coll.index(hint) : isPlainObject(hint) ? coll.indexes.find((i) => JSON.stringify(i.spec.key) === JSON.stringify(hint)) : undefined;
  return ix && !ix.special ? ix.spec.key : undefined;
}
