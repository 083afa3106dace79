import type { Connection } from 'mongoose';

/**
 * Micro-batching: calls made while the event loop is busy with other jobs (a worker runs many at
 * once) are gathered and served by one call of `run`, e.g. one MongoDB query for the tasks of fifty
 * reminders instead of fifty queries. `run` returns one result per item, in order; when it throws,
 * every caller of that batch gets the error (their jobs are retried).
 */
export function microBatch<I, O>(run: (items: readonly I[]) => Promise<readonly O[]>, maxSize = 500): (item: I) => Promise<O> {
  let pending: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;
  const flush = (): void => {
    const batch = pending;
    pending = [];
    scheduled = false;
    if (batch.length === 0) return;
    run(batch.map((p) => p.item)).then(
      (results) => batch.forEach((p, i) => p.resolve(results[i] as O)),
      (error: unknown) => batch.forEach((p) => p.reject(error)),
    );
  };
  return (item) =>
    new Promise<O>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (pending.length >= maxSize) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

/** A batched lookup by id: one `find({ _id: { $in } })` per batch; null for an id not found. */
export function batchedById<T extends { _id: unknown }>(findMany: (ids: readonly string[]) => Promise<readonly T[]>): (id: string) => Promise<T | null> {
  return microBatch<string, T | null>(async (ids) => {
    const found = new Map((await findMany([...new Set(ids)])).map((doc) => [String(doc._id), doc]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

/**
 * All documents of a `find` as one command and its reply (the driver's cursor machinery costs more
 * than the lookup itself at reminder rates). A reply that does not hold them all is read on with getMore.
 */
export async function findAll<T>(model: { readonly db: Connection; readonly collection: { readonly collectionName: string } }, filter: Record<string, unknown>, projection: Record<string, 0 | 1>): Promise<T[]> {
  const db = model.db.db;
  if (!db) throw new Error('the database connection is not open');
  const collection = model.collection.collectionName;
  type Reply = { cursor: { id: unknown; firstBatch?: T[]; nextBatch?: T[] } };
  let reply = (await db.command({ find: collection, filter, projection, batchSize: 1000 })) as unknown as Reply;
  const docs = [...(reply.cursor.firstBatch ?? [])];
  while (Number(reply.cursor.id) !== 0) {
    reply = (await db.command({ getMore: reply.cursor.id, collection, batchSize: 1000 })) as unknown as Reply;
    docs.push(...(reply.cursor.nextBatch ?? []));
  }
  return docs;
}

/**
 * Remembers lookups for `ttlMs` by the given clock: the same key within that time is answered
 * from memory (a lookup still in progress is shared). A failed lookup is not remembered.
 */
export function remembered<T>(ttlMs: number, now: () => Date, load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return (key) => {
    const at = now().getTime();
    const entry = entries.get(key);
    // A clock set back (tests) counts as expired too.
    if (entry && at >= entry.at && at - entry.at < ttlMs) return entry.value;
    if (entries.size >= 10_000) for (const [k, e] of entries) if (!(at >= e.at && at - e.at < ttlMs)) entries.delete(k);
    const value = load(key);
    entries.set(key, { at, value });
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    return value;
  };
}
