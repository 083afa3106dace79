import { writeFileSync } from 'node:fs';
const STATS: Record<string, { n: number; ms: number; max: number; ex: string }> = {};
let COUNT = 0;
import type { Document } from 'bson';
import { dispatch } from './commands/index.js';
import type { ServerInfo } from './commands/context.js';
import type { Cursors } from './cursors.js';
import { CommandError } from './errors.js';
import type { Journal, Logger } from './journal.js';
import type { Storage } from './storage.js';
import type { TtlMonitor } from './ttl.js';

/** Runs commands against the storage and makes their effects durable before the reply goes out. */
export class Engine {
  constructor(
    private readonly storage: Storage,
    private readonly cursors: Cursors,
    private readonly ttl: TtlMonitor,
    private readonly journal: Journal | null,
    private readonly logger: Logger,
    readonly server: ServerInfo,
  ) {}

  async execute(body: Document, db: string, connectionId: number): Promise<Document> {
    const t0 = performance.now();
    const reply = dispatch(body, {
      storage: this.storage,
      cursors: this.cursors,
      ttl: this.ttl,
      logger: this.logger,
      server: this.server,
      db,
      connectionId,
    });
    const dt = performance.now() - t0;
    const name = Object.keys(body)[0] ?? '';
    const key = name + ' ' + String(body[name]);
    const st = (STATS[key] ??= { n: 0, ms: 0, max: 0, ex: '' });
    st.n++; st.ms += dt; if (dt > st.max) { st.max = dt; st.ex = JSON.stringify(body).slice(0, 400); }
    if (++COUNT % 500 === 0) writeFileSync('/tmp/mongo-stats.json', JSON.stringify(Object.entries(STATS).sort((a, b) => b[1].ms - a[1].ms).slice(0, 25), null, 1));
    try {
      await this.commit();
    } catch (err) {
      return new CommandError(1, `failed to write the journal: ${(err as Error).message}`).toReply();
    }
    return reply;
  }

  /** Journals the effects recorded since the last commit (no-op in memory-only mode). */
  commit(): Promise<void> {
    const ops = this.storage.takeOps();
    if (ops.length === 0 || !this.journal) return Promise.resolve();
    return this.journal.append(ops);
  }
}
