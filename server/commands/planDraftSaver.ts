import type { PlanDraft } from '../../contract/plan.js';
import type { SessionUser } from '../auth/types.js';
import type { CaseDoc } from '../cases/models.js';
import { loadPlan, planModels } from '../plans/index.js';
import { CaseCommandError } from './errors.js';
import type { CaseCommandContext } from './requestSubmitter.js';

/**
 * Saves the plan's draft as the coordinator types (validated by forms/plan.ts `planDraftSchema`),
 * only when it was made from the stored revision: a save made from an older revision (someone
 * else saved in between) is refused with `conflict`, never written over the other's work.
 */
export async function planDraftSaver(
  ctx: CaseCommandContext,
  input: { caseDoc: CaseDoc; user: SessionUser; revision: number; draft: PlanDraft },
): Promise<{ revision: number; savedAt: Date }> {
  if (input.caseDoc.closedAt) throw new CaseCommandError('the case is closed', 'case-closed');
  await loadPlan(ctx, input.caseDoc);
  const { Plan } = planModels(ctx.models.Case.db);
  const savedAt = (ctx.clock ?? { now: () => new Date() }).now();
  const saved = await Plan.findOneAndUpdate(
    { _id: input.caseDoc._id, revision: input.revision },
    { $set: { draft: input.draft, draftSavedAt: savedAt, draftSavedBy: input.user.name }, $inc: { revision: 1 } },
    { returnDocument: 'after', projection: { revision: 1 } },
  ).lean<{ revision: number }>();
  if (!saved) throw new CaseCommandError('the draft was saved by someone else since this revision', 'conflict');
  return { revision: saved.revision, savedAt };
}
