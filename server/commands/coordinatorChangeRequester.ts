import type { SessionUser } from '../auth/types.js';
import { InstanceEndedError, MessageNotExpectedError, NotFoundError } from '../engine/index.js';
import type { FormData } from '../../forms/index.js';
import { processMessages } from '../definitions/process-contract.js';
import type { CaseDoc } from '../cases/models.js';
import { CaseCommandError } from './errors.js';
import type { CaseCommandContext } from './requestSubmitter.js';

/** The person asks for another coordinator: the process gives the coordinating unit a task to consider it. */
export async function coordinatorChangeRequester(
  ctx: CaseCommandContext,
  input: { caseDoc: CaseDoc; user: SessionUser; answer: FormData<'coordinator-change-request'> },
): Promise<void> {
  const { caseDoc } = input;
  if (caseDoc.closedAt) throw new CaseCommandError('the case is closed', 'case-closed');
  if (!caseDoc.processStartedAt) throw new CaseCommandError('the process has not started yet', 'process-not-started');
  // Another coordinator can only be asked for once there is one: on the case, or appointed in the
  // process (the case learns it from the appointment's case event a moment later).
  if (!caseDoc.coordinatorId && !(await appointedInProcess(ctx, caseDoc.instanceId))) {
    throw new CaseCommandError('the case has no coordinator', 'no-coordinator');
  }
  const now = (ctx.clock ?? { now: () => new Date() }).now();
  try {
    await ctx.engine.deliverMessage({
      instanceId: caseDoc.instanceId,
      messageId: processMessages.coordinatorChangeRequested,
      payload: { coordinatorChangeRequest: { ...input.answer, requestedAt: now.toISOString(), requestedBy: input.user.name } },
      actor: { id: input.user.id, name: input.user.name },
    });
  } catch (error) {
    if (error instanceof InstanceEndedError) throw new CaseCommandError('the case is closed', 'case-closed');
    if (error instanceof MessageNotExpectedError) throw new CaseCommandError('a change request is already being considered', 'not-expected');
    throw error;
  }
}

async function appointedInProcess(ctx: CaseCommandContext, instanceId: string): Promise<boolean> {
  try {
    const { variables } = await ctx.engine.getInstance({ instanceId });
    const appointment = variables.appointment as { coordinatorUserId?: unknown } | undefined;
    return typeof appointment?.coordinatorUserId === 'string' && appointment.coordinatorUserId !== '';
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}
