// The real processes/individual-plan.bpmn, compiled as server/definitions compiles it, driven
// through the engine runtime along every path of the request-to-plan process.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Queue } from 'bullmq';
import { formsByKey, type FormKey } from '../../forms/index.js';
import { compileSource } from '../../server/definitions/compile.js';
import { formVariable, processMessages } from '../../server/definitions/process-contract.js';
import { createJobQueue } from '../../server/engine/queues.js';
import type { Actor, CommandResult, TaskView } from '../../server/engine/types.js';
import { createJobServiceHandlers } from '../../server/definitions/service-handlers.js';
import { createTestEngine, repoRoot, TestRegistry, type TestEngine } from '../support/engine.js';

const caseworker: Actor = { id: 'kari.caseworker' };
const coordinator: Actor = { id: 'ola.coordinator' };
const citizen: Actor = { id: 'person-1' };

let t: TestEngine;
let jobQueue: Queue;

beforeAll(async () => {
  const registry = new TestRegistry((source) => compileSource(source));
  await registry.add('individual-plan', readFileSync(path.join(repoRoot, 'processes/individual-plan.bpmn'), 'utf8'));
  t = await createTestEngine({
    name: 'individual-plan',
    registry,
    handlers: createJobServiceHandlers(),
    runtime: { taskOutputVariable: ({ formKey }) => (formKey ? formVariable(formKey) : undefined) },
  });
  jobQueue = createJobQueue(t.redis, t.prefix);
});

afterAll(async () => {
  await jobQueue?.close();
  await t?.close();
});

function example(formKey: FormKey, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(formsByKey[formKey] as { example?: Record<string, unknown> }).example, ...overrides };
}

async function start(caseId: string, variables: Record<string, unknown> = {}): Promise<CommandResult> {
  return t.runtime.startInstance({
    processKey: 'individual-plan',
    caseId,
    actor: caseworker,
    variables: { intake: { channel: 'citizen-request' }, signature: { valid: true }, consent: { given: true }, ...variables },
  });
}

async function openTasks(instanceId: string): Promise<TaskView[]> {
  const docs = await t.models.Task.find({ instanceId, status: { $in: ['open', 'claimed'] } }).sort({ createdAt: 1 }).lean();
  return docs.map((doc) => ({ ...doc, id: doc._id }) as unknown as TaskView);
}

async function complete(instanceId: string, elementId: string, output: Record<string, unknown>, actor: Actor = caseworker): Promise<CommandResult> {
  const task = (await openTasks(instanceId)).find((x) => x.elementId === elementId);
  if (!task) throw new Error(`no open ${elementId}; open: ${(await openTasks(instanceId)).map((x) => x.elementId).join(', ')}`);
  return t.runtime.completeTask({ taskId: task.id, actor, output });
}

async function openElements(instanceId: string): Promise<string[]> {
  return (await openTasks(instanceId)).map((x) => x.elementId).sort();
}

async function jobNames(instanceId: string): Promise<string[]> {
  const jobs = await jobQueue.getJobs(['waiting', 'delayed', 'completed', 'failed', 'active', 'prioritized']);
  return jobs
    .filter((job) => job?.data.instanceId === instanceId)
    .map((job) => job.name)
    .sort();
}

async function scheduledTimers(instanceId: string): Promise<string[]> {
  return (await t.models.Timer.find({ instanceId, status: 'scheduled' }).lean()).map((x) => x.elementId).sort();
}

