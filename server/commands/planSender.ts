import { validateForm } from '../../forms/index.js';
import type { Language } from '../../forms/types.js';
import type { FieldError } from '../../forms/messages.js';
import type { SessionUser } from '../auth/types.js';
import type { CaseDoc } from '../cases/models.js';
import { instanceOfCase, loadPlan, planModels, planPhase, versionContext, withItemIds, type PlanVersionDoc } from '../plans/index.js';
import { CaseCommandError } from './errors.js';
import type { CaseCommandContext } from './requestSubmitter.js';

/** The draft is not a whole plan yet: what is missing or wrong, by field. */
export class PlanIncompleteError extends Error {
  constructor(readonly errors: FieldError[]) {
    super('the plan is not complete');
    this.name = 'PlanIncompleteError';
  }
}

/**
 * Sends the plan to the person for approval: the draft at `revision` must be a whole plan
 * (forms/plan.ts), is frozen as the next version, and completes the process's plan task with it
 * (the person's approval task follows). A version whose send did not reach the process is removed;
 * a version left unanswered by an earlier crash is marked superseded.
 */
export async function planSender(
  ctx: CaseCommandContext,
  input: { caseDoc: CaseDoc; user: SessionUser; revision: number; language: Language },
): Promise<{ version: number }> {
  const doc = input.caseDoc;
  const instance = await instanceOfCase(ctx, doc);
  const { phase, openTasks } = await planPhase(ctx, doc, instance);
  const task = openTasks.find((t) => t.formKey === 'plan');
  if (phase === 'closed') throw new CaseCommandError('the case is closed', 'case-closed');
  if (!task || !instance) throw new CaseCommandError('no plan is being drafted now', 'not-drafting');
  const plan = await loadPlan(ctx, doc, instance);
  if (plan.revision !== input.revision) throw new CaseCommandError('the draft changed since this revision', 'conflict');
  const checked = await validateForm('plan', plan.draft, input.language);
  if (!checked.ok) throw new PlanIncompleteError(checked.errors);
  const content = withItemIds(checked.value);

  const { PlanVersion } = planModels(ctx.models.Case.db);
  const last = await PlanVersion.findOne({ caseId: doc._id }).sort({ number: -1 }).lean<PlanVersionDoc>();
  const number = (last?.number ?? 0) + 1;
  const now = (ctx.clock ?? { now: () => new Date() }).now();
  await PlanVersion.updateMany({ caseId: doc._id, status: 'sent' }, { $set: { status: 'superseded', answeredAt: now } });
  const version: PlanVersionDoc = {
    _id: `${doc._id.toHexString()}-${number}`,
    caseId: doc._id,
    number,
    content,
    ...versionContext(doc, instance.variables),
    sentAt: now,
    sentBy: { id: input.user.id, name: input.user.name },
    status: 'sent',
    answeredAt: null,
    comment: null,
  };
  try {
    await PlanVersion.create(version);
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw new CaseCommandError('this version was sent already', 'conflict');
    throw error;
  }
  try {
    await ctx.engine.completeTask({ taskId: task._id, actor: { id: input.user.id, name: input.user.name }, output: { ...content, version: number } });
  } catch (error) {
    await PlanVersion.deleteOne({ _id: version._id, status: 'sent' });
    throw error;
  }
  return { version: number };
}
