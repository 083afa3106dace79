// Removes documents whose TTL index date (plus expireAfterSeconds) lies in the past, every
// ttlMonitorSleepSecs seconds (60 by default, like MongoDB; changeable with setParameter).
import type { Collection } from './collection.js';
import type { Document } from 'bson';
import { entryId } from './indexes.js';
import type { Storage } from './storage.js';
import { typeRank } from './values.js';

const DATE_RANK = 10;

export class TtlMonitor {
  sleepSecs = 60;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly storage: Storage,
    /** Called after each pass that removed documents (journals the removals), and for housekeeping. */
    private readonly afterPass: (removed: number) => Promise<void>,
  ) {}

  start(): void {
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  /** Sets the interval and restarts the wait with it; returns the previous value. */
  setSleepSecs(secs: number): number {
    const was = this.sleepSecs;
    this.sleepSecs = secs;
    if (this.running) {
      clearTimeout(this.timer);
      this.schedule();
    }
    return was;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      const removed = this.runOnce();
      void this.afterPass(removed).finally(() => {
        if (this.running) this.schedule();
      });
    }, this.sleepSecs * 1000);
    this.timer.unref();
  }

  /** One pass over every TTL index; returns how many documents were removed. */
  runOnce(now = Date.now()): number {
    let removed = 0;
    for (const colls of this.storage.dbs.values()) {
      for (const coll of colls.values()) {
        removed += expireTimeseries(coll, now);
        for (const ix of coll.indexes) {
          const secs = ix.spec.expireAfterSeconds;
          if (typeof secs !== 'number' || ix.fields.length !== 1) continue;
          const cutoff = now - secs * 1000;
          // By id: a document with an array of dates has an entry per date.
          const expired = new Set<string>();
          const list = ix.entries;
          for (const e of list.iterate(list.seek((x) => typeRank(x[0]) < DATE_RANK))) {
            const v = e[0];
            if (!(v instanceof Date) || v.getTime() > cutoff) break;
            expired.add(entryId(e));
          }
          for (const id of expired) {
            const doc = coll.docs.get(id);
            if (!doc) continue;
            coll.remove(doc);
            removed++;
          }
        }
      }
    }
    return removed;
  }
}

/** A time-series collection's own `expireAfterSeconds` applies to its time field. */
function expireTimeseries(coll: Collection, now: number): number {
  const secs = Number(coll.options.expireAfterSeconds);
  const timeField = (coll.options.timeseries as Document | undefined)?.timeField;
  if (typeof timeField !== 'string' || !Number.isFinite(secs)) return 0;
  const cutoff = now - secs * 1000;
  const expired = Array.from(coll.docs.values()).filter((d) => d[timeField] instanceof Date && (d[timeField] as Date).getTime() <= cutoff);
  for (const doc of expired) coll.remove(doc);
  return expired.length;
}
