import type { SessionUser } from '../auth/types.js';
import { InstanceEndedError, MessageNotExpectedError, NotFoundError } from '../engine/index.js';
import type { FormData } from '../../forms/index.js';
import { processMessages } from '../definitions/process-contract.js';
import type { CaseDoc, RequestDoc } from '../cases/models.js';
import { consentWithdrawnMessage, inEveryLanguage, isLanguage } from '../cases/event-messages.js';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { CaseCommandError } from './errors.js';
import type { CaseCommandContext } from './requestSubmitter.js';

/**
 * The person withdraws consent. The case records it at once (no more sharing), and the process's
 * interrupting "consent withdrawn" event closes the case and sends the confirmation letter.
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
  if (caseDoc.processStartedAt) {
    try {
      await ctx.engine.deliverMessage({
        instanceId: caseDoc.instanceId,
        messageId: processMessages.consentWithdrawn,
        payload: { consentWithdrawal: { ...input.answer, withdrawnAt: now.toISOString() } },
        actor: { id: input.user.id, name: input.user.name },
      });
    } catch (error) {
      // An instance that already ended, or does not wait for it, needs nothing more.
      if (!(error instanceof InstanceEndedError || error instanceof MessageNotExpectedError || error instanceof NotFoundError)) throw error;
    }
  }
  await ctx.models.Case.updateOne({ _id: caseDoc._id, closedAt: null }, { $set: { closedAt: now } });
  // The person is told in the language they wrote the request in (the receipt's language).
  const request = await ctx.models.Request.findById(caseDoc.requestId, { language: 1 }).lean<Pick<RequestDoc, 'language'>>();
  const language = isLanguage(request?.language) ? request.language : 'nb';
  const message = inEveryLanguage(language, (l) => consentWithdrawnMessage(l, caseDoc.caseNumber));
  await ctx.models.CaseMessage.create({
    dedupeKey: `consent-withdrawn-${caseDoc._id.toHexString()}`,
    caseId: caseDoc._id,
    kind: 'consent-withdrawn',
    language,
    to: { name: input.user.name, email: null, phone: null },
    subject: message.subject,
    body: message.body,
    texts: message.texts,
    createdAt: now,
    deliveredAt: null,
  }).catch((error: unknown) => {
    if (!isDuplicateKeyError(error)) throw error;
  });
}
