/**
 * Reminder rules. Each reminder is a BullMQ delayed job scheduled from data in MongoDB (a task's
 * due or follow-up date, a process timer's due time), with a deterministic id built from what it is
 * about and when, so scheduling again (at every start, at every scan) adds nothing twice. When it
 * fires, the rule is checked against MongoDB again: a reminder whose task was done, whose date
 * moved or whose timer was cancelled sends nothing. Whatever Redis loses is scheduled again from
 * MongoDB by the next scan (at worker start and every few minutes).
 *
 * Missing consent is not a rule here: it is the process's own timer (BoundaryEvent_ConsentReminder,
 * R/P7D on "Obtain consent"), which e-mails the person each time it fires
 * (server/notifications/process-messages.ts); the KE's task has its reminders here like any task.
 */
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { Model } from 'mongoose';
import type { CaseDoc } from '../cases/models.js';
import { individualPlanElements } from '../definitions/process-contract.js';
import type { DocumentLanguage } from '../documents/index.js';
import type { TaskDoc, TimerDoc } from '../engine/index.js';
import type { UserDoc } from '../users/model.js';
import type { MeetingSource } from './meetings.js';
import type { NotificationKind } from './messages.js';
import { batchedById, findAll, remembered } from './batch.js';
import { batchedNotifier, type NewNotification, type NotifierDeps } from './notifier.js';
import type { PlanActivitySource } from './plan-activity.js';

/** Every reminder setting, in one place. */
export const reminderSettings = {
  /** A task due within this many days reminds its assignee (or its candidate group). */
  taskDueSoonDays: 2,
  /** An overdue task reminds again every day … */
  overdueRepeatDays: 1,
  /** … and from this many days overdue, the unit's lead too. */
  overdueEscalateAfterDays: 3,
  /** A review timer reminds the coordinator this many days before it is due. */
  reviewDueSoonDays: 14,
  /** The process timers of the periodic review and of the interim reply (element ids in processes/). */
  reviewTimerElementIds: [individualPlanElements.reviewDue],
  interimReplyTimerElementIds: [individualPlanElements.interimReplyDue],
  /** The unit is told this many days before an interim reply falls due. */
  interimReplyNoticeDays: 3,
  /** Members of a responsibility group are told this many hours before its meeting starts. */
  meetingNoticeHours: 24,
  /**
   * Recipients (a user's address and language, a group's or a unit's leads) are remembered this
   * long by a reminder worker, so a worker firing many reminders does not read the same staff again
   * for each; a change to a user (deactivated, new address or language) reaches reminders within it.
   */
  recipientCacheSeconds: 30,
  /** A plan with no activity for this many days reminds its coordinator and the unit's lead. */
  planInactiveDays: 60,
  /** The tasks that show a case has a plan (processes/individual-plan.bpmn). */
  planTaskElementIds: [individualPlanElements.draftPlan, individualPlanElements.approvePlan, individualPlanElements.reviewPlan],
} as const;

export const reminderQueueName = 'reminders';

export type ReminderRule = 'task-due-soon' | 'task-overdue' | 'follow-up' | 'review-due' | 'interim-reply-due' | 'meeting-tomorrow' | 'plan-inactive';

export interface ReminderJobData {
  readonly rule: ReminderRule;
  /** The task's, the timer's or the meeting's id; the case id for a plan. */
  readonly subjectId: string;
  /** The date the reminder was scheduled from (due date, follow-up date, timer due time, meeting start, last plan activity), ISO. */
  readonly basis: string;
  /** When it fires, ISO. */
  readonly fireAt: string;
  /** Overdue reminders: days overdue (0 on the due date). */
  readonly day?: number;
  /**
   * Task reminders: the task's assignee when it was scheduled, read together with the task when the
   * reminder fires (one round trip less); someone else assigned since is read after the task.
   */
  readonly assignee?: string;
}

