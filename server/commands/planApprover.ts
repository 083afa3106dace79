import type { SessionUser } from '../auth/types.js';
import { findOpenTask } from '../engine/index.js';
import type { FormData } from '../../forms/index.js';
import type { CaseDoc } from '../cases/models.js';
import { planModels, type PlanVersionDoc } from '../plans/index.js';
import { CaseCommandError } from './errors.js';
import type { CaseCommandContext } from './requestSubmitter.js';

/**
 * The person approves their plan or asks for changes: completes the open citizen task of the
 * plan-approval form (the process loops back to the coordinator on changes) and writes the answer
 * on the version waiting for it, once. With `version`, only while that is the version waiting.
 */
export async function planApprover(
  ctx: CaseCommandContext,
  input: { caseDoc: CaseDoc; user: SessionUser; answer: FormData<'plan-approval'>; version?: number },
): Promise<void> {
  const task = await findOpenTask(ctx.models.Case.db, { instanceId: input.caseDoc.instanceId, formKey: 'plan-approval' });
  if (!task) throw new CaseCommandError('no plan waits for approval', 'nothing-to-approve');
  const { PlanVersion } = planModels(ctx.models.Case.db);
  const waiting = await PlanVersion.findOne({ caseId: input.caseDoc._id, status: 'sent' }).sort({ number: -1 }).lean<PlanVersionDoc>();
  if (input.version !== undefined && waiting && waiting.number !== input.version) throw new CaseCommandError('another version waits for approval', 'version-changed');
  await ctx.engine.completeTask({ taskId: task.id, actor: { id: input.user.id, name: input.user.name }, output: { ...input.answer, ...(waiting ? { version: waiting.number } : {}) } });
  if (!waiting) return;
  const now = (ctx.clock ?? { now: () => new Date() }).now();
  await PlanVersion.updateOne(
    { _id: waiting._id, status: 'sent' },
    { $set: { status: input.answer.approved ? 'approved' : 'changes-requested', answeredAt: now, comment: input.answer.approved ? null : (input.answer.requestedChanges ?? null) } },
  );
}
