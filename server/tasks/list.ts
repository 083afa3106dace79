import { Types } from 'mongoose';
import { dueSoonDays, taskViews, type TaskListAnswer, type TaskViewName } from '../../contract/tasks.js';
import type { SessionUser } from '../auth/types.js';
import type { CaseModels } from '../cases/models.js';
import type { TaskDoc, TaskModel } from '../engine/models/index.js';
import { searchKey } from './labels.js';
import { toTaskListItems } from './items.js';
import type { TaskListParams } from './query.js';

type Filter = Record<string, unknown>;

const live = { $in: ['open', 'claimed'] };
const dayMs = 86_400_000;
const caseNumberPattern = /^IP-\d{4}-\d{6}$/i;

export interface TaskQueryContext {
  readonly models: Pick<CaseModels, 'Case'>;
  readonly Task: TaskModel;
}

/** Who may use the work queue, and which views: KE case workers all, coordinators all but `unit`. */
export function queueViews(user: SessionUser): readonly TaskViewName[] {
  if (user.role === 'ke-caseworker' && user.unitId) return taskViews;
  if (user.role === 'coordinator') return taskViews.filter((view) => view !== 'unit');
  return [];
}

/**
 * The open tasks the user may read (the `task.read` rule as a query): a KE case worker's unit; a
 * coordinator's own tasks and those offered to coordinators on the cases they coordinate.
 */
export async function readableTasks(ctx: TaskQueryContext, user: SessionUser): Promise<Filter | null> {
  if (user.role === 'ke-caseworker' && user.unitId) return { 'labels.unitId': user.unitId, status: live };
  if (user.role !== 'coordinator') return null;
  const coordinated = await ctx.models.Case.find({ coordinatorId: user.id, closedAt: null }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>();
  return {
    status: live,
    $or: [{ assignee: user.id }, { candidateGroups: 'coordinator', caseId: { $in: coordinated.map((c) => c._id.toHexString()) } }],
  };
}

function viewFilter(view: TaskViewName, user: SessionUser, now: Date): Filter {
  switch (view) {
    case 'mine':
      return { assignee: user.id };
    case 'available':
      return { status: 'open', candidateGroups: user.role };
    case 'unit':
      return {};
    case 'overdue':
      return { dueDate: { $lt: now } };
    case 'due-soon':
      return { dueDate: { $gte: now, $lt: new Date(now.getTime() + dueSoonDays * dayMs) } };
  }
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function searchFilters(params: TaskListParams): Filter[] {
  const filters: Filter[] = [];
  if (params.formKey) filters.push({ formKey: params.formKey });
  if (params.caseNumber) filters.push({ 'labels.caseNumber': params.caseNumber.toUpperCase() });
  if (params.dueBefore) filters.push({ dueDate: { $lt: params.dueBefore } });
  if (params.q) {
    if (caseNumberPattern.test(params.q)) filters.push({ 'labels.caseNumber': params.q.toUpperCase() });
    else {
      // A name from the start of any of its words ("orjan", "åsh", "ørjan å"), or a part of a case number.
      const name = searchKey(params.q);
      const byName = name ? [{ 'labels.personSearch': { $regex: ` ${escapeRegex(name)}` } }] : [];
      const byNumber = /^[\dIP-]+$/i.test(params.q) ? [{ 'labels.caseNumber': { $regex: escapeRegex(params.q.toUpperCase()) } }] : [];
      filters.push({ $or: [...byName, ...byNumber, ...(byName.length + byNumber.length === 0 ? [{ _id: null }] : [])] });
    }
  }
  return filters;
}

const sortFields = { dueDate: 'dueDate', followUpDate: 'followUpDate', createdAt: 'createdAt', personName: 'labels.personSort' } as const;

/** All the filters in one, flat where their fields differ (so that an index on the first field can serve it). */
function and(...filters: Filter[]): Filter {
  const merged: Filter = {};
  const rest: Filter[] = [];
  for (const filter of filters) {
    for (const [field, condition] of Object.entries(filter)) {
      if (field in merged) rest.push({ [field]: condition });
      else merged[field] = condition;
    }
  }
  return rest.length > 0 ? { ...merged, $and: rest } : merged;
}

export interface TaskListResult {
  readonly answer: TaskListAnswer;
  /** The page's task documents (for the audit entries of the cases listed). */
  readonly docs: readonly TaskDoc[];
}

/**
 * One page of the user's work queue: the view's tasks with the filters, sorted, with the total
 * and the count of every view under the same filters. Null when the user has no work queue.
 */
export async function listTasks(ctx: TaskQueryContext, user: SessionUser, params: TaskListParams, now: Date = new Date()): Promise<TaskListResult | null> {
  const views = queueViews(user);
  const scope = await readableTasks(ctx, user);
  if (!scope || !views.includes(params.view)) return null;
  const filters = searchFilters(params);
  const query = (view: TaskViewName) => and(scope, viewFilter(view, user, now), ...filters);
  const direction = params.order === 'desc' ? -1 : 1;
  const [docs, ...counted] = await Promise.all([
    ctx.Task.find(query(params.view))
      .sort({ [sortFields[params.sort]]: direction, _id: direction })
      .skip((params.page - 1) * params.pageSize)
      .limit(params.pageSize)
      .lean<TaskDoc[]>(),
    ...taskViews.map((view) => (views.includes(view) ? ctx.Task.countDocuments(query(view)) : Promise.resolve(0))),
  ]);
  const counts = Object.fromEntries(taskViews.map((view, i) => [view, counted[i] ?? 0])) as Record<TaskViewName, number>;
  return {
    answer: { tasks: await toTaskListItems(ctx, user, docs, now), total: counts[params.view], page: params.page, pageSize: params.pageSize, counts },
    docs,
  };
}

/** The user's next task after completing one: their own first (earliest due), then one they may claim. */
export async function nextTaskId(ctx: TaskQueryContext, user: SessionUser, now: Date = new Date()): Promise<string | null> {
  const scope = await readableTasks(ctx, user);
  if (!scope) return null;
  for (const view of ['mine', 'available'] as const) {
    const next = await ctx.Task.findOne(and(scope, viewFilter(view, user, now)), { _id: 1 }).sort({ dueDate: 1, _id: 1 }).lean<{ _id: string }>();
    if (next) return next._id;
  }
  return null;
}
