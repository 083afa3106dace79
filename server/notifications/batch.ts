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
