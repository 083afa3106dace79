/**
 * At startup: applies derived writes a crashed process left behind, and re-creates the BullMQ
 * jobs of scheduled timers and pending service retries that Redis lost.
 */
import { addTimerJob } from './apply-effects.js';
import type { EngineContext } from './context.js';
import { applyPending } from './execute.js';
import type { InstanceDoc } from './models/index.js';
import { retryJobId, timerJobOptions } from './queues.js';

/** Makes sure a scheduled timer has a live job; returns true if one had to be created. */
async function ensureTimerJob(ctx: EngineContext, timerId: string, dueAt: Date): Promise<boolean> {
  const job = await ctx.timerQueue.getJob(timerId);
  if (job) {
    const state = await job.getState();
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return false;
    await job.remove().catch(() => undefined);
  }
  await addTimerJob(ctx, timerId, dueAt);
  return true;
}

export async function restoreTimers(ctx: EngineContext): Promise<{ timersRestored: number; retriesRestored: number; instancesRepaired: number }> {
  const { Instance, Timer } = ctx.models;
  let instancesRepaired = 0;
  for await (const doc of Instance.find({ pending: { $ne: null } }).lean<InstanceDoc[]>().cursor()) {
    if (!(doc as InstanceDoc).pending) continue;
    await applyPending(ctx, doc as InstanceDoc);
    instancesRepaired++;
  }

  let timersRestored = 0;
  let batch: { _id: string; dueAt: Date }[] = [];
  const flush = async () => {
    const restored = await Promise.all(batch.map((timer) => ensureTimerJob(ctx, timer._id, timer.dueAt)));
    timersRestored += restored.filter(Boolean).length;
    batch = [];
  };
  for await (const timer of Timer.find({ status: 'scheduled' }, { _id: 1, dueAt: 1 }).lean<{ _id: string; dueAt: Date }[]>().cursor()) {
    batch.push(timer as { _id: string; dueAt: Date });
    if (batch.length >= 200) await flush();
  }
  await flush();

  let retriesRestored = 0;
  for await (const doc of Instance.find({ status: 'running', pendingRetries: { $gt: 0 } }, { _id: 1, failures: 1 }).lean<InstanceDoc[]>().cursor()) {
    for (const failure of (doc as InstanceDoc).failures) {
      if (failure.incidentId) continue;
      const jobId = retryJobId(doc._id, failure.executionId, failure.attempts + 1);
      if (await ctx.timerQueue.getJob(jobId)) continue;
      await ctx.timerQueue.add(
        'service-retry',
        { kind: 'service-retry', instanceId: doc._id, executionId: failure.executionId, attempt: failure.attempts + 1 },
        { ...timerJobOptions, jobId },
      );
      retriesRestored++;
    }
  }
  ctx.logger.info({ timersRestored, retriesRestored, instancesRepaired }, 'timers restored');
  return { timersRestored, retriesRestored, instancesRepaired };
}
