import type { Document } from 'bson';
import { dispatch } from './commands/index.js';
import type { ServerInfo } from './commands/context.js';
import type { Cursors } from './cursors.js';
import { CommandError } from './errors.js';
import type { Journal, Logger } from './journal.js';
import type { Storage } from './storage.js';
import type { TtlMonitor } from './ttl.js';
import { isPlainObject } from './values.js';

const writeCommands = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);

/**
 * Runs commands against the storage and makes their effects durable before the reply goes out,
 * except for a write with the write concern `j: false`: as in mongod, it is acknowledged once
 * applied, and its record goes to disk with the next write that waits for the disk (or within
 * 50 ms). The journal is written in order, so that write's acknowledgement covers it.
 */
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
    const unjournaled = isPlainObject(body.writeConcern) && body.writeConcern.j === false;
    const committed = this.commit(writeCommands.has(Object.keys(body)[0] ?? ''), unjournaled);
    if (unjournaled) {
      committed.catch((err: unknown) => this.logger.error({ err }, 'embedded mongo: journaling an unjournaled write failed'));
      return reply;
    }
    try {
      await committed;
    } catch (err) {
      return new CommandError(1, `failed to write the journal: ${(err as Error).message}`).toReply();
    }
    return reply;
  }

  /**
   * Journals the effects recorded since the last commit (no-op in memory-only mode). A write that
   * changed nothing waits for the records before it, as mongod's journaled writes do: its
   * acknowledgement covers the unjournaled writes that came before it.
   */
  commit(write = false, unjournaled = false): Promise<void> {
    const ops = this.storage.takeOps();
    if (!this.journal) return Promise.resolve();
    if (ops.length > 0) return this.journal.append(ops, unjournaled);
    return write && !unjournaled ? this.journal.written() : Promise.resolve();
  }
}
