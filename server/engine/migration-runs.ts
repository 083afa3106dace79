/** The record of a migration run in the background: its progress, heartbeat and outcome. */
import { Schema, type Connection, type Model } from 'mongoose';
import type { MigrationBlocker, MigrationCandidate } from './migration.js';

/** One migration as process owners started it: running in the background, then its outcome. */
export interface MigrationRunDoc {
  _id: string;
  processKey: string;
  fromVersion: number;
  toVersion: number;
  /** interrupted: the process that ran it stopped (a restart); starting it again moves the rest. */
  status: 'running' | 'done' | 'failed' | 'interrupted';
  startedBy: { id: string; name: string };
  startedAt: Date;
  /** Renewed while it runs; a run whose heartbeat is older than staleRunMs has no process left running it. */
  heartbeatAt?: Date;
  finishedAt?: Date;
  moved: number;
  /** Grouped by where the instances wait and why they could not move, with counts (no instance ids). */
  notMoved: { elementIds: string[]; blockers: MigrationBlocker[]; instances: number }[];
  error?: string;
}

const runSchema = new Schema<MigrationRunDoc>(
  {
    _id: { type: String, required: true },
    processKey: { type: String, required: true },
    fromVersion: { type: Number, required: true },
    toVersion: { type: Number, required: true },
    status: { type: String, required: true },
    startedBy: { type: Schema.Types.Mixed, required: true },
    startedAt: { type: Date, required: true },
    heartbeatAt: Date,
    finishedAt: Date,
    moved: { type: Number, default: 0 },
    notMoved: { type: Schema.Types.Mixed, default: [] },
    error: String,
  },
  { collection: 'migrations', versionKey: false, minimize: false, autoIndex: false },
);

export type MigrationRunModel = Model<MigrationRunDoc>;

export function migrationRunModel(connection: Connection): MigrationRunModel {
  return (connection.models.MigrationRun as MigrationRunModel | undefined) ?? connection.model<MigrationRunDoc>('MigrationRun', runSchema);
}

/** How often a running migration renews its heartbeat, and when one without a renewal counts as interrupted. */
export const runHeartbeatMs = 10_000;
export const staleRunMs = 60_000;

/**
 * Marks runs no process runs any more (a crash or a restart while they ran) as interrupted: all
 * stale ones, or only `runId`. Moved cases stay moved; starting the migration again moves the rest.
 */
export async function markInterruptedRuns(connection: Connection, now: Date = new Date(), runId?: string): Promise<number> {
  const stale = new Date(now.getTime() - staleRunMs);
  const result = await migrationRunModel(connection).updateMany(
    {
      ...(runId ? { _id: runId } : {}),
      status: 'running',
      $or: [{ heartbeatAt: { $lt: stale } }, { heartbeatAt: { $exists: false }, startedAt: { $lt: stale } }],
    },
    { $set: { status: 'interrupted', finishedAt: now } },
  );
  return result.modifiedCount;
}

/** Candidates grouped by where they wait and why they cannot move, largest group first (instance ids carry the case's id). */
export function groupCandidates(candidates: readonly MigrationCandidate[]): MigrationRunDoc['notMoved'] {
  const byKey = new Map<string, MigrationRunDoc['notMoved'][number]>();
  for (const candidate of candidates) {
    const elementIds = [...candidate.elementIds].sort();
    const key = JSON.stringify([elementIds, candidate.blockers]);
    const group = byKey.get(key);
    if (group) group.instances += 1;
    else byKey.set(key, { elementIds, blockers: [...candidate.blockers], instances: 1 });
  }
  return [...byKey.values()].sort((a, b) => b.instances - a.instances || a.elementIds.join().localeCompare(b.elementIds.join()));
}
