/**
 * The one command loop every command that moves an instance runs through: load, apply writes a
 * previous save left pending, let the command decide what to do (null: nothing), run the step,
 * save it guarded by the revision, apply its derived writes; on a revision conflict, start over
 * with the newer state.
 */
import { applyEffects } from './apply-effects.js';
import type { EngineContext } from './context.js';
import { ConcurrencyError } from './errors.js';
import type { InstanceDoc, TaskDoc } from './models/index.js';
import { savedState } from './saved-state.js';
import type { StepCommand, StepInput, StepOutput } from './step.js';
import { clearPending, loadInstance, openTasksOf, saveIfRevision } from './store.js';
import type { CommandResult } from './types.js';
import { toInstanceView, toTaskView } from './views.js';

export interface Executed {
  readonly doc: InstanceDoc;
  readonly output: StepOutput;
  /** The instance's open tasks after the step, when asked for (`execute`'s `openTasks`). */
  readonly openTasks?: TaskDoc[];
}

/** The step's input for an instance as stored (or about to be started). */
export function stepInput(
  ctx: EngineContext,
  doc: Pick<InstanceDoc, '_id' | 'caseId' | 'processKey' | 'startedAt'> & Partial<Pick<InstanceDoc, 'state' | 'active' | 'failures' | 'variables'>>,
  sourceContext: StepInput['sourceContext'],
): StepInput {
  return {
    ...ctx.step,
    instanceId: doc._id,
    caseId: doc.caseId,
    processKey: doc.processKey,
    instanceStartedAt: doc.startedAt,
    sourceContext,
    state: doc.state === undefined ? null : savedState(doc.state),
    active: doc.active ?? [],
    failures: doc.failures ?? [],
    variables: doc.variables ?? {},
  };
}

/**
 * Applies the derived writes a save left pending, then marks them applied while `alongside` runs
 * (a read of what they wrote: the same round trip), and returns what it read.
 */
export async function applyPending<T>(ctx: EngineContext, doc: InstanceDoc, alongside?: () => Promise<T>): Promise<T | undefined> {
  if (doc.pending) await applyEffects(ctx, doc, doc.pending);
  const [read] = await Promise.all([alongside?.(), doc.pending ? clearPending(ctx.models, doc._id, doc.rev) : undefined]);
  return read;
}

export async function execute(
  ctx: EngineContext,
  instanceId: string,
  prepare: (doc: InstanceDoc) => StepCommand | null | Promise<StepCommand | null>,
  options: { openTasks?: boolean } = {},
): Promise<Executed | null> {
  for (let attempt = 1; attempt <= ctx.maxConflictRetries; attempt++) {
    const doc = await loadInstance(ctx.models, instanceId);
    await applyPending(ctx, doc);
    const command = await prepare(doc);
    if (!command) return null;
    const version = await ctx.registry.byId(doc.definitionId);
    const output = await ctx.steps.run(stepInput(ctx, doc, version.sourceContext), command, version.id);
    const set = await saveIfRevision(ctx.models, doc, output, ctx.clock.now());
    if (!set) {
      ctx.logger.debug({ instanceId, rev: doc.rev, attempt }, 'revision conflict; retrying');
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      continue;
    }
    const saved: InstanceDoc = { ...doc, ...set, rev: doc.rev + 1, history: [...(doc.history ?? []), ...output.history] };
    const openTasks = await applyPending(ctx, saved, options.openTasks ? () => openTasksOf(ctx.models, saved._id) : undefined);
    return { doc: { ...saved, pending: null }, output, ...(openTasks ? { openTasks } : {}) };
  }
  throw new ConcurrencyError(instanceId, ctx.maxConflictRetries);
}

/** A command's answer: the instance after it, and its open tasks (read now unless given). */
export async function commandResult(ctx: EngineContext, doc: InstanceDoc, openTasks?: TaskDoc[]): Promise<CommandResult> {
  const tasks = openTasks ?? (await openTasksOf(ctx.models, doc._id));
  return { instance: toInstanceView(doc), openTasks: tasks.map(toTaskView) };
}
