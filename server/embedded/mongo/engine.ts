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
    const reply = dispatch(body, {
      storage: this.storage,
      cursors: this.cursors,
      ttl: this.ttl,
      logger: this.logger,
      server: this.server,
      db,
      connectionId,
    });
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