/** Request → assessment → coordinator → (group) → plan drafted and approved → plan active. */
async function toActivePlan(instanceId: string, options: { group?: boolean; changes?: boolean } = {}) {
  await complete(instanceId, 'Task_AssessNeed', example('need-assessment', { decision: 'plan-and-coordinator' }));
  await complete(
    instanceId,
    'Task_AppointCoordinator',
    example('coordinator-appointment', { coordinatorUserId: coordinator.id, establishResponsibilityGroup: options.group ?? false }),
  );
  if (options.group) await complete(instanceId, 'Task_EstablishResponsibilityGroup', example('responsibility-group'), coordinator);
  await complete(instanceId, 'Task_DraftPlan', example('plan'), coordinator);
  if (options.changes) {
    await complete(instanceId, 'Task_ApprovePlan', { approved: false, requestedChanges: 'More about school' }, citizen);
    await complete(instanceId, 'Task_DraftPlan', example('plan'), coordinator);
  }
  await complete(instanceId, 'Task_ApprovePlan', { approved: true }, citizen);
}

describe('processes/individual-plan.bpmn', () => {
  it('request to an active plan, with a responsibility group and a change round, then two reviews and closing', async () => {
    const started = await start('ip-1');
    const id = started.instance.id;
    expect(started.openTasks).toEqual([
      expect.objectContaining({ elementId: 'Task_AssessNeed', formKey: 'need-assessment', candidateGroups: ['ke-caseworker'] }),
    ]);
    const assess = started.openTasks[0]!;
    expect(assess.dueDate!.getTime() - assess.createdAt.getTime()).toBe(28 * 86_400_000);
    expect(await scheduledTimers(id)).toEqual(['BoundaryEvent_InterimReplyDue']);

    await complete(id, 'Task_AssessNeed', example('need-assessment', { decision: 'plan-and-coordinator' }));
    // The interim reply's month runs from receipt, on the whole case, not on the assessment.
    expect(await scheduledTimers(id)).toEqual(['BoundaryEvent_InterimReplyDue']);
    await complete(id, 'Task_AppointCoordinator', example('coordinator-appointment', { coordinatorUserId: coordinator.id, establishResponsibilityGroup: true }));
    const group = (await openTasks(id))[0]!;
    expect(group).toMatchObject({ elementId: 'Task_EstablishResponsibilityGroup', assignee: coordinator.id, status: 'claimed' });
    await complete(id, 'Task_EstablishResponsibilityGroup', example('responsibility-group'), coordinator);
    await complete(id, 'Task_DraftPlan', example('plan'), coordinator);
    expect((await openTasks(id))[0]).toMatchObject({ elementId: 'Task_ApprovePlan', candidateGroups: ['citizen'] });
    await complete(id, 'Task_ApprovePlan', { approved: false, requestedChanges: 'More about school' }, citizen);
    await complete(id, 'Task_DraftPlan', example('plan'), coordinator);
    await complete(id, 'Task_ApprovePlan', { approved: true }, citizen);

    // Plan active: waiting for the six-monthly review (and the month from receipt, which ends quietly: the need is decided).
    expect(await openElements(id)).toEqual([]);
    expect(await scheduledTimers(id)).toEqual(['BoundaryEvent_InterimReplyDue', 'Event_ReviewDue']);
    t.clock.advanceDays(185);
    expect(await t.runDueTimers({ instanceId: id })).toBe(2);
    expect(await openElements(id)).toEqual(['Task_ReviewPlan']);
    await complete(id, 'Task_ReviewPlan', example('review', { outcome: 'continue' }), coordinator);
    expect(await scheduledTimers(id)).toEqual(['Event_ReviewDue']);
    t.clock.advanceDays(185);
    expect(await t.runDueTimers({ instanceId: id })).toBe(1);
    const closed = await complete(id, 'Task_ReviewPlan', example('review', { outcome: 'close', closeReason: 'Goals reached' }), coordinator);

    expect(closed.instance.status).toBe('terminated');
    expect(closed.openTasks).toEqual([]);
    expect(await scheduledTimers(id)).toEqual([]);
    expect(await jobNames(id)).toEqual([
      'closeCasePlanEnded',
      'closeCasePlanEnded-letter',
      'notifyCoordinatorAppointed',
      'notifyCoordinatorAppointed-case-event',
      'notifyCoordinatorAppointed-letter',
      'registerResponsibilityGroup',
    ]);
    const history = closed.instance.history;
    expect(history.filter((h) => h.elementId === 'Task_ReviewPlan' && h.outcome === 'completed')).toHaveLength(2);
    expect(history.filter((h) => h.elementId === 'Task_DraftPlan' && h.outcome === 'completed')).toHaveLength(2);
    expect(history.filter((h) => h.elementId === 'Event_ReviewDue' && h.trigger === 'timer')).toHaveLength(2);
    expect(history.at(-1)).toMatchObject({ elementType: 'bpmn:Process', outcome: 'terminated' });
    expect(closed.instance.variables).toMatchObject({ review: { outcome: 'close' }, approval: { approved: true }, appointment: { coordinatorUserId: coordinator.id } });
  });

  it('rejection: a decision letter and the end', async () => {
    const { instance } = await start('ip-2');
    expect(await scheduledTimers(instance.id)).toEqual(['BoundaryEvent_InterimReplyDue']);
    const result = await complete(instance.id, 'Task_AssessNeed', example('need-assessment', { decision: 'reject', reasons: 'No long-term need' }));
    expect(result.instance.status).toBe('terminated');
    expect(await jobNames(instance.id)).toEqual(['sendDecisionLetter', 'sendDecisionLetter-case-event']);
    const jobs = await jobQueue.getJobs(['waiting']).then((all) => all.filter((j) => j?.data.instanceId === instance.id));
    const letter = jobs.find((j) => j.name === 'sendDecisionLetter');
    expect(letter!.data).toMatchObject({ kind: 'letter', template: 'decision-rejection', variables: { assessment: { decision: 'reject' } } });
    expect(jobs.find((j) => j.name === 'sendDecisionLetter-case-event')!.data).toMatchObject({ kind: 'case-event', template: 'closed-rejected' });
    expect(result.instance.history.some((h) => h.elementId === 'EndEvent_Rejected')).toBe(true);
    // A rejected case gets no interim reply later.
    expect(await scheduledTimers(instance.id)).toEqual([]);
    t.clock.advanceDays(40);
    expect(await t.runDueTimers({ instanceId: instance.id })).toBe(0);
    expect(await jobNames(instance.id)).toEqual(['sendDecisionLetter', 'sendDecisionLetter-case-event']);
  });

  it('not decided within a month: an interim reply, the task stays open, and it is not repeated', async () => {
    const { instance } = await start('ip-3');
    t.clock.advanceDays(32);
    expect(await t.runDueTimers({ instanceId: instance.id })).toBe(1);
    expect(await openElements(instance.id)).toEqual(['Task_AssessNeed']);
    expect(await jobNames(instance.id)).toEqual(['sendInterimReply']);
    expect(await scheduledTimers(instance.id)).toEqual([]);
    const history = (await t.runtime.getInstance({ instanceId: instance.id })).history;
    expect(history.some((h) => h.elementId === 'EndEvent_InterimReplySent')).toBe(true);

    // Months go by without a decision: still the one reply.
    t.clock.advanceDays(62);
    expect(await t.runDueTimers({ instanceId: instance.id })).toBe(0);
    await complete(instance.id, 'Task_AssessNeed', example('need-assessment', { decision: 'coordinator-only' }));
    await complete(instance.id, 'Task_AppointCoordinator', example('coordinator-appointment', { coordinatorUserId: coordinator.id, establishResponsibilityGroup: false }));
    expect(await scheduledTimers(instance.id)).toEqual(['Event_ReviewDue']);
    expect((await jobNames(instance.id)).filter((n) => n === 'sendInterimReply')).toHaveLength(1);
  });

  it('consent missing for five weeks: the interim reply goes out a month after receipt, once', async () => {
    const receivedAt = t.clock.now().getTime();
    const { instance, openTasks: first } = await start('ip-3b', { consent: { given: false } });
    expect(first.map((x) => x.elementId)).toEqual(['Task_ObtainConsent']);
    expect(await scheduledTimers(instance.id)).toEqual(['BoundaryEvent_ConsentDeadline', 'BoundaryEvent_ConsentReminder', 'BoundaryEvent_InterimReplyDue']);
    // The month (P1M, from the BPMN) counts from receipt.
    const due = await t.models.Timer.findOne({ instanceId: instance.id, elementId: 'BoundaryEvent_InterimReplyDue', status: 'scheduled' }).lean();
    expect(due).toMatchObject({ timerType: 'timeDuration', timerValue: 'P1M' });
    const dueInDays = (due!.dueAt.getTime() - receivedAt) / 86_400_000;
    expect(dueInDays).toBeGreaterThanOrEqual(28);
    expect(dueInDays).toBeLessThanOrEqual(31.01);

    const interimReplies = async () => (await jobNames(instance.id)).filter((n) => n === 'sendInterimReply');
    // Weekly reminders, and an hour before the month is over still no interim reply.
    while (t.clock.now().getTime() + 7 * 86_400_000 < due!.dueAt.getTime() - 3_600_000) {
      t.clock.advanceDays(7);
      expect(await t.runDueTimers({ instanceId: instance.id })).toBe(1);
    }
    t.clock.advanceMs(due!.dueAt.getTime() - 3_600_000 - t.clock.now().getTime());
    await t.runDueTimers({ instanceId: instance.id });
    expect(await interimReplies()).toEqual([]);
    expect((await jobNames(instance.id)).filter((n) => n === 'sendConsentReminder')).toHaveLength(4);
    // The month from receipt is over: the reply goes out while consent is still missing.
    t.clock.advanceMs(3_600_000 + 1_000);
    expect(await t.runDueTimers({ instanceId: instance.id })).toBe(1);
    expect(await interimReplies()).toEqual(['sendInterimReply']);
    expect(await openElements(instance.id)).toEqual(['Task_ObtainConsent']);
    const letter = (await jobQueue.getJobs(['waiting'])).find((j) => j?.data.instanceId === instance.id && j.name === 'sendInterimReply');
    expect(letter!.data).toMatchObject({ kind: 'letter', template: 'interim-reply', elementId: 'Task_SendInterimReply' });

    // Consent after five weeks, then the assessment: no second reply.
    t.clock.advanceMs(receivedAt + 35 * 86_400_000 - t.clock.now().getTime());
    await t.runDueTimers({ instanceId: instance.id });
    await complete(instance.id, 'Task_ObtainConsent', example('consent-registration', { given: true }));
    expect(await openElements(instance.id)).toEqual(['Task_AssessNeed']);
    expect(await scheduledTimers(instance.id)).toEqual([]);
    t.clock.advanceDays(40);
    expect(await t.runDueTimers({ instanceId: instance.id })).toBe(0);
    await complete(instance.id, 'Task_AssessNeed', example('need-assessment', { decision: 'coordinator-only' }));
    expect(await interimReplies()).toEqual(['sendInterimReply']);
    const history = (await t.runtime.getInstance({ instanceId: instance.id })).history;
    expect(history.filter((h) => h.elementId === 'BoundaryEvent_InterimReplyDue' && h.trigger === 'timer')).toHaveLength(1);
  });

  it('need decided within the month: the month ends quietly, no interim reply', async () => {
    const { instance } = await start('ip-3c', { signature: { valid: false } });
    t.clock.advanceDays(10);
    await complete(instance.id, 'Task_ObtainSignedRequest', example('signed-request', { valid: true }));
    t.clock.advanceDays(10);
    await complete(instance.id, 'Task_AssessNeed', example('need-assessment', { decision: 'plan-and-coordinator' }));
    expect(await openElements(instance.id)).toEqual(['Task_AppointCoordinator']);
    expect(await scheduledTimers(instance.id)).toEqual(['BoundaryEvent_InterimReplyDue']);

    t.clock.advanceDays(12);
    expect(await t.runDueTimers({ instanceId: instance.id })).toBe(1);
    expect(await openElements(instance.id)).toEqual(['Task_AppointCoordinator']);
    expect(await scheduledTimers(instance.id)).toEqual([]);
    expect(await jobNames(instance.id)).toEqual([]);
    const history = (await t.runtime.getInstance({ instanceId: instance.id })).history;
    expect(history.some((h) => h.elementId === 'EndEvent_NoInterimReply')).toBe(true);
    expect(history.some((h) => h.elementId === 'Task_SendInterimReply')).toBe(false);
  });

  it('missing consent: weekly reminders, then the deadline closes the case', async () => {
    const { instance, openTasks: first } = await start('ip-4', { consent: { given: false } });
    expect(first.map((x) => x.elementId)).toEqual(['Task_ObtainConsent']);
    expect(await scheduledTimers(instance.id)).toEqual(['BoundaryEvent_ConsentDeadline', 'BoundaryEvent_ConsentReminder', 'BoundaryEvent_InterimReplyDue']);
    for (let week = 1; week <= 5; week++) {
      t.clock.advanceDays(7.1);
      // In the fifth week the month from receipt is over as well: the interim reply.
      expect(await t.runDueTimers({ instanceId: instance.id })).toBe(week === 5 ? 2 : 1);
    }
    t.clock.advanceDays(7);
    await t.runDueTimers({ instanceId: instance.id });
    const view = await t.runtime.getInstance({ instanceId: instance.id });
    expect(view.status).toBe('terminated');
    expect(await t.models.Task.findById(first[0]!.id).lean()).toMatchObject({ status: 'closed', closedReason: 'interrupted' });
    const names = await jobNames(instance.id);
    expect(names.filter((n) => n === 'sendConsentReminder')).toHaveLength(5);
    expect(names.filter((n) => n.startsWith('closeCaseNoConsent'))).toEqual(['closeCaseNoConsent', 'closeCaseNoConsent-letter']);
    expect(names.filter((n) => n === 'sendInterimReply')).toHaveLength(1);
    expect(await scheduledTimers(instance.id)).toEqual([]);
  });

  it('missing consent registered in time: the reminders stop and the assessment follows', async () => {
    const { instance } = await start('ip-5', { consent: { given: false } });
    t.clock.advanceDays(7.1);
    await t.runDueTimers({ instanceId: instance.id });
    await complete(instance.id, 'Task_ObtainConsent', example('consent-registration', { given: true }));
    expect(await openElements(instance.id)).toEqual(['Task_AssessNeed']);
    expect(await scheduledTimers(instance.id)).toEqual(['BoundaryEvent_InterimReplyDue']);
    expect(await jobNames(instance.id)).toEqual(['sendConsentReminder']);
  });

  it('consent withdrawn during an active plan closes the case with a letter', async () => {
    const { instance } = await start('ip-6');
    await toActivePlan(instance.id);
    expect(await scheduledTimers(instance.id)).toEqual(['BoundaryEvent_InterimReplyDue', 'Event_ReviewDue']);
    const result = await t.runtime.deliverMessage({ instanceId: instance.id, messageId: processMessages.consentWithdrawn, actor: citizen });
    expect(result.instance.status).toBe('terminated');
    expect(await scheduledTimers(instance.id)).toEqual([]);
    expect((await jobNames(instance.id)).filter((n) => n.startsWith('closeCaseConsentWithdrawn'))).toEqual([
      'closeCaseConsentWithdrawn',
      'closeCaseConsentWithdrawn-letter',
    ]);
    expect(result.instance.history.find((h) => h.elementId === 'BoundaryEvent_ConsentWithdrawn')).toMatchObject({ by: citizen.id, trigger: 'message' });
  });

  it('consent withdrawn while a task waits: the task is closed as interrupted', async () => {
    const { instance, openTasks: first } = await start('ip-7');
    await t.runtime.deliverMessage({ instanceId: instance.id, messageId: processMessages.consentWithdrawn, actor: citizen });
    expect(await t.models.Task.findById(first[0]!.id).lean()).toMatchObject({ status: 'closed', closedReason: 'interrupted' });
  });

  it('coordinator change requested twice while the plan is drafted; the main path goes on', async () => {
    const { instance } = await start('ip-8');
    await complete(instance.id, 'Task_AssessNeed', example('need-assessment', { decision: 'plan-and-coordinator' }));
    await complete(instance.id, 'Task_AppointCoordinator', example('coordinator-appointment', { coordinatorUserId: coordinator.id, establishResponsibilityGroup: false }));
    const changed = await t.runtime.deliverMessage({
      instanceId: instance.id,
      messageId: processMessages.coordinatorChangeRequested,
      payload: { wishedCoordinator: 'someone else' },
      actor: citizen,
    });
    expect(changed.openTasks.map((x) => x.elementId).sort()).toEqual(['Task_ConsiderCoordinatorChange', 'Task_DraftPlan']);
    await complete(instance.id, 'Task_ConsiderCoordinatorChange', example('coordinator-change'));
    expect(await openElements(instance.id)).toEqual(['Task_DraftPlan']);
    const again = await t.runtime.deliverMessage({ instanceId: instance.id, messageId: processMessages.coordinatorChangeRequested, actor: citizen });
    expect(again.openTasks.map((x) => x.elementId).sort()).toEqual(['Task_ConsiderCoordinatorChange', 'Task_DraftPlan']);
    await complete(instance.id, 'Task_ConsiderCoordinatorChange', example('coordinator-change'));
    await complete(instance.id, 'Task_DraftPlan', example('plan'), coordinator);
    await complete(instance.id, 'Task_ApprovePlan', { approved: true }, citizen);
    expect(await scheduledTimers(instance.id)).toEqual(['BoundaryEvent_InterimReplyDue', 'Event_ReviewDue']);
    const history = (await t.runtime.getInstance({ instanceId: instance.id })).history;
    expect(history.filter((h) => h.elementId === 'Task_ConsiderCoordinatorChange' && h.outcome === 'completed')).toHaveLength(2);
  });

  it('coordinator only: no plan tasks, straight to periodic review', async () => {
    const { instance } = await start('ip-9');
    await complete(instance.id, 'Task_AssessNeed', example('need-assessment', { decision: 'coordinator-only' }));
    await complete(instance.id, 'Task_AppointCoordinator', example('coordinator-appointment', { coordinatorUserId: coordinator.id, establishResponsibilityGroup: false }));
    expect(await openElements(instance.id)).toEqual([]);
    expect(await scheduledTimers(instance.id)).toEqual(['BoundaryEvent_InterimReplyDue', 'Event_ReviewDue']);
    const history = (await t.runtime.getInstance({ instanceId: instance.id })).history;
    expect(history.some((h) => h.elementId === 'Task_DraftPlan')).toBe(false);
    expect(await jobNames(instance.id)).toEqual(['notifyCoordinatorAppointed', 'notifyCoordinatorAppointed-case-event', 'notifyCoordinatorAppointed-letter']);
  });

  it('a health notification: offer declined ends the case', async () => {
    const { instance, openTasks: first } = await start('ip-10', { intake: { channel: 'health-notification' } });
    expect(first.map((x) => x.elementId)).toEqual(['Task_OfferIndividualPlan']);
    const result = await complete(instance.id, 'Task_OfferIndividualPlan', example('offer-contact', { wantsPlan: false }));
    expect(result.instance.status).toBe('terminated');
  });

  it('invalid signature: a task to obtain a signed request, then the consent check', async () => {
    const { instance, openTasks: first } = await start('ip-11', { signature: { valid: false } });
    expect(first.map((x) => x.elementId)).toEqual(['Task_ObtainSignedRequest']);
    await complete(instance.id, 'Task_ObtainSignedRequest', example('signed-request', { valid: true }));
    expect(await openElements(instance.id)).toEqual(['Task_AssessNeed']);
  });
});
