import type { ResponsibilityGroup } from '../../contract/plan.js';
import type { SessionUser } from '../auth/types.js';
import type { CaseDoc } from '../cases/models.js';
import { loadPlan, planModels } from '../plans/index.js';
import { CaseCommandError } from './errors.js';
import type { CaseCommandContext } from './requestSubmitter.js';

/**
 * Saves the responsibility group (members, meetings, minutes, follow-up points) made from the
 * stored group revision (`conflict` otherwise), and keeps the case's group member ids (what the
 * access rules read) to the members who use the product.
 */
export async function planGroupSaver(
  ctx: CaseCommandContext,
  input: { caseDoc: CaseDoc; user: SessionUser; revision: number; group: ResponsibilityGroup },
): Promise<{ revision: number }> {
  if (input.caseDoc.closedAt) throw new CaseCommandError('the case is closed', 'case-closed');
  await loadPlan(ctx, input.caseDoc);
  const { Plan } = planModels(ctx.models.Case.db);
  const saved = await Plan.findOneAndUpdate(
    { _id: input.caseDoc._id, groupRevision: input.revision },
    { $set: { group: input.group }, $inc: { groupRevision: 1 } },
    { returnDocument: 'after', projection: { groupRevision: 1 } },
  ).lean<{ groupRevision: number }>();
  if (!saved) throw new CaseCommandError('the group was saved by someone else since this revision', 'conflict');
  const memberIds = [...new Set(input.group.members.map((m) => m.userId).filter((id): id is string => !!id))];
  // Guarded by the revision just written: a slower save of an older group cannot put its members back.
  await ctx.models.Case.updateOne({ _id: input.caseDoc._id }, { $set: { groupMemberIds: memberIds } });
  const latest = await Plan.findById(input.caseDoc._id, { groupRevision: 1, group: 1 }).lean<{ groupRevision: number; group: ResponsibilityGroup }>();
  if (latest && latest.groupRevision !== saved.groupRevision) {
    const ids = [...new Set(latest.group.members.map((m) => m.userId).filter((id): id is string => !!id))];
    await ctx.models.Case.updateOne({ _id: input.caseDoc._id }, { $set: { groupMemberIds: ids } });
  }
  return { revision: saved.groupRevision };
}
