import type { SessionUser } from '../auth/types.js';
import { InstanceEndedError, MessageNotExpectedError, NotFoundError } from '../engine/index.js';
import type { FormData } from '../../forms/index.js';
import { processMessages } from '../definitions/process-contract.js';
import type { CaseDoc } from '../cases/models.js';
import { caseEventApplier } from './caseEventApplier.js';
import { CaseCommandError } from './errors.js';
import type { CaseCommandContext } from './requestSubmitter.js';

/**
 * The person withdraws consent. The case records it at once (no more sharing) and closes; the
 * process's interrupting "consent withdrawn" event ends the process, sends the confirmation letter
 * and, through its case event, the message to whoever sent the request.
 */
export async function consentWithdrawer(
  ctx: CaseCommandContext,
  input: { caseDoc: CaseDoc; user: SessionUser; answer: FormData<'consent-withdrawal'> },
): Promise<void> {
  const { caseDoc } = input;
  if (caseDoc.closedAt || caseDoc.consent.withdrawnAt) throw new CaseCommandError('the case is closed', 'case-closed');
  const now = (ctx.clock ?? { now: () => new Date() }).now();
  await ctx.models.Case.updateOne(
    { _id: caseDoc._id, 'consent.withdrawnAt': null },
    { $set: { 'consent.active': false, 'consent.withdrawnAt': now, 'consent.sharing': [] } },
  );
  let closedByProcess = false;
  if (caseDoc.processStartedAt) {
    try {
      await ctx.engine.deliverMessage({
        instanceId: caseDoc.instanceId,
        messageId: processMessages.consentWithdrawn,
        payload: { consentWithdrawal: { ...input.answer, withdrawnAt: now.toISOString() } },
        actor: { id: input.user.id, name: input.user.name },
      });
      closedByProcess = true;
    } catch (error) {
      // An instance that already ended, or does not wait for it, needs nothing more.
      if (!(error instanceof InstanceEndedError || error instanceof MessageNotExpectedError || error instanceof NotFoundError)) throw error;
    }
  }
  await ctx.models.Case.updateOne({ _id: caseDoc._id, closedAt: null }, { $set: { closedAt: now } });
  // The process's "closed, consent withdrawn" case event tells the person; without a process to
  // close the case, the same event is applied here, so the message has one writer and one recipient.
  if (!closedByProcess) {
    await caseEventApplier(ctx, { template: 'closed-consent-withdrawn', caseId: caseDoc._id.toHexString(), instanceId: caseDoc.instanceId, idempotencyKey: 'consent-withdrawal', variables: {} });
  }
}
