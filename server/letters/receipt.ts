/**
 * The receipt as a letter. Intake stores the receipt message with the request (server/commands/
 * requestSubmitter.ts) and then queues the receipt letter on the job queue, where the job worker
 * writes it like every other letter and tells the person (or the representative who applied) at the
 * e-mail address in the request. A receipt whose letter was never queued or was lost with Redis is
 * queued again by `queueMissingReceiptLetters` (the reminder worker's scan, at start and every few
 * minutes). The job id is deterministic, so queueing twice writes one letter.
 */
import type { Queue } from 'bullmq';
import type { CaseMessageDoc, CaseModels } from '../cases/models.js';
import { queueLetterJob, type LetterJobSpec } from './jobs.js';

export function receiptLetterJobId(caseId: string): string {
  return `receipt-letter-${caseId}`;
}

/** The job that writes the receipt letter of a case. */
export function receiptLetterJob(input: { caseId: string; instanceId: string }): LetterJobSpec {
  const jobId = receiptLetterJobId(input.caseId);
  return {
    name: 'receipt-letter',
    jobId,
    data: { kind: 'letter', template: 'receipt', handler: 'intake', elementId: 'intake', idempotencyKey: jobId, variables: {}, instanceId: input.instanceId, caseId: input.caseId },
  };
}

export async function queueReceiptLetter(queue: Queue, input: { caseId: string; instanceId: string }): Promise<void> {
  await queueLetterJob(queue, receiptLetterJob(input));
}

/**
 * Queues again the receipt letter of every receipt of the last `lookBackDays` not yet marked
 * delivered (marked once its letter is written and announced). The job id, the letter's key and the
 * notification's key make this safe to repeat. Returns how many were queued.
 */
export async function queueMissingReceiptLetters(
  deps: { readonly cases: CaseModels; readonly queue: Queue; readonly now: () => Date },
  options: { lookBackDays?: number } = {},
): Promise<number> {
  const since = new Date(deps.now().getTime() - (options.lookBackDays ?? 7) * 86_400_000);
  const receipts = await deps.cases.CaseMessage.find({ deliveredAt: null, createdAt: { $gte: since }, kind: 'receipt' }, { caseId: 1 }).lean<Pick<CaseMessageDoc, '_id' | 'caseId'>[]>();
  let queued = 0;
  for (const receipt of receipts) {
    const caseId = receipt.caseId.toHexString();
    const caseDoc = await deps.cases.Case.findById(receipt.caseId, { instanceId: 1 }).lean<{ instanceId: string }>();
    if (!caseDoc) continue;
    await queueReceiptLetter(deps.queue, { caseId, instanceId: caseDoc.instanceId });
    queued++;
  }
  return queued;
}

/** The receipt message has gone out as a letter (and its notification is recorded). */
export async function markReceiptDelivered(cases: CaseModels, caseId: string, at: Date): Promise<void> {
  await cases.CaseMessage.updateOne({ dedupeKey: `receipt-${caseId}`, deliveredAt: null }, { $set: { deliveredAt: at } });
}