export const reminderJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: { age: 30 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export function createReminderQueue(connection: ConnectionOptions, prefix?: string): Queue<ReminderJobData> {
  return new Queue<ReminderJobData>(reminderQueueName, { connection, ...(prefix ? { prefix } : {}) });
}

export function reminderJobId(data: Pick<ReminderJobData, 'rule' | 'subjectId' | 'basis' | 'day'>): string {
  return [data.rule, data.subjectId, String(new Date(data.basis).getTime()), ...(data.day !== undefined ? [String(data.day)] : [])].join('-').replace(/:/g, '_');
}

export interface ReminderDeps {
  readonly tasks: Model<TaskDoc>;
  readonly timers: Model<TimerDoc>;
  readonly cases: Model<CaseDoc>;
  readonly users: Model<UserDoc>;
  readonly queue: Queue<ReminderJobData>;
  readonly notifier: NotifierDeps;
  readonly now: () => Date;
  /** Responsibility-group meetings (server/notifications/meetings.ts); without it, no meeting reminders. */
  readonly meetings?: MeetingSource;
  /** Plans' last activity (server/notifications/plan-activity.ts); without it, no inactive-plan reminders. */
  readonly plans?: PlanActivitySource;
}

const day = 86_400_000;
const openStatuses: TaskDoc['status'][] = ['open', 'claimed'];

async function schedule(deps: ReminderDeps, data: ReminderJobData): Promise<void> {
  const delay = Math.max(0, new Date(data.fireAt).getTime() - deps.now().getTime());
  await deps.queue.add(data.rule, data, { ...reminderJobOptions, jobId: reminderJobId(data), delay });
}

/** The assignee, as a task reminder carries it. */
function assigneeOf(task: Pick<TaskDoc, 'assignee'>): { assignee?: string } {
  return task.assignee ? { assignee: task.assignee } : {};
}

function overdueReminder(task: Pick<TaskDoc, '_id' | 'dueDate' | 'assignee'>, dayNumber: number): ReminderJobData {
  const due = task.dueDate!;
  const fireAt = new Date(due.getTime() + dayNumber * reminderSettings.overdueRepeatDays * day).toISOString();
  return { rule: 'task-overdue', subjectId: task._id, basis: due.toISOString(), fireAt, day: dayNumber, ...assigneeOf(task) };
}

/**
 * Schedules the reminders of every open task and running review or interim-reply timer from
 * MongoDB. Idempotent; run in full at worker start (Redis may have lost its jobs), and every few
 * minutes for the tasks and timers created since the last scans.
 */
export async function scheduleReminders(deps: ReminderDeps, options: { createdSince?: Date } = {}): Promise<number> {
  const now = deps.now();
  let scheduled = 0;
  const since = options.createdSince ? { createdAt: { $gte: options.createdSince } } : {};
  const tasks = deps.tasks
    .find({ ...since, status: { $in: openStatuses }, $or: [{ dueDate: { $ne: null } }, { followUpDate: { $ne: null } }] }, { dueDate: 1, followUpDate: 1, assignee: 1 })
    .lean<Pick<TaskDoc, '_id' | 'dueDate' | 'followUpDate' | 'assignee'>[]>()
    .cursor();
  for await (const task of tasks) {
    if (task.dueDate) {
      const dueSoon = new Date(task.dueDate.getTime() - reminderSettings.taskDueSoonDays * day);
      if (task.dueDate > now) {
        await schedule(deps, { rule: 'task-due-soon', subjectId: task._id, basis: task.dueDate.toISOString(), fireAt: dueSoon.toISOString(), ...assigneeOf(task) });
        scheduled++;
      }
      // The overdue reminder that is next (or due now): later ones are scheduled as each one fires.
      const daysOverdue = Math.max(0, Math.floor((now.getTime() - task.dueDate.getTime()) / (reminderSettings.overdueRepeatDays * day)));
      await schedule(deps, overdueReminder(task, daysOverdue));
      scheduled++;
    }
    if (task.followUpDate && task.followUpDate > new Date(now.getTime() - day)) {
      await schedule(deps, { rule: 'follow-up', subjectId: task._id, basis: task.followUpDate.toISOString(), fireAt: task.followUpDate.toISOString(), ...assigneeOf(task) });
      scheduled++;
    }
  }
  const timerIds = [...reminderSettings.reviewTimerElementIds, ...reminderSettings.interimReplyTimerElementIds];
  const timers = await deps.timers.find({ ...since, status: 'scheduled', elementId: { $in: timerIds } }, { elementId: 1, dueAt: 1 }).lean<Pick<TimerDoc, '_id' | 'elementId' | 'dueAt'>[]>();
  for (const timer of timers) {
    const review = (reminderSettings.reviewTimerElementIds as readonly string[]).includes(timer.elementId);
    const rule: ReminderRule = review ? 'review-due' : 'interim-reply-due';
    const ahead = review ? reminderSettings.reviewDueSoonDays : reminderSettings.interimReplyNoticeDays;
    const fireAt = new Date(timer.dueAt.getTime() - ahead * day);
    if (timer.dueAt <= now) continue;
    await schedule(deps, { rule, subjectId: timer._id, basis: timer.dueAt.toISOString(), fireAt: fireAt.toISOString() });
    scheduled++;
  }
  if (deps.meetings) {
    // Meetings in the coming days (every scan looks this far ahead, so a meeting is never missed).
    const ahead = reminderSettings.meetingNoticeHours * 3_600_000 + 2 * day;
    for (const meeting of await deps.meetings.startingBetween(now, new Date(now.getTime() + ahead))) {
      await schedule(deps, meetingReminder(meeting));
      scheduled++;
    }
  }
  if (deps.plans) {
    for (const plan of await deps.plans.activePlans()) {
      await schedule(deps, planInactiveReminder(plan.caseId, plan.lastActivityAt));
      scheduled++;
    }
  }
  return scheduled;
}

function meetingReminder(meeting: { id: string; startsAt: Date }): ReminderJobData {
  const fireAt = new Date(meeting.startsAt.getTime() - reminderSettings.meetingNoticeHours * 3_600_000);
  return { rule: 'meeting-tomorrow', subjectId: meeting.id, basis: meeting.startsAt.toISOString(), fireAt: fireAt.toISOString() };
}

function planInactiveReminder(caseId: string, lastActivityAt: Date): ReminderJobData {
  const fireAt = new Date(lastActivityAt.getTime() + reminderSettings.planInactiveDays * day);
  return { rule: 'plan-inactive', subjectId: caseId, basis: lastActivityAt.toISOString(), fireAt: fireAt.toISOString() };
}

export type ReminderOutcome = { readonly outcome: 'sent'; readonly recipients: number } | { readonly outcome: 'not-due'; readonly fireAt: Date } | { readonly outcome: 'no-longer-applies' };

interface Recipient {
  readonly userId: string;
  readonly email: string | null;
  readonly language: DocumentLanguage;
}

/**
 * Staff are reached at their work e-mail, or at their login when it is an e-mail address
 * (OIDC_STAFF_LOGIN_CLAIM=email, the default), in the language they chose (Bokmål by default).
 */
function recipient(user: Pick<UserDoc, '_id' | 'login' | 'email' | 'language'>): Recipient {
  const email = user.email?.includes('@') ? user.email : user.login?.includes('@') ? user.login : null;
  return { userId: user._id, email, language: user.language ?? 'nb' };
}

/**
 * The lookups and writes of the reminders a worker fires at once, batched: one query for their
 * tasks, one for their cases, one for their assignees, one insert for their notifications.
 * Recipients are remembered briefly (reminderSettings.recipientCacheSeconds).
 */
interface Batched {
  task(id: string): Promise<TaskDoc | null>;
  caseDoc(id: string): Promise<CaseDoc | null>;
  user(id: string): Promise<Recipient | null>;
  /** The active users matching a filter (a candidate group of a unit, a unit's leads, a group's members). */
  activeUsers(filter: Record<string, unknown>): Promise<Recipient[]>;
  notify(input: NewNotification): Promise<void>;
}

const recipientFields = { login: 1, email: 1, language: 1 } as const;

/** A driver filter on string ids (the driver's types expect ObjectIds). */
function byIds(ids: readonly string[], more: Record<string, unknown> = {}): Record<string, unknown> {
  return { _id: { $in: ids }, ...more };
}
const batchedOf = new WeakMap<ReminderDeps, Batched>();

function batched(deps: ReminderDeps): Batched {
  let found = batchedOf.get(deps);
  if (!found) {
    // Tasks and users are read with plain find commands (their string ids need no casting).
    const ttlMs = reminderSettings.recipientCacheSeconds * 1000;
    const batchedUser = batchedById((ids) => findAll<Pick<UserDoc, '_id' | 'login' | 'email' | 'language'>>(deps.users, byIds(ids, { active: true }), recipientFields));
    const user = remembered(ttlMs, deps.now, async (id) => {
      const doc = await batchedUser(id);
      return doc ? recipient(doc) : null;
    });
    const usersMatching = remembered(ttlMs, deps.now, async (filter) => {
      const users = await findAll<Pick<UserDoc, '_id' | 'login' | 'email' | 'language'>>(deps.users, { ...(JSON.parse(filter) as Record<string, unknown>), active: true }, recipientFields);
      return users.map(recipient);
    });
    found = {
      task: batchedById((ids) => findAll<TaskDoc>(deps.tasks, byIds(ids), { status: 1, caseId: 1, assignee: 1, candidateGroups: 1, dueDate: 1, followUpDate: 1 })),
      caseDoc: batchedById((ids) => deps.cases.find({ _id: { $in: ids } }, { unitId: 1, coordinatorId: 1, groupMemberIds: 1, closedAt: 1 }).batchSize(ids.length).lean<CaseDoc[]>()),
      user,
      activeUsers: (filter) => usersMatching(JSON.stringify(filter)),
      notify: batchedNotifier(deps.notifier),
    };
    batchedOf.set(deps, found);
  }
  return found;
}

async function userById(deps: ReminderDeps, id: string): Promise<Recipient[]> {
  const user = await batched(deps).user(id);
  return user ? [user] : [];
}

async function activeUsers(deps: ReminderDeps, filter: Record<string, unknown>): Promise<Recipient[]> {
  return batched(deps).activeUsers(filter);
}

/** The assignee, or the members of the task's candidate groups in the case's unit. */
async function taskRecipients(deps: ReminderDeps, task: TaskDoc, unitId: string | undefined): Promise<Recipient[]> {
  if (task.assignee) return userById(deps, task.assignee);
  const groups = task.candidateGroups.filter((group) => group !== 'citizen');
  if (groups.length === 0 || !unitId) return [];
  return activeUsers(deps, { role: { $in: groups }, unitId });
}

async function unitOf(deps: ReminderDeps, caseId: string): Promise<CaseDoc | null> {
  if (!/^[0-9a-f]{24}$/i.test(caseId)) return null;
  return batched(deps).caseDoc(caseId);
}

async function send(deps: ReminderDeps, data: ReminderJobData, kind: NotificationKind, caseId: string, recipients: Recipient[], path: string): Promise<ReminderOutcome> {
  const unique = [...new Map(recipients.map((r) => [r.userId, r])).values()];
  await Promise.all(
    unique.map((to) =>
      batched(deps).notify({ key: `${reminderJobId(data)}-${kind}-${to.userId}`, kind, caseId, to: { userId: to.userId, email: to.email }, language: to.language, path }),
    ),
  );
  return { outcome: 'sent', recipients: unique.length };
}

/** Fires one reminder: checks that it is due and still applies, then notifies its recipients once each. */
export async function fireReminder(deps: ReminderDeps, data: ReminderJobData): Promise<ReminderOutcome> {
  const fireAt = new Date(data.fireAt);
  if (fireAt > deps.now()) return { outcome: 'not-due', fireAt };
  const basis = new Date(data.basis).getTime();
  if (data.rule === 'review-due' || data.rule === 'interim-reply-due') {
    const timer = await deps.timers.findById(data.subjectId).lean<TimerDoc>();
    if (!timer || timer.status !== 'scheduled' || timer.dueAt.getTime() !== basis) return { outcome: 'no-longer-applies' };
    const caseDoc = await unitOf(deps, timer.caseId);
    if (!caseDoc) return { outcome: 'no-longer-applies' };
    const recipients =
      data.rule === 'review-due'
        ? caseDoc.coordinatorId
          ? await userById(deps, caseDoc.coordinatorId)
          : []
        : await activeUsers(deps, { role: 'ke-caseworker', unitId: caseDoc.unitId });
    return send(deps, data, data.rule, timer.caseId, recipients, `/saker/${timer.caseId}`);
  }
  if (data.rule === 'meeting-tomorrow') {
    const meeting = await deps.meetings?.meeting(data.subjectId);
    if (!meeting || meeting.startsAt.getTime() !== basis || meeting.startsAt <= deps.now()) return { outcome: 'no-longer-applies' };
    const caseDoc = await unitOf(deps, meeting.caseId);
    if (!caseDoc || caseDoc.closedAt) return { outcome: 'no-longer-applies' };
    const members = [...(caseDoc.groupMemberIds ?? []), ...(caseDoc.coordinatorId ? [caseDoc.coordinatorId] : [])];
    const recipients = members.length > 0 ? await activeUsers(deps, { _id: { $in: members } }) : [];
    return send(deps, data, 'meeting-tomorrow', meeting.caseId, recipients, `/saker/${meeting.caseId}`);
  }
  if (data.rule === 'plan-inactive') {
    const last = await deps.plans?.lastActivity(data.subjectId);
    if (!last || last.getTime() !== basis) return { outcome: 'no-longer-applies' };
    const caseDoc = await unitOf(deps, data.subjectId);
    if (!caseDoc) return { outcome: 'no-longer-applies' };
    const [coordinator, leads] = await Promise.all([
      caseDoc.coordinatorId ? userById(deps, caseDoc.coordinatorId) : Promise.resolve([]),
      activeUsers(deps, { role: 'ke-caseworker', lead: true, unitId: caseDoc.unitId }),
    ]);
    return send(deps, data, 'plan-inactive', data.subjectId, [...coordinator, ...leads], `/saker/${data.subjectId}`);
  }
  // The assignee it was scheduled for is read in the same round trip as the task.
  const scheduledFor = data.assignee ? batched(deps).user(data.assignee) : undefined;
  scheduledFor?.catch(() => undefined);
  const task = await batched(deps).task(data.subjectId);
  if (!task || !openStatuses.includes(task.status)) return { outcome: 'no-longer-applies' };
  const date = data.rule === 'follow-up' ? task.followUpDate : task.dueDate;
  if (!date || date.getTime() !== basis) return { outcome: 'no-longer-applies' };
  const dayNumber = data.day ?? 0;
  const escalates = data.rule === 'task-overdue' && dayNumber >= reminderSettings.overdueEscalateAfterDays;
  // The case's unit is needed only for the group's members (no assignee) and for the unit's lead;
  // when needed, it is read together with the assignee.
  const [caseDoc, assignee] = await Promise.all([
    !task.assignee || escalates ? unitOf(deps, task.caseId) : null,
    task.assignee ? (task.assignee === data.assignee && scheduledFor ? scheduledFor.then((user) => (user ? [user] : [])) : userById(deps, task.assignee)) : undefined,
  ]);
  const recipients = assignee ?? (await taskRecipients(deps, task, caseDoc?.unitId));
  const path = `/oppgaver/${encodeURIComponent(task._id)}`;
  if (data.rule !== 'task-overdue') return send(deps, data, data.rule, task.caseId, recipients, path);

  // The next day's reminder first: if this one is retried, the next is not lost.
  await schedule(deps, overdueReminder(task, dayNumber + 1));
  const result = await send(deps, data, 'task-overdue', task.caseId, recipients, path);
  if (escalates && caseDoc) {
    const leads = await activeUsers(deps, { role: 'ke-caseworker', lead: true, unitId: caseDoc.unitId });
    await send(deps, data, 'task-overdue-escalated', task.caseId, leads, path);
  }
  return result;
}
