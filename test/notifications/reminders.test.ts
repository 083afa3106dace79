// Reminder rules on a test clock: scheduled from MongoDB as delayed BullMQ jobs, fired at their
// moment and not before, to the right people, once; nothing when the rule no longer applies; and
// scheduled again from MongoDB when Redis has lost them.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Job, Queue } from 'bullmq';
import { Types } from 'mongoose';
import { createReminderQueue, fireReminder, reminderJobId, reminderSettings, scheduleReminders, type ReminderDeps, type ReminderJobData, type ReminderOutcome } from '../../server/notifications/reminders.js';
import { fromOsloLocal, meetingCollectionName, meetingCollectionSource, osloLocal, planMeetingSource } from '../../server/notifications/meetings.js';
import { notificationText, type NotificationKind } from '../../server/notifications/messages.js';
import { taskPlanActivitySource } from '../../server/notifications/plan-activity.js';
import { userModel } from '../../server/users/model.js';
import { startReminderWorker } from '../../workers/reminders/worker.js';
import { testLogger } from '../support/engine.js';
import { completeTask, example, expectNothingPrivate, openCase, startLetterRig, waitFor, type LetterRig } from '../support/letters.js';

let rig: LetterRig;
let queue: Queue<ReminderJobData>;
let deps: ReminderDeps;

const unitId = 'ke-eksempel';
const staff = {
  per: { _id: new Types.ObjectId().toHexString(), name: 'Per Hansen', role: 'ke-caseworker', login: 'per.hansen@eksempel.kommune.no', unitId },
  mari: { _id: new Types.ObjectId().toHexString(), name: 'Mari Dahl', role: 'ke-caseworker', login: 'mari.dahl@eksempel.kommune.no', unitId },
  liv: { _id: new Types.ObjectId().toHexString(), name: 'Liv Berg', role: 'ke-caseworker', login: 'liv.berg@eksempel.kommune.no', unitId, lead: true },
  anne: { _id: new Types.ObjectId().toHexString(), name: 'Anne Lie', role: 'coordinator', login: 'anne.lie@eksempel.kommune.no', unitId },
  // Reads her notifications in Nynorsk, at her work address (her login is not an e-mail address).
  siri: { _id: new Types.ObjectId().toHexString(), name: 'Siri Haugen', role: 'group-member', login: 'siri.haugen', email: 'siri.haugen@helse.eksempel.no', unitId: 'fysio', language: 'nn' },
  other: { _id: new Types.ObjectId().toHexString(), name: 'Kåre Vik', role: 'ke-caseworker', login: 'kare.vik@annen.kommune.no', unitId: 'ke-annen' },
};
const groupOfUnit = [staff.per.login, staff.mari.login, staff.liv.login].sort();

beforeAll(async () => {
  rig = await startLetterRig('reminders');
  const users = userModel(rig.t.connection);
  const now = new Date();
  await users.insertMany(Object.values(staff).map((user) => ({ ...user, active: true, createdAt: now, updatedAt: now })));
  queue = createReminderQueue(rig.t.redis, rig.t.prefix);
  deps = {
    tasks: rig.t.models.Task,
    timers: rig.t.models.Timer,
    cases: rig.cases.Case,
    users,
    queue,
    notifier: rig.notifier,
    now: () => rig.t.clock.now(),
    meetings: meetingCollectionSource(rig.t.connection),
    plans: taskPlanActivitySource({ tasks: rig.t.models.Task, cases: rig.cases.Case, planTaskElementIds: reminderSettings.planTaskElementIds }),
  };
}, 60000);

afterAll(async () => {
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await rig?.close();
});

async function reminderJobs(subjectId: string): Promise<Job<ReminderJobData>[]> {
  return (await queue.getJobs(['delayed', 'waiting'])).filter((job) => job?.data.subjectId === subjectId);
}

