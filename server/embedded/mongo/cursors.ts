import { BSON, Long, type Document } from 'bson';
import { CommandError } from './errors.js';

const MAX_BATCH_BYTES = 16 * 1024 * 1024;
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

/** A pull source of result documents; `undefined` means exhausted. */
export type Source = () => Document | undefined;

export function arraySource(docs: Document[], map?: (d: Document) => Document): Source {
  let i = 0;
  return () => {
    if (i >= docs.length) return undefined;
    const d = docs[i++] as Document;
    return map ? map(d) : d;
  };
}

interface OpenCursor {
  ns: string;
  source: Source;
  peeked: Document | undefined;
  lastUsed: number;
}

export class Cursors {
  private readonly open = new Map<number, OpenCursor>();

  get count(): number {
    return this.open.size;
  }

  /** Takes the first batch; registers a cursor when more results remain (id 0 otherwise). */
  first(ns: string, source: Source, batchSize: number | undefined, singleBatch = false): Document {
    const cursor: OpenCursor = { ns, source, peeked: undefined, lastUsed: Date.now() };
    const batch = this.take(cursor, batchSize ?? 101);
    let id = 0;
    if (!singleBatch && this.hasMore(cursor)) {
      do id = Math.floor(Math.random() * Number.MAX_SAFE_INTEGER);
      while (id === 0 || this.open.has(id));
      this.open.set(id, cursor);
    }
    return { cursor: { firstBatch: batch, id: Long.fromNumber(id), ns }, ok: 1 };
  }

  getMore(idValue: unknown, ns: string, batchSize: number | undefined): Document {
    const id = Number(idValue);
    const cursor = this.open.get(id);
    if (!cursor) throw new CommandError(43, `cursor id ${id} not found`);
    if (cursor.ns !== ns) throw new CommandError(13, `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`);
    cursor.lastUsed = Date.now();
    const batch = this.take(cursor, batchSize && batchSize > 0 ? batchSize : Infinity);
    const more = this.hasMore(cursor);
    if (!more) this.open.delete(id);
    return { cursor: { nextBatch: batch, id: Long.fromNumber(more ? id : 0), ns }, ok: 1 };
  }

  kill(ids: unknown[]): Document {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const v of ids) {
      const id = Number(v);
      (this.open.delete(id) ? killed : notFound).push(Long.fromNumber(id));
    }
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }

  /** Drops cursors idle for longer than MongoDB's default cursor timeout. */
  sweep(now = Date.now()): void {
    for (const [id, c] of this.open) if (now - c.lastUsed > IDLE_TIMEOUT_MS) this.open.delete(id);
  }

  clear(): void {
    this.open.clear();
  }

  private next(c: OpenCursor): Document | undefined {
    if (c.peeked) {
      const d = c.peeked;
      c.peeked = undefined;
      return d;
    }
    return c.source();
  }

  private hasMore(c: OpenCursor): boolean {
    c.peeked ??= c.source();
    return c.peeked !== undefined;
  }

  private take(c: OpenCursor, batchSize: number): Document[] {
    const batch: Document[] = [];
    let bytes = 0;
    while (batch.length < batchSize) {
      const d = this.next(c);
      if (d === undefined) break;
      // The first document always goes in, so its size only matters when more may follow.
      if (batchSize > 1) bytes += BSON.calculateObjectSize(d);
      if (batch.length > 0 && bytes > MAX_BATCH_BYTES) {
        c.peeked = d;
        break;
      }
      batch.push(d);
    }
    return batch;
  }
}
