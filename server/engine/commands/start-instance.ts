/** Starts a new instance on the newest version of its process; an `instanceId` makes the start idempotent. */
import { randomUUID } from 'node:crypto';
import type { EngineContext } from '../context.js';
import { applyPending, commandResult, stepInput } from '../execute.js';
import type { InstanceDoc } from '../models/index.js';
import { insertInstance, loadInstance, openTasksOf, stepFields } from '../store.js';
import type { Actor, CommandResult, TaskLabels } from '../types.js';

export async function startInstance(
  ctx: EngineContext,
  input: { processKey: string; caseId: string; variables?: Record<string, unknown>; actor: Actor; instanceId?: string; labels?: TaskLabels },
): Promise<CommandResult> {
  const instanceId = input.instanceId ?? randomUUID();
  const [existing, version] = await Promise.all([
    input.instanceId ? ctx.models.Instance.findById(instanceId).lean<InstanceDoc>() : null,
    ctx.registry.latest(input.processKey),
  ]);
  if (existing) return commandResult(ctx, existing);
  const startedAt = ctx.clock.now();
  const meta = { _id: instanceId, caseId: input.caseId, processKey: input.processKey, startedAt };
  const output = await ctx.steps.run(
    { ...stepInput(ctx, meta, version.sourceContext), variables: input.variables ?? {} },
    { kind: 'start', variables: input.variables ?? {}, actor: input.actor },
    version.id,
  );
  const doc: InstanceDoc = {
    ...meta,
    definitionId: version.id,
    rev: 1,
    ...stepFields(output, startedAt),
    history: output.history,
    startedBy: input.actor.id,
    ...(input.labels ? { labels: input.labels } : {}),
  };
  if (!(await insertInstance(ctx.models, doc))) return commandResult(ctx, await loadInstance(ctx.models, instanceId));
  const openTasks = await applyPending(ctx, doc, () => openTasksOf(ctx.models, instanceId));
  ctx.logger.debug({ instanceId, processKey: input.processKey, caseId: input.caseId }, 'instance started');
  return commandResult(ctx, { ...doc, pending: null }, openTasks);
}
