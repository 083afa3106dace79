import type { FormData } from '../../forms/index.js';
import type { SessionUser } from '../auth/types.js';
import type { CaseDoc } from '../cases/models.js';
import { instanceOfCase, loadPlan, planModels, planPhase, type PlanVersionDoc } from '../plans/index.js';
import { CaseCommandError } from './errors.js';
import type { CaseCommandContext } from './requestSubmitter.js';

/**
 * The periodic review: completes the process's review task (continue, revise: back to drafting,
 * or close) and keeps the review on the plan, each goal of the approved version assessed.
 */
export async function planReviewer(ctx: CaseCommandContext, input: { caseDoc: CaseDoc; user: SessionUser; review: FormData<'review'> }): Promise<void> {
  const doc = input.caseDoc;
  const instance = await instanceOfCase(ctx, doc);
  const { openTasks } = await planPhase(ctx, doc, instance);
  const task = openTasks.find((t) => t.formKey === 'review');
  if (!task) throw new CaseCommandError('no review is open', 'not-reviewing');
  await loadPlan(ctx, doc, instance);
  const { Plan, PlanVersion } = planModels(ctx.models.Case.db);
  const approved = await PlanVersion.findOne({ caseId: doc._id, status: 'approved' }).sort({ number: -1 }).lean<PlanVersionDoc>();
  const goalIds = new Set((approved?.content.goals ?? []).map((g) => g.id));
  const goals = input.review.goals.filter((g) => goalIds.has(g.goalId));
  await ctx.engine.completeTask({ taskId: task._id, actor: { id: input.user.id, name: input.user.name }, output: { ...input.review, goals } });
  const now = (ctx.clock ?? { now: () => new Date() }).now();
  await Plan.updateOne(
    { _id: doc._id },
    {
      $push: {
        reviews: {
          at: now,
          byName: input.user.name,
          reviewedOn: input.review.reviewedOn,
          version: approved?.number ?? null,
          summary: input.review.summary,
          goals,
          outcome: input.review.outcome,
          ...(input.review.closeReason ? { closeReason: input.review.closeReason } : {}),
        },
      },
    },
  );
}
