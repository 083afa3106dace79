// Case events end to end: the real processes/individual-plan.bpmn on the engine runtime, its
// service handlers' jobs on Redis, and the product's job worker (workers/index.ts' delivery)
// applying them to the case with server/commands/caseEventApplier.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { formsByKey, type FormKey } from '../../forms/index.js';
import type { SessionUser } from '../../server/auth/types.js';
import { consentWithdrawer } from '../../server/commands/consentWithdrawer.js';
import { caseModels, ensureCaseIndexes, type CaseDoc, type CaseModels } from '../../server/cases/models.js';
import { compileSource } from '../../server/definitions/compile.js';
import { formVariable, processMessages } from '../../server/definitions/process-contract.js';
import { createJobQueue } from '../../server/engine/queues.js';
import type { Actor, TaskView } from '../../server/engine/types.js';
import { outboxModel } from '../../server/notifications/outbox.js';
import { jobDelivery } from '../../workers/index.js';
import { createJobServiceHandlers } from '../../server/definitions/service-handlers.js';
import { startJobWorker, type JobWorker } from '../../workers/jobs/worker.js';
import { createTestEngine, repoRoot, TestRegistry, type TestEngine } from '../support/engine.js';
import { testRedisUrl } from '../support/redis.js';

const caseworker: Actor = { id: 'de0000000000000000000003' };
const coordinator: Actor = { id: 'de0000000000000000000005' };
const newCoordinator: Actor = { id: 'de00000000000000000000c2' };
const citizen: Actor = { id: 'de0000000000000000000001' };

let t: TestEngine;
let cases: CaseModels;
let worker: JobWorker;
let workerRedis: Redis;
let jobQueue: Queue;
let counter = 0;

beforeAll(async () => {
  const registry = new TestRegistry((source) => compileSource(source));
  await registry.add('individual-plan', readFileSync(path.join(repoRoot, 'processes/individual-plan.bpmn'), 'utf8'));
  t = await createTestEngine({
    name: 'case-events',
    registry,
    handlers: createJobServiceHandlers(),
    runtime: { taskOutputVariable: ({ formKey }) => (formKey ? formVariable(formKey) : undefined) },
  });
  cases = caseModels(t.connection);
  await ensureCaseIndexes(cases);
  const outbox = outboxModel(t.connection);
  await outbox.init();
  workerRedis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  worker = await startJobWorker({ connection: workerRedis, logger: t.logger, queuePrefix: t.prefix, deliver: jobDelivery({ outbox, cases, logger: t.logger }) });
  await worker.ready();
  jobQueue = createJobQueue(t.redis, t.prefix);
}, 60000);

afterAll(async () => {
  await worker?.close();
  await workerRedis?.quit();
  await jobQueue?.close();
  await t?.close();
});

function example(formKey: FormKey, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(formsByKey[formKey] as { example?: Record<string, unknown> }).example, ...overrides };
}

/** A received request with its case (in Nynorsk), and the process started for it as intake does. */
async function openCase(
  variables: Record<string, unknown> = {},
  data: Record<string, unknown> = { applicantRole: 'person', person: { name: 'Kari Nordmann', nationalId: '01817010055', email: 'kari@example.no' } },
  options: { startProcess?: boolean } = {},
): Promise<{ caseId: Types.ObjectId; instanceId: string }> {
  counter += 1;
  const caseId = new Types.ObjectId();
  const requestId = new Types.ObjectId();
  const caseNumber = `IP-2026-${String(900000 + counter)}`;
  const instanceId = `case-${caseId.toHexString()}`;
  const now = new Date();
  await cases.Request.create({
    _id: requestId,
    idempotencyKey: `key-${caseNumber}`,
    digest: 'x',
    caseId,
    caseNumber,
    data,
    signature: { fullName: 'Kari Nordmann', confirmed: true, signedAt: now, signerRole: 'person', identityVerified: true, signedInUserId: citizen.id },
    attachment: null,
    language: 'nn',
    receivedAt: now,
  });
  await cases.Case.create({
    _id: caseId,
    caseNumber,
    unitId: 'ke-eksempel',
    channel: 'citizen-request',
    askFor: 'plan-and-coordinator',
    person: { name: 'Kari Nordmann', nationalId: '01817010055', birthDate: '1970-01-01' },
    representativeNationalIds: [],
    requestId,
    instanceId,
    processStartedAt: options.startProcess === false ? null : now,
    coordinatorId: null,
    groupMemberIds: [],
    consent: { active: true, givenAt: now, sharing: [], validUntil: null, withdrawnAt: null },
    createdAt: now,
    closedAt: null,
  });
  if (options.startProcess === false) return { caseId, instanceId };
  await t.runtime.startInstance({
    processKey: 'individual-plan',
    caseId: caseId.toHexString(),
    instanceId,
    actor: caseworker,
    variables: { intake: { channel: 'citizen-request' }, signature: { valid: true }, consent: { given: true }, ...variables },
  });
  return { caseId, instanceId };
}

