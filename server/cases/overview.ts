import { caseFlags, overviewDefaults, type CaseFlag, type Figure, type OverviewAnswer } from '../../contract/overview.js';
import { todayInNorway } from '../../forms/national-id.js';
import { engineModels, type InstanceDoc, type TaskDoc, type TimerDoc } from '../engine/models/index.js';
import type { InstanceView } from '../engine/types.js';
import { userModel } from '../users/model.js';
import type { CaseCommandContext } from './context.js';
import type { CaseDoc } from './models.js';
import { stageOf } from './staff-view.js';
import { caseStages, isClosedStage, type CaseStage } from './status.js';

/**
 * The coordinating unit's overview: what each case signals (its stage, its decision, when its
 * coordinator was appointed and its plan approved, when its review is due, when a person last did
 * something on it), the rules that flag a case, and the figures counted with those same rules. The
 * staff case list filters with `caseHasFlag`, so a number and the list behind it always agree.
 */

export interface OverviewSettings {
  readonly now: Date;
  /** The period, days in Norway (YYYY-MM-DD), both ends included. */
  readonly from: string;
  readonly to: string;
  /** The day people with an active plan are counted at. */
  readonly at: string;
  readonly reviewSoonDays: number;
  readonly interimReplyDays: number;
  readonly inactiveDays: number;
}

export interface CaseSignals {
  readonly doc: CaseDoc;
  readonly stage: CaseStage;
  readonly closed: boolean;
  /** The need assessment: the decision date (the form's `decidedOn`, else the day it was completed) and whether it granted anything. */
  readonly decision: { readonly day: string; readonly granted: boolean } | null;
  /** The first coordinator appointment completed. */
  readonly appointedAt: Date | null;
  /** The first approval of the plan by the person. */
  readonly planApprovedAt: Date | null;
  /** When the case was closed (or its process ended). */
  readonly closedAt: Date | null;
  /** The open review task's due date, or the review timer's time while the plan waits for it. */
  readonly reviewDueAt: Date | null;
  /** The interim reply's timer, while it waits. */
  readonly interimReplyDueAt: Date | null;
  /** The last time a person did something on the case (a task completed, a step taken), or its receipt. */
  readonly lastActivityAt: Date;
}

const dayMs = 86_400_000;
const reviewTimer = 'Event_ReviewDue';
const interimReplyTimer = 'BoundaryEvent_InterimReplyDue';