/** Fires the subject's queued reminders that are due by the test clock, as the worker would; returns the outcomes by rule. */
async function fireDue(subjectId: string): Promise<Record<string, ReminderOutcome['outcome']>> {
  const outcomes: Record<string, ReminderOutcome['outcome']> = {};
  for (const job of await reminderJobs(subjectId)) {
    const result = await fireReminder(deps, job.data);
    if (result.outcome === 'not-due') continue;
    outcomes[`${job.data.rule}${job.data.day !== undefined ? `-${job.data.day}` : ''}`] = result.outcome;
    await job.remove();
  }
  return outcomes;
}

/** Who got messages since `from` (index into the SMTP server's messages), sorted. */
async function recipientsSince(from: number, count: number): Promise<string[]> {
  await waitFor(`${count} messages`, async () => rig.smtp.messages.length - from >= count);
  // And no more than that: wait until nothing is left to send before reading them.
  await waitFor('the notification queue to settle', async () => Object.values(await rig.notificationQueue.getJobCounts('waiting', 'active', 'delayed')).every((n) => n === 0));
  return rig.smtp.messages.slice(from).flatMap((m) => m.to).sort();
}

/** The recipients of the messages of one kind since `from` (in any language), once `count` of them have come: earlier steps' letters may still arrive meanwhile. */
async function recipientsOfKind(kind: NotificationKind, from: number, count: number, options: { settle: boolean } = { settle: true }): Promise<string[]> {
  const subjects = new Set((['nb', 'nn', 'en'] as const).map((language) => notificationText(kind, language, 'http://localhost').subject));
  const ofKind = () => rig.smtp.messages.slice(from).filter((m) => subjects.has(m.subject));
  await waitFor(`${count} ${kind} messages`, async () => ofKind().length >= count);
  if (options.settle) {
    await waitFor('the notification queue to settle', async () => Object.values(await rig.notificationQueue.getJobCounts('waiting', 'active', 'delayed')).every((n) => n === 0));
  }
  return ofKind().flatMap((m) => m.to).sort();
}

/** A review timer of the case, due in `days` (the process's `Event_ReviewDue`), as the engine stores it. */
function reviewTimer(caseId: Types.ObjectId, days: number) {
  const now = rig.t.clock.now();
  return {
    _id: `timer-${new Types.ObjectId().toHexString()}`,
    instanceId: `case-${caseId.toHexString()}`,
    caseId: caseId.toHexString(),
    processKey: 'individual-plan',
    elementId: 'Event_ReviewDue',
    executionId: 'x',
    activityExecutionId: 'y',
    dueAt: new Date(now.getTime() + days * 86_400_000),
    status: 'scheduled' as const,
    createdAt: now,
  };
}

async function openTask(instanceId: string, elementId: string) {
  const task = await rig.t.models.Task.findOne({ instanceId, elementId, status: { $in: ['open', 'claimed'] } }).lean();
  if (!task) throw new Error(`no open ${elementId}`);
  return task;
}