async function openTasks(instanceId: string): Promise<TaskView[]> {
  const docs = await t.models.Task.find({ instanceId, status: { $in: ['open', 'claimed'] } }).sort({ createdAt: 1 }).lean();
  return docs.map((doc) => ({ ...doc, id: doc._id }) as unknown as TaskView);
}

async function task(instanceId: string, elementId: string): Promise<TaskView> {
  const found = (await openTasks(instanceId)).find((x) => x.elementId === elementId);
  if (!found) throw new Error(`no open ${elementId}; open: ${(await openTasks(instanceId)).map((x) => x.elementId).join(', ')}`);
  return found;
}

async function complete(instanceId: string, elementId: string, output: Record<string, unknown>, actor: Actor = caseworker) {
  return t.runtime.completeTask({ taskId: (await task(instanceId, elementId)).id, actor, output });
}

async function caseDoc(caseId: Types.ObjectId): Promise<CaseDoc> {
  const doc = await cases.Case.findById(caseId).lean<CaseDoc>();
  if (!doc) throw new Error('no case');
  return doc;
}

/** Waits until the worker has finished every job of the instance (none waiting, active or delayed). */
async function jobsDone(instanceId: string): Promise<void> {
  const deadline = Date.now() + 15000;
  for (;;) {
    const pending = (await jobQueue.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'])).filter((job) => job?.data.instanceId === instanceId);
    const failed = (await jobQueue.getJobs(['failed'])).filter((job) => job?.data.instanceId === instanceId);
    if (failed.length > 0) throw new Error(`job failed: ${failed.map((job) => `${job.name}: ${job.failedReason}`).join('; ')}`);
    if (pending.length === 0) return;
    if (Date.now() > deadline) throw new Error(`jobs still pending: ${pending.map((job) => job.name).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Enqueues a completed job again under its own id, as the runtime does when it recovers a step, and waits for the worker. */
async function redeliver(instanceId: string, name: string): Promise<void> {
  const job = (await jobQueue.getJobs(['completed'])).find((j) => j?.data.instanceId === instanceId && j.name === name);
  if (!job?.id) throw new Error(`no completed ${name}`);
  const { id, data } = job;
  await job.remove();
  await jobQueue.add(name, data, { jobId: id });
  await jobsDone(instanceId);
  expect((await jobQueue.getJobs(['completed'])).some((j) => j?.id === id)).toBe(true);
}

async function messages(caseId: Types.ObjectId) {
  return cases.CaseMessage.find({ caseId }).sort({ createdAt: 1 }).lean();
}

describe('case events from the process, applied by the job worker', () => {
  it('appointment, an approved change of coordinator and the plan closing: the case and the coordinator tasks follow', async () => {
    const { caseId, instanceId } = await openCase();
    await complete(instanceId, 'Task_AssessNeed', example('need-assessment', { decision: 'plan-and-coordinator' }));
    await complete(instanceId, 'Task_AppointCoordinator', example('coordinator-appointment', { coordinatorUserId: coordinator.id, establishResponsibilityGroup: true }));
    await jobsDone(instanceId);
    expect((await caseDoc(caseId)).coordinatorId).toBe(coordinator.id);
    expect(await task(instanceId, 'Task_EstablishResponsibilityGroup')).toMatchObject({ assignee: coordinator.id, status: 'claimed' });

    // Members who use the product are named by user id; the others (no user id) get no access.
    const group = example('responsibility-group');
    const members = (group.members as Record<string, unknown>[]).map((member, index) => (index === 1 ? { ...member, userId: 'de0000000000000000000006' } : member));
    await complete(instanceId, 'Task_EstablishResponsibilityGroup', { ...group, members }, coordinator);
    await jobsDone(instanceId);
    expect((await caseDoc(caseId)).groupMemberIds).toEqual(['de0000000000000000000006']);
    expect(await task(instanceId, 'Task_DraftPlan')).toMatchObject({ assignee: coordinator.id });

    // The person asks for another coordinator while the plan is drafted; the coordinating unit approves.
    await t.runtime.deliverMessage({ instanceId, messageId: processMessages.coordinatorChangeRequested, payload: { coordinatorChangeRequest: { reason: 'x' } }, actor: citizen });
    await complete(
      instanceId,
      'Task_ConsiderCoordinatorChange',
      example('coordinator-change', { newCoordinatorUserId: newCoordinator.id, newCoordinatorName: 'Samir Haddad', newCoordinatorEmail: 'samir.haddad@kommune.example.no' }),
    );
    await jobsDone(instanceId);
    expect((await caseDoc(caseId)).coordinatorId).toBe(newCoordinator.id);
    // The draft that was waiting moves to the new coordinator…
    expect(await task(instanceId, 'Task_DraftPlan')).toMatchObject({ assignee: newCoordinator.id, status: 'claimed' });
    await complete(instanceId, 'Task_DraftPlan', example('plan'), newCoordinator);
    await complete(instanceId, 'Task_ApprovePlan', { approved: false, requestedChanges: 'More about school' }, citizen);
    // …and so do the coordinator tasks the process creates later.
    expect(await task(instanceId, 'Task_DraftPlan')).toMatchObject({ assignee: newCoordinator.id });
    await complete(instanceId, 'Task_DraftPlan', example('plan'), newCoordinator);
    await complete(instanceId, 'Task_ApprovePlan', { approved: true }, citizen);
    t.clock.advanceDays(185);
    await t.runDueTimers({ instanceId });
    expect(await task(instanceId, 'Task_ReviewPlan')).toMatchObject({ assignee: newCoordinator.id });
    const view = await t.runtime.getInstance({ instanceId });
    expect(view.variables).toMatchObject({ appointment: { coordinatorUserId: newCoordinator.id, coordinatorName: 'Samir Haddad' } });

    // Redelivered: the appointment does not take the case back, the change is not applied twice.
    const before = await caseDoc(caseId);
    const messagesBefore = await messages(caseId);
    await redeliver(instanceId, 'notifyCoordinatorAppointed-case-event');
    await redeliver(instanceId, 'changeCoordinator');
    await redeliver(instanceId, 'registerResponsibilityGroup');
    expect(await caseDoc(caseId)).toEqual(before);
    expect(await messages(caseId)).toEqual(messagesBefore);

    await complete(instanceId, 'Task_ReviewPlan', example('review', { outcome: 'close', closeReason: 'Goals reached' }), newCoordinator);
    await jobsDone(instanceId);
    const closed = await caseDoc(caseId);
    expect(closed.closedAt).toBeInstanceOf(Date);
    await redeliver(instanceId, 'closeCasePlanEnded');
    expect(await caseDoc(caseId)).toEqual(closed);

    // The person is told, in the language of the request (Nynorsk), once per event.
    expect((await messages(caseId)).map((m) => [m.kind, m.language, m.subject])).toEqual([
      ['coordinator-appointed', 'nn', `Du har fått koordinator – ${closed.caseNumber}`],
      ['responsibility-group-established', 'nn', `Ansvarsgruppa er oppretta – ${closed.caseNumber}`],
      ['coordinator-changed', 'nn', `Du har fått ny koordinator – ${closed.caseNumber}`],
      ['case-closed', 'nn', `Saka er avslutta – ${closed.caseNumber}`],
    ]);
    expect((await messages(caseId))[2]!.body).toContain('Samir Haddad');
  }, 60000);

  it('a declined change of coordinator changes nothing', async () => {
    const { caseId, instanceId } = await openCase();
    await complete(instanceId, 'Task_AssessNeed', example('need-assessment', { decision: 'plan-and-coordinator' }));
    await complete(instanceId, 'Task_AppointCoordinator', example('coordinator-appointment', { coordinatorUserId: coordinator.id, establishResponsibilityGroup: false }));
    await t.runtime.deliverMessage({ instanceId, messageId: processMessages.coordinatorChangeRequested, actor: citizen });
    await complete(instanceId, 'Task_ConsiderCoordinatorChange', { requestSummary: 'Another one', decision: 'declined', reasons: 'The coordinator knows the family.' });
    await jobsDone(instanceId);
    expect((await caseDoc(caseId)).coordinatorId).toBe(coordinator.id);
    expect(await task(instanceId, 'Task_DraftPlan')).toMatchObject({ assignee: coordinator.id });
    const history = (await t.runtime.getInstance({ instanceId })).history;
    expect(history.some((h) => h.elementId === 'Task_ChangeCoordinator')).toBe(false);
  }, 30000);

  it.each([
    ['rejected', 'sendDecisionLetter-case-event'],
    ['offer declined', 'closeCaseOfferDeclined'],
    ['no consent by the deadline', 'closeCaseNoConsent'],
    ['consent withdrawn', 'closeCaseConsentWithdrawn'],
  ])('closing path "%s" sets closedAt once', async (path, jobName) => {
    const variables =
      path === 'offer declined' ? { intake: { channel: 'health-notification' } } : path === 'no consent by the deadline' ? { consent: { given: false } } : {};
    const { caseId, instanceId } = await openCase(variables);
    if (path === 'rejected') await complete(instanceId, 'Task_AssessNeed', example('need-assessment', { decision: 'reject', reasons: 'No long-term need' }));
    if (path === 'offer declined') await complete(instanceId, 'Task_OfferIndividualPlan', example('offer-contact', { wantsPlan: false }));
    if (path === 'no consent by the deadline') {
      t.clock.advanceDays(43);
      await t.runDueTimers({ instanceId });
    }
    if (path === 'consent withdrawn') await t.runtime.deliverMessage({ instanceId, messageId: processMessages.consentWithdrawn, actor: citizen });
    expect((await t.runtime.getInstance({ instanceId })).status).toBe('terminated');
    await jobsDone(instanceId);
    const closed = await caseDoc(caseId);
    expect(closed.closedAt).toBeInstanceOf(Date);
    const sent = await messages(caseId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.language).toBe('nn');

    // A month after receipt the case without consent was still undecided: one interim reply; the others were closed before.
    const interimReplies = (await jobQueue.getJobs(['completed'])).filter((job) => job?.data.instanceId === instanceId && job.name === 'sendInterimReply');
    expect(interimReplies).toHaveLength(path === 'no consent by the deadline' ? 1 : 0);

    t.clock.advanceDays(1);
    await redeliver(instanceId, jobName);
    expect(await caseDoc(caseId)).toEqual(closed);
    expect(await messages(caseId)).toEqual(sent);
  }, 30000);

  it('after a notification from health personnel, the case messages go to the person, not to the health worker', async () => {
    const notified = {
      applicantRole: 'health-personnel',
      person: { name: 'Emil Fjellheim', nationalId: '01811510055', email: 'emil.fjellheim@example.no', phone: '92345678' },
      applicant: { name: 'Hanne Vik', organisation: 'Sykehuset Innlandet Gjøvik, sykepleier', email: 'hanne.vik@example.no', phone: '61000000' },
    };
    const { caseId, instanceId } = await openCase({ intake: { channel: 'health-notification' } }, notified);
    await complete(instanceId, 'Task_OfferIndividualPlan', example('offer-contact', { wantsPlan: false }));
    await jobsDone(instanceId);
    const sent = await messages(caseId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toEqual({ name: 'Emil Fjellheim', email: 'emil.fjellheim@example.no', phone: '92345678' });
  }, 30000);

  describe('consent withdrawn by the person', () => {
    const parentApplied = {
      applicantRole: 'parent',
      person: { name: 'Emil Fjellheim', nationalId: '01811510055' },
      applicant: { name: 'Kari Fjellheim', nationalId: '01817010055', email: 'kari.fjellheim@example.no', phone: '91234567' },
    };
    const withdrawingUser: SessionUser = { id: citizen.id, name: 'Emil Fjellheim', role: 'citizen', nationalId: '01811510055' };
    const context = () => ({ models: cases, engine: t.runtime, logger: t.logger, unitId: 'ke-eksempel', municipalityName: 'Eksempel kommune', clock: t.clock });

    it.each([
      ['the process closes the case', true],
      ['no process was started yet', false],
    ])('%s: one consent-withdrawn message, to whoever sent the request, in its language', async (_label, startProcess) => {
      const { caseId, instanceId } = await openCase({}, parentApplied, { startProcess });
      await consentWithdrawer(context(), { caseDoc: await caseDoc(caseId), user: withdrawingUser, answer: { understood: true } });
      await jobsDone(instanceId);
      const sent = await messages(caseId);
      expect(sent.map(({ kind, to, language }) => ({ kind, to, language }))).toEqual([
        { kind: 'consent-withdrawn', to: { name: 'Kari Fjellheim', email: 'kari.fjellheim@example.no', phone: '91234567' }, language: 'nn' },
      ]);
      expect((await caseDoc(caseId)).closedAt).toBeInstanceOf(Date);
      if (startProcess) expect((await t.runtime.getInstance({ instanceId })).status).toBe('terminated');
    }, 30000);
  });
});
