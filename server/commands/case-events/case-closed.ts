import { caseClosedMessage, type ClosingReason } from '../../cases/event-messages.js';
import type { CaseEventHandler, EventMessage } from './types.js';

/**
 * The case is closed for `reason`: it keeps its first closedAt. The person gets one message per
 * case. For a withdrawn consent this is the only writer of the consent-withdrawn message: the
 * process's case event, or commands/consentWithdrawer.ts applying the same event when there was no
 * process to close the case.
 */
export function caseClosed(reason: ClosingReason): CaseEventHandler {
  return async (ctx, caseDoc, _job, now) => {
    const result = await ctx.models.Case.updateOne({ _id: caseDoc._id, closedAt: null }, { $set: { closedAt: now } });
    const kind = reason === 'consent-withdrawn' ? 'consent-withdrawn' : 'case-closed';
    const message: EventMessage = { kind, dedupeKey: `${kind}-${caseDoc._id.toHexString()}`, text: (l) => caseClosedMessage(l, caseDoc.caseNumber, reason) };
    return { changed: result.modifiedCount > 0, message };
  };
}
