/**
 * Fires a due timer: the timer worker calls this when the timer's BullMQ job runs. Fires at most
 * once, however many times and in how many processes it is called; a run that fails with an
 * engine error raises an incident on the timer.
 */
import type { EngineContext } from '../context.js';
import { EngineRunError } from '../errors.js';
import { execute, type Executed } from '../execute.js';
import type { StepCommand } from '../step.js';
import { cancelScheduledTimer, raiseTimerIncident } from '../store.js';
import { systemActors, type FireTimerResult } from '../types.js';

export async function fireTimer(ctx: EngineContext, input: { timerId: string; force?: boolean }): Promise<FireTimerResult> {
  const { Timer } = ctx.models;
  const timer = await Timer.findById(input.timerId).lean();
  if (!timer) return { outcome: 'not-found' };
  if (timer.status === 'fired') return { outcome: 'already-fired', dueAt: timer.dueAt };
  if (timer.status === 'cancelled') return { outcome: 'cancelled', dueAt: timer.dueAt };
  if (!input.force && timer.dueAt.getTime() > ctx.clock.now().getTime()) return { outcome: 'not-due', dueAt: timer.dueAt };

  let executed: Executed | null;
  // The first attempt goes on from the timer just read: the instance is loaded after it, so a fire
  // that won meanwhile shows there (the timer no longer waits). A retry after a revision conflict reads it again.
  let read: typeof timer | null = timer;
  try {
    executed = await execute(ctx, timer.instanceId, async (doc) => {
      const current = read ?? (await Timer.findById(input.timerId).lean());
      read = null;
      if (!current || current.status !== 'scheduled') return null;
      const element = doc.status === 'running' ? doc.active.find((a) => a.kind === 'timer' && a.timerId === input.timerId) : undefined;
      if (!element) {
        // The engine no longer waits on this timer: it ended some other way.
        await cancelScheduledTimer(ctx.models, input.timerId, ctx.clock.now());
        return null;
      }
      return { kind: 'fire-timer', executionId: element.executionId, elementId: element.elementId, actor: systemActors.timer } satisfies StepCommand;
    });
  } catch (error) {
    if (!(error instanceof EngineRunError)) throw error;
    const incidentId = await raiseTimerIncident(ctx.models, timer, error.message, ctx.clock.now());
    ctx.logger.error({ incidentId, timerId: timer._id, err: error.message }, 'timer run failed; incident raised');
    return { outcome: 'incident', dueAt: timer.dueAt };
  }
  if (executed?.output.timerFired) return { outcome: 'fired', dueAt: timer.dueAt };
  const after = await Timer.findById(input.timerId).lean();
  if (after?.status === 'fired') return { outcome: 'already-fired', dueAt: timer.dueAt };
  if (after?.status === 'scheduled' && executed) {
    // Waiting in the engine but it did not fire: should not happen; leave it scheduled and say so.
    ctx.logger.error({ timerId: input.timerId }, 'timer did not fire although the instance waits on it');
    return { outcome: 'not-due', dueAt: timer.dueAt };
  }
  return { outcome: 'cancelled', dueAt: timer.dueAt };
}
