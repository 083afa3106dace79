import type { Document } from 'bson';
import type { Cursors } from '../cursors.js';
import type { Logger } from '../journal.js';
import type { Storage } from '../storage.js';
import type { TtlMonitor } from '../ttl.js';
import { CommandError } from '../errors.js';

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