/** The period the overview counts when none is asked for: this year to today. */
export function defaultPeriod(now: Date): { from: string; to: string } {
  const today = todayInNorway(now);
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

export function overviewSettings(now: Date, input: { from?: string; to?: string; at?: string; inactiveDays?: number } = {}): OverviewSettings {
  const period = defaultPeriod(now);
  const from = input.from ?? period.from;
  const to = input.to ?? period.to;
  return {
    now,
    from,
    to,
    at: input.at ?? to,
    reviewSoonDays: overviewDefaults.reviewSoonDays,
    interimReplyDays: overviewDefaults.interimReplyDays,
    inactiveDays: input.inactiveDays ?? overviewDefaults.inactiveDays,
  };
}

const dayOf = (date: Date) => todayInNorway(date);
const within = (day: string, s: OverviewSettings) => day >= s.from && day <= s.to;

/** Whether the case carries the flag (contract/overview.ts says what each means). */
export function caseHasFlag(c: CaseSignals, flag: CaseFlag, s: OverviewSettings): boolean {
  const open = !c.closed;
  const now = s.now.getTime();
  switch (flag) {
    case 'waiting-assessment':
      return open && c.stage === 'assessing';
    case 'interim-reply-due':
      return open && c.decision === null && c.interimReplyDueAt !== null && c.interimReplyDueAt.getTime() < now + s.interimReplyDays * dayMs;
    case 'no-coordinator':
      return open && c.decision?.granted === true && !c.doc.coordinatorId;
    case 'review-overdue':
      return open && c.reviewDueAt !== null && c.reviewDueAt.getTime() < now;
    case 'review-due-soon':
      return open && c.reviewDueAt !== null && c.reviewDueAt.getTime() >= now && c.reviewDueAt.getTime() < now + s.reviewSoonDays * dayMs;
    case 'inactive':
      return open && c.planApprovedAt !== null && c.lastActivityAt.getTime() < now - s.inactiveDays * dayMs;
    case 'received':
      return within(dayOf(c.doc.createdAt), s);
    case 'granted':
      return c.decision !== null && c.decision.granted && within(c.decision.day, s);
    case 'rejected':
      return c.decision !== null && !c.decision.granted && within(c.decision.day, s);
    case 'appointed':
      return c.appointedAt !== null && within(dayOf(c.appointedAt), s);
    case 'active-plan':
      return c.planApprovedAt !== null && dayOf(c.planApprovedAt) <= s.at && (c.closedAt === null || dayOf(c.closedAt) > s.at);
  }
}

type InstanceSignals = Pick<InstanceDoc, '_id' | 'status' | 'active' | 'history' | 'endedAt'>;
type TaskSignals = Pick<TaskDoc, 'caseId' | 'elementId' | 'formKey' | 'status' | 'dueDate' | 'closedAt' | 'completedBy' | 'output'>;

const isPerson = (id: string | undefined) => typeof id === 'string' && id !== '' && !id.startsWith('system');

/** What each case signals, read in four queries (cases given, their instances, tasks and waiting timers). */
export async function caseSignals(ctx: Pick<CaseCommandContext, 'models'>, docs: readonly CaseDoc[]): Promise<CaseSignals[]> {
  if (docs.length === 0) return [];
  const { Instance, Task, Timer } = engineModels(ctx.models.Case.db);
  const caseIds = docs.map((d) => d._id.toHexString());
  const instanceIds = docs.filter((d) => d.processStartedAt).map((d) => d.instanceId);
  const [instances, tasks, timers] = await Promise.all([
    instanceIds.length === 0
      ? Promise.resolve([] as InstanceSignals[])
      : Instance.find(
          { _id: { $in: instanceIds } },
          { _id: 1, status: 1, active: 1, endedAt: 1, 'history.elementId': 1, 'history.elementType': 1, 'history.outcome': 1, 'history.endedAt': 1, 'history.by': 1 },
        ).lean<InstanceSignals[]>(),
    Task.find(
      { caseId: { $in: caseIds }, formKey: { $in: ['need-assessment', 'coordinator-appointment', 'plan-approval', 'review'] } },
      { caseId: 1, elementId: 1, formKey: 1, status: 1, dueDate: 1, closedAt: 1, completedBy: 1, 'output.decision': 1, 'output.decidedOn': 1, 'output.approved': 1 },
    ).lean<TaskSignals[]>(),
    Timer.find({ caseId: { $in: caseIds }, status: 'scheduled', elementId: { $in: [reviewTimer, interimReplyTimer] } }, { caseId: 1, elementId: 1, dueAt: 1 }).lean<
      Pick<TimerDoc, 'caseId' | 'elementId' | 'dueAt'>[]
    >(),
  ]);
  const instanceById = new Map(instances.map((i) => [i._id, i]));
  const tasksByCase = groupBy(tasks, (t) => t.caseId);
  const timersByCase = groupBy(timers, (t) => t.caseId);
  return docs.map((doc) => {
    const id = doc._id.toHexString();
    const instance = instanceById.get(doc.instanceId) ?? null;
    const stage = stageOf(doc, instance as unknown as InstanceView | null);
    const caseTasks = (tasksByCase.get(id) ?? []).filter((t) => t.status === 'completed' && t.closedAt).sort((a, b) => a.closedAt!.getTime() - b.closedAt!.getTime());
    const assessment = caseTasks.find((t) => t.formKey === 'need-assessment');
    const decided = assessment?.output?.decision;
    const decidedOn = assessment?.output?.decidedOn;
    const openReview = (tasksByCase.get(id) ?? []).find((t) => t.formKey === 'review' && (t.status === 'open' || t.status === 'claimed'));
    const caseTimers = timersByCase.get(id) ?? [];
    const closed = doc.closedAt !== null || isClosedStage(stage);
    const activity = [
      doc.createdAt.getTime(),
      ...caseTasks.filter((t) => isPerson(t.completedBy)).map((t) => t.closedAt!.getTime()),
      ...(instance?.history ?? []).filter((h) => h.outcome === 'completed' && isPerson(h.by)).map((h) => new Date(h.endedAt).getTime()),
      ...(doc.consentHistory ?? []).map((change) => new Date(change.at).getTime()),
    ];
    return {
      doc,
      stage,
      closed,
      decision:
        assessment && typeof decided === 'string'
          ? { day: typeof decidedOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(decidedOn) ? decidedOn : dayOf(assessment.closedAt!), granted: decided !== 'reject' }
          : null,
      appointedAt: caseTasks.find((t) => t.formKey === 'coordinator-appointment')?.closedAt ?? null,
      planApprovedAt: caseTasks.find((t) => t.formKey === 'plan-approval' && t.output?.approved === true)?.closedAt ?? null,
      closedAt: doc.closedAt ?? (closed ? (instance?.endedAt ?? null) : null),
      reviewDueAt: openReview?.dueDate ?? caseTimers.find((t) => t.elementId === reviewTimer)?.dueAt ?? null,
      interimReplyDueAt: caseTimers.find((t) => t.elementId === interimReplyTimer)?.dueAt ?? null,
      lastActivityAt: new Date(Math.max(...activity)),
    };
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Median of numbers (the mean of the middle two for an even count); null without any. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The query string of the staff case list behind a flag, with the settings the flag depends on. */
export function flagLink(flag: CaseFlag, s: OverviewSettings): string {
  const params = new URLSearchParams({ flag });
  if (flag === 'active-plan') params.set('at', s.at);
  else if (['received', 'granted', 'rejected', 'appointed'].includes(flag)) {
    params.set('from', s.from);
    params.set('to', s.to);
  } else if (flag === 'inactive' && s.inactiveDays !== overviewDefaults.inactiveDays) params.set('inactiveDays', String(s.inactiveDays));
  return `/saker?${params.toString()}`;
}

/** The unit's overview (the route has authorized it). */
export async function unitOverview(ctx: Pick<CaseCommandContext, 'models'>, unitId: string, s: OverviewSettings): Promise<OverviewAnswer> {
  const docs = await ctx.models.Case.find({ unitId }).lean<CaseDoc[]>();
  const signals = await caseSignals(ctx, docs);
  const flagged = Object.fromEntries(caseFlags.map((flag) => [flag, signals.filter((c) => caseHasFlag(c, flag, s))])) as Record<CaseFlag, CaseSignals[]>;
  const figure = (flag: CaseFlag): Figure => ({ count: flagged[flag].length, link: flagLink(flag, s) });
  const open = signals.filter((c) => !c.closed);

  const stageCounts = new Map<CaseStage, number>();
  for (const c of open) stageCounts.set(c.stage, (stageCounts.get(c.stage) ?? 0) + 1);
  const waitedDays = flagged['waiting-assessment'].map((c) => Math.floor((s.now.getTime() - c.doc.createdAt.getTime()) / dayMs));

  const coordinators = await userModel(ctx.models.Case.db)
    .find({ role: 'coordinator', unitId, active: true }, { _id: 1, name: 1 })
    .lean<{ _id: string; name: string }[]>();
  const openPerCoordinator = new Map<string, number>();
  for (const c of open) if (c.doc.coordinatorId) openPerCoordinator.set(c.doc.coordinatorId, (openPerCoordinator.get(c.doc.coordinatorId) ?? 0) + 1);

  const toCoordinatorDays = flagged.appointed.map((c) => (c.appointedAt!.getTime() - c.doc.createdAt.getTime()) / dayMs);
  const medianDays = median(toCoordinatorDays);
  const people = new Set(flagged['active-plan'].map((c) => c.doc.person.nationalId));

  return {
    unitId,
    generatedAt: s.now.toISOString(),
    settings: { reviewSoonDays: s.reviewSoonDays, interimReplyDays: s.interimReplyDays, inactiveDays: s.inactiveDays },
    byStage: caseStages.filter((stage) => stageCounts.has(stage)).map((stage) => ({ stage, count: stageCounts.get(stage)!, link: `/saker?${new URLSearchParams({ stage, status: 'open' })}` })),
    openCases: { count: open.length, link: '/saker?status=open' },
    closedCases: { count: signals.length - open.length, link: '/saker?status=closed' },
    waitingAssessment: { ...figure('waiting-assessment'), oldestDays: waitedDays.length > 0 ? Math.max(...waitedDays) : null, medianDays: median(waitedDays) },
    interimRepliesDue: figure('interim-reply-due'),
    withoutCoordinator: figure('no-coordinator'),
    reviewOverdue: figure('review-overdue'),
    reviewDueSoon: figure('review-due-soon'),
    inactive: figure('inactive'),
    coordinators: coordinators
      .map((u) => ({ id: u._id, name: u.name, count: openPerCoordinator.get(u._id) ?? 0, link: `/saker?${new URLSearchParams({ coordinator: u._id, status: 'open' })}` }))
      .sort((a, b) => a.count - b.count || a.name.localeCompare(b.name, 'nb')),
    period: {
      from: s.from,
      to: s.to,
      at: s.at,
      received: figure('received'),
      granted: figure('granted'),
      rejected: figure('rejected'),
      medianDaysToCoordinator: { ...figure('appointed'), days: medianDays === null ? null : Math.round(medianDays * 10) / 10 },
      peopleWithActivePlan: { count: people.size, link: flagLink('active-plan', s) },
    },
  };
}
