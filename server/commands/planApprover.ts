import type { SessionUser } from '../auth/types.js';
import { findOpenTask } from '../engine/index.js';
import type { FormData } from '../../forms/index.js';
import type { CaseDoc } from '../cases/models.js';
import { CaseCommandError } from './errors.js';
import type { CaseCommandContext } from './requestSubmitter.js';

/**
 * The person approves their plan or asks for changes: completes the open citizen task of the
 * plan-approval form (the process loops back to the coordinator on changes).
 */
export async function planApprover(
  ctx: CaseCommandContext,
  input: { caseDoc: CaseDoc; user: SessionUser; answer: FormData<'plan-approval'> },
): Promise<void> {
  const task = await findOpenTask(ctx.models.Case.db, { instanceId: input.caseDoc.instanceId, formKey: 'plan-approval' });
  if (!task) throw new CaseCommandError('no plan waits for approval', 'nothing-to-approve');
  await ctx.engine.completeTask({ taskId: task.id, actor: { id: input.user.id, name: input.user.name }, output: { ...input.answer } });
}
