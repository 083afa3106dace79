import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { requestForm, validateRequest } from '../../forms/request.js';
import { allocateCaseNumber, type RequestDoc } from '../../server/cases/models.js';
import { requestSubmitter, startPendingProcesses } from '../../server/commands/requestSubmitter.js';
import { createHarness, referenceDate, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness('repair');
});

afterAll(async () => {
  await h?.close();
});

/** A request stored as the submitter stores it, and nothing after: the process crashed right then. */
async function storedJustBeforeCrash(): Promise<RequestDoc> {
  const validated = await validateRequest(requestForm.example, 'nb', { referenceDate });
  if (!validated.ok) throw new Error('invalid example');
  const now = h.engine.clock.now();
  const doc: RequestDoc = {
    _id: new Types.ObjectId(),
    idempotencyKey: `crash-${Date.now()}-${Math.random()}`,
    digest: 'x',
    caseId: new Types.ObjectId(),
    caseNumber: await allocateCaseNumber(h.context.models, now),
    data: validated.value,
    signature: { fullName: validated.value.signature.fullName, confirmed: true, signedAt: now, signerRole: 'person', identityVerified: false, signedInUserId: null },
    attachment: null,
    language: 'nb',
    receivedAt: now,
  };
  await h.context.models.Request.create(doc);
  return doc;
}

async function intakeOf(caseId: Types.ObjectId) {
  const caseDoc = await h.context.models.Case.findById(caseId).lean();
  const receipts = await h.context.models.CaseMessage.find({ caseId, kind: 'receipt' }).lean();
  const tasks = caseDoc ? await h.engine.models.Task.find({ instanceId: caseDoc.instanceId, status: 'open' }).lean() : [];
  return { opened: caseDoc !== null, started: caseDoc?.processStartedAt instanceof Date, receipts: receipts.length, tasks: tasks.map((t) => t.elementId) };
}

describe('the startup repair', () => {
  it('gives a request stored just before a crash its case, its receipt and its first task, once', async () => {
    const request = await storedJustBeforeCrash();
    expect(await intakeOf(request.caseId)).toEqual({ opened: false, started: false, receipts: 0, tasks: [] });
    expect(await startPendingProcesses(h.context)).toBeGreaterThanOrEqual(1);
    expect(await intakeOf(request.caseId)).toEqual({ opened: true, started: true, receipts: 1, tasks: ['Task_AssessNeed'] });
    // Run again (another restart): nothing doubles.
    await startPendingProcesses(h.context);
    expect(await intakeOf(request.caseId)).toEqual({ opened: true, started: true, receipts: 1, tasks: ['Task_AssessNeed'] });
  });

  it('writes the receipt of a case opened just before a crash', async () => {
    const validated = await validateRequest(requestForm.example, 'nb', { referenceDate });
    if (!validated.ok) throw new Error('invalid example');
    const submitted = await requestSubmitter(h.context, {
      data: validated.value,
      idempotencyKey: `opened-${Date.now()}`,
      language: 'nb',
    });
    const caseId = new Types.ObjectId(submitted.caseId);
    // As if the crash came after the case and before the receipt and the process.
    await h.context.models.CaseMessage.deleteMany({ caseId });
    await h.context.models.Case.updateOne({ _id: caseId }, { $set: { processStartedAt: null } });
    await startPendingProcesses(h.context);
    expect((await intakeOf(caseId)).receipts).toBe(1);
  });
});