describe('reminder rules', () => {
  it('an unassigned task: follow-up, due soon and overdue at their moments, to the group of the unit; escalated to the lead; nothing once it is done', async () => {
    const { instanceId } = await openCase(rig);
    const task = await openTask(instanceId, 'Task_AssessNeed');
    const start = rig.t.clock.now();
    expect(await scheduleReminders(deps)).toBeGreaterThanOrEqual(3);
    const jobs = await reminderJobs(task._id);
    expect(jobs.map((job) => job.data.rule).sort()).toEqual(['follow-up', 'task-due-soon', 'task-overdue']);
    // The delays count from the scheduling clock to each rule's moment.
    const dueSoon = jobs.find((job) => job.data.rule === 'task-due-soon')!;
    expect(new Date(dueSoon.data.fireAt).getTime()).toBe(task.dueDate!.getTime() - 2 * 86_400_000);
    expect(Math.abs(dueSoon.delay - (new Date(dueSoon.data.fireAt).getTime() - start.getTime()))).toBeLessThan(5000);

    // Not before: nothing fires and nothing is sent on day 20.
    let sent = rig.smtp.messages.length;
    rig.t.clock.advanceDays(20);
    expect(await fireDue(task._id)).toEqual({});
    // Day 21: the follow-up date (P3W).
    rig.t.clock.advanceDays(1);
    expect(await fireDue(task._id)).toEqual({ 'follow-up': 'sent' });
    expect(await recipientsSince(sent, 3)).toEqual(groupOfUnit);
    expect(rig.smtp.messages.at(-1)!.subject).toBe('En oppgave skal følges opp');

    // Day 26: two days before the due date (P4W).
    sent = rig.smtp.messages.length;
    rig.t.clock.advanceDays(4);
    expect(await fireDue(task._id)).toEqual({});
    rig.t.clock.advanceDays(1);
    expect(await fireDue(task._id)).toEqual({ 'task-due-soon': 'sent' });
    expect(await recipientsSince(sent, 3)).toEqual(groupOfUnit);

    // Per takes the task; on the due date the overdue reminder goes to him alone, then daily.
    await rig.t.models.Task.updateOne({ _id: task._id }, { $set: { assignee: staff.per._id, status: 'claimed' } });
    sent = rig.smtp.messages.length;
    rig.t.clock.advanceDays(2);
    expect(await fireDue(task._id)).toEqual({ 'task-overdue-0': 'sent' });
    expect(await recipientsSince(sent, 1)).toEqual([staff.per.login]);
    for (const dayNumber of [1, 2]) {
      sent = rig.smtp.messages.length;
      rig.t.clock.advanceDays(1);
      expect(await fireDue(task._id)).toEqual({ [`task-overdue-${dayNumber}`]: 'sent' });
      expect(await recipientsSince(sent, 1)).toEqual([staff.per.login]);
    }
    // Three days overdue: the lead is told too.
    sent = rig.smtp.messages.length;
    rig.t.clock.advanceDays(1);
    expect(await fireDue(task._id)).toEqual({ 'task-overdue-3': 'sent' });
    expect(await recipientsSince(sent, 2)).toEqual([staff.liv.login, staff.per.login].sort());
    expect(rig.smtp.messages.slice(sent).map((m) => m.subject).sort()).toEqual(['En oppgave har passert fristen', 'En oppgave i enheten har lenge passert fristen']);

    // Firing the same reminder again sends nothing more.
    const before = rig.smtp.messages.length;
    await fireReminder(deps, { rule: 'task-overdue', subjectId: task._id, basis: task.dueDate!.toISOString(), fireAt: task.dueDate!.toISOString(), day: 3 });
    // The task is done: the next day's reminder no longer applies.
    await rig.t.models.Task.updateOne({ _id: task._id }, { $set: { status: 'completed', closedAt: rig.t.clock.now() } });
    rig.t.clock.advanceDays(1);
    expect(await fireDue(task._id)).toEqual({ 'task-overdue-4': 'no-longer-applies' });
    expect(await recipientsSince(before, 0)).toEqual([]);
    rig.t.clock.advanceDays(-31);
  });

  it('a task reminder goes to whoever has the task when it fires, not to whom it was scheduled for, and never to a deactivated user', async () => {
    const { instanceId } = await openCase(rig);
    const task = await openTask(instanceId, 'Task_AssessNeed');
    await rig.t.models.Task.updateOne({ _id: task._id }, { $set: { assignee: staff.mari._id, status: 'claimed' } });
    await scheduleReminders(deps);
    expect((await reminderJobs(task._id)).map((job) => job.data.assignee)).toEqual([staff.mari._id, staff.mari._id, staff.mari._id]);
    // Handed over to Per before they fire.
    await rig.t.models.Task.updateOne({ _id: task._id }, { $set: { assignee: staff.per._id } });
    let sent = rig.smtp.messages.length;
    rig.t.clock.advanceDays(26);
    expect(await fireDue(task._id)).toEqual({ 'follow-up': 'sent', 'task-due-soon': 'sent' });
    expect(await recipientsSince(sent, 2)).toEqual([staff.per.login, staff.per.login]);

    // Per is deactivated: neither the overdue reminder scheduled for Mari nor the next one, scheduled for him, tells anyone.
    const users = userModel(rig.t.connection);
    await users.updateOne({ _id: staff.per._id }, { $set: { active: false } });
    sent = rig.smtp.messages.length;
    rig.t.clock.advanceDays(2);
    expect(await fireDue(task._id)).toEqual({ 'task-overdue-0': 'sent' });
    expect((await reminderJobs(task._id)).map((job) => [job.data.day, job.data.assignee])).toEqual([[1, staff.per._id]]);
    rig.t.clock.advanceDays(1);
    expect(await fireDue(task._id)).toEqual({ 'task-overdue-1': 'sent' });
    expect(await recipientsSince(sent, 0)).toEqual([]);

    await users.updateOne({ _id: staff.per._id }, { $set: { active: true } });
    await rig.t.models.Task.updateOne({ _id: task._id }, { $set: { status: 'completed', closedAt: rig.t.clock.now() } });
    for (const job of await reminderJobs(task._id)) await job.remove();
    rig.t.clock.advanceDays(-29);
  });

  it('a review due in 14 days reminds the coordinator, not before; a moved review sends nothing', async () => {
    const { caseId } = await openCase(rig);
    await rig.cases.Case.updateOne({ _id: caseId }, { $set: { coordinatorId: staff.anne._id } });
    const timer = reviewTimer(caseId, 180);
    await rig.t.models.Timer.create(timer);
    await scheduleReminders(deps);
    const [job] = await reminderJobs(timer._id);
    expect(job!.data).toMatchObject({ rule: 'review-due', fireAt: new Date(timer.dueAt.getTime() - 14 * 86_400_000).toISOString() });
    const sent = rig.smtp.messages.length;
    rig.t.clock.advanceDays(165);
    expect(await fireDue(timer._id)).toEqual({});
    rig.t.clock.advanceDays(1);
    expect(await fireDue(timer._id)).toEqual({ 'review-due': 'sent' });
    expect(await recipientsSince(sent, 1)).toEqual([staff.anne.login]);
    expect(rig.smtp.messages.at(-1)!.subject).toBe('En plan skal evalueres snart');

    // The review moved (a new due time): the reminder of the old time no longer applies.
    const stale: ReminderJobData = { rule: 'review-due', subjectId: timer._id, basis: new Date(timer.dueAt.getTime() - 86_400_000).toISOString(), fireAt: timer.createdAt.toISOString() };
    expect(await fireReminder(deps, stale)).toEqual({ outcome: 'no-longer-applies' });
    rig.t.clock.advanceDays(-166);
  });

  it('a reminder worker remembers recipients only briefly: a coordinator’s new language is used once the set time has passed', async () => {
    const { caseId } = await openCase(rig);
    await rig.cases.Case.updateOne({ _id: caseId }, { $set: { coordinatorId: staff.anne._id } });
    const timers = [reviewTimer(caseId, 10), reviewTimer(caseId, 11)];
    await rig.t.models.Timer.create(timers);
    const fire = (timer: (typeof timers)[number]) => fireReminder(deps, { rule: 'review-due', subjectId: timer._id, basis: timer.dueAt.toISOString(), fireAt: rig.t.clock.now().toISOString() });
    const users = userModel(rig.t.connection);
    const sent = rig.smtp.messages.length;
    expect(await fire(timers[0]!)).toEqual({ outcome: 'sent', recipients: 1 });
    await users.updateOne({ _id: staff.anne._id }, { $set: { language: 'en' } });
    rig.t.clock.advanceMs(reminderSettings.recipientCacheSeconds * 1000);
    expect(await fire(timers[1]!)).toEqual({ outcome: 'sent', recipients: 1 });
    expect(await recipientsSince(sent, 2)).toEqual([staff.anne.login, staff.anne.login]);
    expect(rig.smtp.messages.slice(sent).map((m) => m.subject).sort()).toEqual(['A plan is due for review soon', 'En plan skal evalueres snart']);

    await users.updateOne({ _id: staff.anne._id }, { $unset: { language: 1 } });
    await rig.t.models.Timer.deleteMany({ _id: { $in: timers.map((timer) => timer._id) } });
    rig.t.clock.advanceMs(-reminderSettings.recipientCacheSeconds * 1000);
  });

  it('an interim reply due soon tells the unit’s case workers, a few days before the process sends it', async () => {
    const { instanceId } = await openCase(rig);
    const timer = await rig.t.models.Timer.findOne({ instanceId, elementId: 'BoundaryEvent_InterimReplyDue', status: 'scheduled' }).lean();
    expect(timer).not.toBeNull();
    await scheduleReminders(deps);
    const [job] = await reminderJobs(timer!._id);
    expect(new Date(job!.data.fireAt).getTime()).toBe(timer!.dueAt.getTime() - 3 * 86_400_000);
    const days = (timer!.dueAt.getTime() - rig.t.clock.now().getTime()) / 86_400_000;
    const sent = rig.smtp.messages.length;
    rig.t.clock.advanceDays(days - 3.1);
    expect(await fireDue(timer!._id)).toEqual({});
    rig.t.clock.advanceDays(0.2);
    expect(await fireDue(timer!._id)).toEqual({ 'interim-reply-due': 'sent' });
    expect(await recipientsSince(sent, 3)).toEqual(groupOfUnit);
    rig.t.clock.advanceDays(-(days - 2.9));
  });

  it('a responsibility-group meeting reminds the members who use the product the day before, in their language, not before; a moved or cancelled meeting sends nothing', async () => {
    const { caseId } = await openCase(rig);
    await rig.cases.Case.updateOne({ _id: caseId }, { $set: { coordinatorId: staff.anne._id, groupMemberIds: [staff.siri._id] } });
    const meetings = rig.t.connection.collection(meetingCollectionName);
    const startsAt = new Date(rig.t.clock.now().getTime() + 5 * 86_400_000);
    const meetingId = new Types.ObjectId();
    await meetings.insertOne({ _id: meetingId, caseId, startsAt, cancelledAt: null });
    // A meeting further ahead than the scan looks is scheduled by a later scan.
    await meetings.insertOne({ _id: new Types.ObjectId(), caseId, startsAt: new Date(startsAt.getTime() + 30 * 86_400_000), cancelledAt: null });
    rig.t.clock.advanceDays(2);
    await scheduleReminders(deps);
    const [job] = await reminderJobs(meetingId.toHexString());
    expect(job!.data).toMatchObject({ rule: 'meeting-tomorrow', fireAt: new Date(startsAt.getTime() - 86_400_000).toISOString() });

    const sent = rig.smtp.messages.length;
    rig.t.clock.advanceDays(1.9);
    expect(await fireDue(meetingId.toHexString())).toEqual({});
    rig.t.clock.advanceDays(0.2);
    expect(await fireDue(meetingId.toHexString())).toEqual({ 'meeting-tomorrow': 'sent' });
    expect(await recipientsSince(sent, 2)).toEqual([staff.anne.login, staff.siri.email].sort());
    expect(rig.smtp.messages.slice(sent).map((m) => m.subject).sort()).toEqual(['Møte i ansvarsgruppa i morgon', 'Møte i ansvarsgruppen i morgen']);

    // Moved by a day: the old reminder no longer applies, the next scan schedules the new one.
    const moved = new Date(startsAt.getTime() + 86_400_000);
    await meetings.updateOne({ _id: meetingId }, { $set: { startsAt: moved } });
    const stale: ReminderJobData = { rule: 'meeting-tomorrow', subjectId: meetingId.toHexString(), basis: startsAt.toISOString(), fireAt: new Date(startsAt.getTime() - 86_400_000).toISOString() };
    expect(await fireReminder(deps, stale)).toEqual({ outcome: 'no-longer-applies' });
    await scheduleReminders(deps);
    expect((await reminderJobs(meetingId.toHexString())).map((j) => j.data.basis)).toEqual([moved.toISOString()]);
    // Cancelled: nothing.
    await meetings.updateOne({ _id: meetingId }, { $set: { cancelledAt: rig.t.clock.now() } });
    rig.t.clock.advanceDays(1);
    expect(await fireDue(meetingId.toHexString())).toEqual({ 'meeting-tomorrow': 'no-longer-applies' });
    rig.t.clock.advanceDays(-5.1);
  });

  it('the living plan’s meetings (Norwegian wall-clock times in the plan’s responsibility group) are found, moved and removed', async () => {
    const source = planMeetingSource(rig.t.connection);
    const caseId = new Types.ObjectId();
    const startsAt = new Date(Math.floor((rig.t.clock.now().getTime() + 3 * 86_400_000) / 60_000) * 60_000);
    expect(fromOsloLocal(osloLocal(startsAt)).getTime()).toBe(startsAt.getTime());
    await rig.t.connection.collection('plans').insertOne({ _id: caseId, group: { members: [], meetings: [{ id: 'm1', at: osloLocal(startsAt) }] } });
    const found = await source.startingBetween(rig.t.clock.now(), new Date(rig.t.clock.now().getTime() + 4 * 86_400_000));
    expect(found).toContainEqual({ id: `${caseId.toHexString()}-m1`, caseId: caseId.toHexString(), startsAt });
    expect(await source.meeting(`${caseId.toHexString()}-m1`)).toEqual({ id: `${caseId.toHexString()}-m1`, caseId: caseId.toHexString(), startsAt });
    await rig.t.connection.collection('plans').updateOne({ _id: caseId }, { $set: { 'group.meetings': [] } });
    expect(await source.meeting(`${caseId.toHexString()}-m1`)).toBeNull();
  });

  it('a plan with no activity for the set time reminds the coordinator and the unit’s lead, not before; new activity moves the reminder', async () => {
    const { caseId, instanceId } = await openCase(rig);
    await completeTask(rig, instanceId, 'Task_AssessNeed', example('need-assessment', { decision: 'plan-and-coordinator' }));
    await completeTask(rig, instanceId, 'Task_AppointCoordinator', example('coordinator-appointment', { coordinatorUserId: staff.anne._id }));
    await rig.cases.Case.updateOne({ _id: caseId }, { $set: { coordinatorId: staff.anne._id } });
    // The group is optional: straight on to drafting the plan.
    const group = await rig.t.models.Task.findOne({ instanceId, elementId: 'Task_EstablishResponsibilityGroup', status: { $in: ['open', 'claimed'] } }).lean();
    if (group) await completeTask(rig, instanceId, 'Task_EstablishResponsibilityGroup', example('responsibility-group'));
    const draft = await openTask(instanceId, 'Task_DraftPlan');
    const subject = caseId.toHexString();
    await scheduleReminders(deps);
    const [job] = await reminderJobs(subject);
    expect(job!.data.rule).toBe('plan-inactive');
    const last = new Date(job!.data.basis);
    expect(last.getTime()).toBeGreaterThanOrEqual(draft.createdAt.getTime());
    expect(new Date(job!.data.fireAt).getTime()).toBe(last.getTime() + reminderSettings.planInactiveDays * 86_400_000);

    const sent = rig.smtp.messages.length;
    const days = (last.getTime() - rig.t.clock.now().getTime()) / 86_400_000 + reminderSettings.planInactiveDays;
    rig.t.clock.advanceDays(days - 0.1);
    expect(await fireDue(subject)).toEqual({});
    rig.t.clock.advanceDays(0.2);
    expect(await fireDue(subject)).toEqual({ 'plan-inactive': 'sent' });
    expect(await recipientsOfKind('plan-inactive', sent, 2)).toEqual([staff.anne.login, staff.liv.login].sort());

    // The coordinator drafts the plan: the next reminder counts from then, the old one no longer applies.
    await completeTask(rig, instanceId, 'Task_DraftPlan', example('plan'), { id: staff.anne._id });
    await scheduleReminders(deps);
    const next = (await reminderJobs(subject)).map((j) => j.data);
    expect(next).toHaveLength(1);
    expect(new Date(next[0]!.basis).getTime()).toBeGreaterThan(last.getTime());
    expect(await fireReminder(deps, { rule: 'plan-inactive', subjectId: subject, basis: last.toISOString(), fireAt: last.toISOString() })).toEqual({ outcome: 'no-longer-applies' });
    rig.t.clock.advanceDays(-(days + 0.1));
  });

  it('missing consent: the process’s own timer e-mails the person (here the parent who applied, in Nynorsk) every 7 days while consent is missing', async () => {
    const { instanceId, email } = await openCase(rig, { writtenForm: 'nn', representative: true, consentGiven: false });
    await openTask(instanceId, 'Task_ObtainConsent');
    const sent = rig.smtp.messages.length;
    rig.t.clock.advanceDays(6.9);
    expect(await rig.t.runDueTimers({ instanceId })).toBe(0);
    rig.t.clock.advanceDays(0.2);
    expect(await rig.t.runDueTimers({ instanceId })).toBe(1);
    await waitFor('the consent reminder', async () => rig.smtp.messages.slice(sent).some((m) => m.to.includes(email)));
    const mail = rig.smtp.messages.slice(sent).find((m) => m.to.includes(email))!;
    expect(mail.subject).toBe('Vi manglar samtykke i saka di');
    expect(mail.text).toContain('/mine-saker/');
    rig.t.clock.advanceDays(-7.1);
  });

  it('reminders lost from Redis are scheduled again from MongoDB, and scheduling twice adds nothing', async () => {
    const { instanceId } = await openCase(rig);
    const task = await openTask(instanceId, 'Task_AssessNeed');
    await scheduleReminders(deps);
    const ids = (await reminderJobs(task._id)).map((job) => job.id).sort();
    expect(ids).toHaveLength(3);
    const total = (await queue.getJobs(['delayed', 'waiting'])).length;
    await scheduleReminders(deps);
    expect((await queue.getJobs(['delayed', 'waiting'])).length).toBe(total);

    await queue.obliterate({ force: true });
    expect(await reminderJobs(task._id)).toEqual([]);
    await scheduleReminders(deps);
    expect((await reminderJobs(task._id)).map((job) => job.id).sort()).toEqual(ids);
    expect(ids).toContain(reminderJobId({ rule: 'task-due-soon', subjectId: task._id, basis: task.dueDate!.toISOString() }));
  });

  it('the worker’s scan finds a review timer made before the clock stepped on by months, and its reminder goes out at once', async () => {
    // The queue is emptied first: the worker below must not fire what the tests above left there.
    await queue.obliterate({ force: true });
    const { meetings: _meetings, plans: _plans, ...timersAndTasks } = deps;
    // The worker does not close a connection it is given.
    const connection = rig.t.redis.duplicate({ maxRetriesPerRequest: null });
    const worker = await startReminderWorker({ connection, deps: timersAndTasks, logger: testLogger(), queuePrefix: rig.t.prefix, scheduleOnStart: false, scanEveryMs: 200 });
    try {
      await worker.ready();
      const { caseId } = await openCase(rig);
      await rig.cases.Case.updateOne({ _id: caseId }, { $set: { coordinatorId: staff.anne._id } });
      await rig.t.models.Timer.create(reviewTimer(caseId, 180));
      const sent = rig.smtp.messages.length;
      // Months pass before any scan has run: the next one still looks back to the one before it.
      // (The scans go on every 200 ms with the clock months ahead, so the queue need not fall quiet.)
      rig.t.clock.advanceDays(170);
      expect(await recipientsOfKind('review-due', sent, 1, { settle: false })).toEqual([staff.anne.login]);
    } finally {
      await worker.close();
      await connection.quit();
      rig.t.clock.advanceDays(-170);
    }
  });

  it('no message sent in these tests holds an identity number, the situation or a service', () => {
    expect(rig.smtp.messages.length).toBeGreaterThanOrEqual(10);
    for (const mail of rig.smtp.messages) expectNothingPrivate(`${mail.subject}\n${mail.raw}\n${mail.text}`);
  });
});
