/**
 * Ends a running instance from outside the process (a case merged into another): the instance
 * stops where it waits, its open tasks are closed, its scheduled timers cancelled and its open
 * incidents resolved. It is a command on the stored documents, not a run of bpmn-engine: the
 * instance never runs again, so its engine state is kept as it was for the record.
 *
 * Timer jobs already in Redis may still fire; they find their timer cancelled and do nothing
 * (fireTimer checks the timer document first).
 */
import type { Connection } from 'mongoose';
import { ConcurrencyError, NotFoundError } from './errors.js';
import { engineModels, type InstanceDoc } from './models/index.js';
import { systemClock, type Actor, type Clock, type HistoryEntry, type InstanceView } from './types.js';

export interface EndInstanceResult {
  /** ended: this call ended it; already-ended: it had ended before (nothing changed). */
  readonly outcome: 'ended' | 'already-ended';
  readonly status: InstanceView['status'];
}

/** How often to reload when a save of another command is still applying its derived writes. */
const maxAttempts = 20;

export async function endInstance(
  connection: Connection,
  input: { instanceId: string; actor: Actor; clock?: Clock },
): Promise<EndInstanceResult> {
  const { Instance, Task, Timer, Incident } = engineModels(connection);
  const clock = input.clock ?? systemClock;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const doc = await Instance.findById(input.instanceId).lean<InstanceDoc>();
    if (!doc) throw new NotFoundError('instance', input.instanceId);
    if (doc.status !== 'running') {
      await closeDerived(input.instanceId, input.actor, clock.now());
      return { outcome: 'already-ended', status: doc.status };
    }
    // Another command saved and is still writing its tasks and timers: let it finish first, so
    // that nothing it creates outlives the instance. After the last attempt the writes it left
    // (a crashed process) are dropped for tasks and timers, which the ended instance no longer has.
    if (doc.pending && attempt < maxAttempts) {
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
      continue;
    }
    const now = clock.now();
    const history: HistoryEntry[] = [
      ...(doc.active ?? []).map(
        (element): HistoryEntry => ({
          elementId: element.elementId,
          elementType: element.elementType,
          ...(element.name ? { name: element.name } : {}),
          executionId: element.executionId,
          startedAt: element.startedAt,
          endedAt: now,
          outcome: 'instance-ended',
          by: input.actor.id,
        }),
      ),
      { elementId: doc.processKey, elementType: 'bpmn:Process', executionId: doc._id, startedAt: doc.startedAt, endedAt: now, outcome: 'terminated', by: input.actor.id },
    ];
    const pending = doc.pending ? { ...doc.pending, tasksCreated: [], timersScheduled: [] } : null;
    const saved = await Instance.updateOne(
      { _id: doc._id, rev: doc.rev, status: 'running' },
      {
        $set: { status: 'terminated', active: [], failures: [], pending, openIncidents: 0, pendingRetries: 0, updatedAt: now, endedAt: now },
        $inc: { rev: 1 },
        $push: { history: { $each: history } },
      },
    );
    if (saved.matchedCount !== 1) continue;
    await closeDerived(doc._id, input.actor, now);
    return { outcome: 'ended', status: 'terminated' };
  }
  throw new ConcurrencyError(input.instanceId, maxAttempts);

  /** Idempotent: whatever still waits of an ended instance is closed. */
  async function closeDerived(instanceId: string, actor: Actor, at: Date): Promise<void> {
    await Promise.all([
      Task.updateMany({ instanceId, status: { $in: ['open', 'claimed'] } }, { $set: { status: 'closed', closedReason: 'instance-ended', closedAt: at, completion: null } }),
      Timer.updateMany({ instanceId, status: 'scheduled' }, { $set: { status: 'cancelled', cancelledAt: at } }),
      Incident.updateMany({ instanceId, status: 'open' }, { $set: { status: 'resolved', resolvedAt: at, resolvedBy: actor.id, resolution: 'instance-ended', updatedAt: at } }),
    ]);
  }
}
