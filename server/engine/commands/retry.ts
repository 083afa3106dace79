/**
 * Running a failed step again: staff retry an open incident (a service task parked after its
 * automatic attempts, or a timer whose run failed); the timer worker runs a service task's next
 * automatic attempt.
 */
import type { EngineContext } from '../context.js';
import { IncidentNotOpenError, NotFoundError } from '../errors.js';
import { commandResult, execute } from '../execute.js';
import type { IncidentDoc } from '../models/index.js';
import type { StepCommand } from '../step.js';
import { loadInstance, resolveIncident } from '../store.js';
import { systemActors, type Actor, type CommandResult } from '../types.js';
import { fireTimer } from './fire-timer.js';

export async function retryIncident(ctx: EngineContext, input: { incidentId: string; actor: Actor }): Promise<CommandResult> {
  const incident = await ctx.models.Incident.findById(input.incidentId).lean<IncidentDoc>();
  if (!incident) throw new NotFoundError('incident', input.incidentId);
  if (incident.status !== 'open') throw new IncidentNotOpenError(incident._id);

  if (incident.kind === 'timer' && incident.timerId) {
    const fired = await fireTimer(ctx, { timerId: incident.timerId, force: true });
    if (fired.outcome !== 'incident') await resolveIncident(ctx.models, incident._id, input.actor, 'retried', ctx.clock.now());
    return commandResult(ctx, await loadInstance(ctx.models, incident.instanceId));
  }

  const executed = await execute(ctx, incident.instanceId, async (doc) => {
    const failure = doc.failures.find((f) => f.incidentId === incident._id);
    if (!failure || doc.status !== 'running') {
      await resolveIncident(ctx.models, incident._id, input.actor, 'element-left', ctx.clock.now());
      throw new IncidentNotOpenError(incident._id);
    }
    return { kind: 'resume', retryExecutionId: failure.executionId, actor: input.actor } satisfies StepCommand;
  }, { openTasks: true });
  if (!executed) throw new IncidentNotOpenError(incident._id);
  return commandResult(ctx, executed.doc, executed.openTasks);
}

export async function retryService(ctx: EngineContext, input: { instanceId: string; executionId: string; attempt: number }): Promise<void> {
  await execute(ctx, input.instanceId, (doc) => {
    const failure = doc.failures.find((f) => f.executionId === input.executionId);
    if (doc.status !== 'running' || !failure || failure.incidentId || failure.attempts >= input.attempt) return null;
    return { kind: 'resume', actor: systemActors.retry } satisfies StepCommand;
  });
}
