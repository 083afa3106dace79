/**
 * Applies a step's derived writes after its state is saved: tasks, timers (with their BullMQ
 * jobs), incidents, service retries and outbound jobs. Every write is idempotent, so applying
 * twice (after a crash, or concurrently) is harmless. The MongoDB writes do not wait for the disk:
 * clearing the pending marker, which always follows them (applyPending), does.
 */
import { ignoringDuplicate } from '../mongo-errors.js';
import type { EngineContext } from './context.js';
import type { Effects } from './effects.js';
import type { InstanceDoc } from './models/index.js';
import { outboundJobOptions, retryJobId, timerJobOptions } from './queues.js';
import { orderedBeforeAJournaledWrite as unjournaled } from './store.js';

type InstanceMeta = Pick<InstanceDoc, '_id' | 'caseId' | 'processKey' | 'labels'>;

/** A timer's job: due when the timer is, with the timer's id as its job id. */
function timerJob(ctx: EngineContext, timerId: string, dueAt: Date) {
  const delay = Math.max(0, dueAt.getTime() - ctx.clock.now().getTime());
  return { name: 'timer', data: { kind: 'timer' as const, timerId }, opts: { ...timerJobOptions, jobId: timerId, delay } };
}

export async function addTimerJob(ctx: EngineContext, timerId: string, dueAt: Date): Promise<void> {
  const job = timerJob(ctx, timerId, dueAt);
  await ctx.timerQueue.add(job.name, job.data, job.opts);
}

/**
 * The writes of one kind that may run together: all at once when no document is both created and
 * changed by the step (the usual case), else the creations first, so that a change finds its document.
 */
async function createThenChange(creates: readonly string[], changes: readonly string[], create: () => Promise<unknown>, change: () => Promise<unknown>): Promise<void> {
  const created = new Set(creates);
  if (changes.some((id) => created.has(id))) {
    await create();
    await change();
  } else await Promise.all([create(), change()]);
}

export async function applyEffects(ctx: EngineContext, meta: InstanceMeta, effects: Effects): Promise<void> {
  const { Task, Timer } = ctx.models;
  const base = { instanceId: meta._id, caseId: meta.caseId, processKey: meta.processKey };

  // Tasks, timers and incidents are separate documents: their writes go together, each a round trip less.
  const tasks = createThenChange(
    effects.tasksCreated.map((task) => task.taskId),
    effects.tasksClosed.map((closed) => closed.taskId),
    () =>
      Promise.all(
        effects.tasksCreated.map(({ taskId, executionId, ...task }) =>
          ignoringDuplicate(() =>
            Task.updateOne(
              { _id: taskId },
              {
                $setOnInsert: {
                  executionId: taskId,
                  engineExecutionId: executionId,
                  ...base,
                  ...task,
                  status: task.assignee ? 'claimed' : 'open',
                  completion: null,
                  ...(meta.labels ? { labels: meta.labels } : {}),
                },
              },
              { upsert: true, ...unjournaled },
            ),
          ),
        ),
      ),
    () =>
      Promise.all(
        effects.tasksClosed.map((closed) =>
          Task.updateOne(
            { _id: closed.taskId, status: { $in: ['open', 'claimed'] } },
            {
              $set: {
                status: closed.reason === 'completed' ? 'completed' : 'closed',
                closedReason: closed.reason,
                closedAt: closed.at,
                completion: null,
                ...(closed.by ? { completedBy: closed.by } : {}),
                ...(closed.output ? { output: closed.output } : {}),
              },
            },
            unjournaled,
          ),
        ),
      ),
  );
  const endedTimerIds = [...effects.timersFired, ...effects.timersCancelled].map((timer) => timer.timerId);
  const timers = createThenChange(
    effects.timersScheduled.map((timer) => timer.timerId),
    endedTimerIds,
    () =>
      Promise.all(
        effects.timersScheduled.map(({ timerId, ...timer }) =>
          ignoringDuplicate(() => Timer.updateOne({ _id: timerId }, { $setOnInsert: { ...base, ...timer, status: 'scheduled' } }, { upsert: true, ...unjournaled })),
        ),
      ),
    async () => {
      await Promise.all(effects.timersFired.map((fired) => Timer.updateOne({ _id: fired.timerId, status: 'scheduled' }, { $set: { status: 'fired', firedAt: fired.at } }, unjournaled)));
      await Promise.all(
        effects.timersCancelled.map(async (cancelled) => {
          await Timer.updateOne({ _id: cancelled.timerId, status: 'scheduled' }, { $set: { status: 'cancelled', cancelledAt: cancelled.at } }, unjournaled);
          await ctx.timerQueue.remove(cancelled.timerId).catch(() => 0);
        }),
      );
    },
  );
  await Promise.all([tasks, timers, applyIncidents(ctx, base, effects)]);

  // Jobs last, all together: a worker that takes one at once finds the documents it reads written.
  // A timer the step scheduled and also fired or cancelled has no job to wait for.
  const ended = new Set(endedTimerIds);
  const timerJobs = [
    ...effects.timersScheduled.filter((timer) => !ended.has(timer.timerId)).map((timer) => timerJob(ctx, timer.timerId, timer.dueAt)),
    ...effects.retries.map((retry) => ({
      name: 'service-retry',
      data: { kind: 'service-retry' as const, instanceId: meta._id, executionId: retry.executionId, attempt: retry.attempt },
      opts: { ...timerJobOptions, jobId: retryJobId(meta._id, retry.executionId, retry.attempt), delay: retry.delayMs },
    })),
  ];
  await Promise.all([
    timerJobs.length > 0 ? ctx.timerQueue.addBulk(timerJobs) : undefined,
    effects.jobs.length > 0
      ? ctx.jobQueue.addBulk(
          effects.jobs.map((job) => ({
            name: job.name,
            data: { ...job.data, instanceId: meta._id, caseId: meta.caseId },
            opts: { ...outboundJobOptions, jobId: job.jobId },
          })),
        )
      : undefined,
  ]);
}

/** Incidents in order: one opened and updated in the same step is updated after it exists. */
async function applyIncidents(ctx: EngineContext, base: { instanceId: string; caseId: string; processKey: string }, effects: Effects): Promise<void> {
  const { Incident } = ctx.models;
  for (const opened of effects.incidentsOpened) {
    await ignoringDuplicate(() =>
      Incident.updateOne(
        { _id: opened.incidentId },
        {
          $set: { status: 'open', attempts: opened.attempts, lastError: opened.lastError, updatedAt: opened.at },
          $setOnInsert: { kind: 'service', ...base, elementId: opened.elementId, executionId: opened.executionId, handler: opened.handler, createdAt: opened.at },
        },
        { upsert: true, ...unjournaled },
      ),
    );
    ctx.logger.warn({ incidentId: opened.incidentId, instanceId: base.instanceId, elementId: opened.elementId }, 'incident raised');
  }
  for (const updated of effects.incidentsUpdated) {
    await Incident.updateOne({ _id: updated.incidentId, status: 'open' }, { $set: { attempts: updated.attempts, lastError: updated.lastError, updatedAt: updated.at } }, unjournaled);
  }
  for (const resolved of effects.incidentsResolved) {
    await Incident.updateOne(
      { _id: resolved.incidentId, status: 'open' },
      { $set: { status: 'resolved', resolvedAt: resolved.at, resolvedBy: resolved.by, resolution: resolved.resolution, updatedAt: resolved.at } },
      unjournaled,
    );
  }
}
