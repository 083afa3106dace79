import { Types } from 'mongoose';
import { dueSoonDays, type DueState, type TaskActions, type TaskListItem } from '../../contract/tasks.js';
import type { SessionUser } from '../auth/types.js';
import type { CaseDoc, CaseModels } from '../cases/models.js';
import type { TaskDoc } from '../engine/models/index.js';
import { can, type TaskFacts } from '../policies/index.js';
import { userModel } from '../users/model.js';

/** What the mapper reads about a task's case: the labels' source, and its coordinator for the rules. */
export type TaskCase = Pick<CaseDoc, '_id' | 'unitId' | 'caseNumber' | 'person' | 'coordinatorId'>;

const dayMs = 86_400_000;

export function dueState(dueDate: Date | null | undefined, now: Date): DueState {
  if (!dueDate) return null;
  if (dueDate.getTime() < now.getTime()) return 'overdue';
  return dueDate.getTime() < now.getTime() + dueSoonDays * dayMs ? 'due-soon' : null;
}

/** The access facts of a task; the case (when loaded) is the authority on unit and coordinator. */
export function taskFacts(task: Pick<TaskDoc, 'labels' | 'candidateGroups' | 'assignee'>, theCase: TaskCase | null | undefined): TaskFacts {
  return {
    unitId: theCase?.unitId ?? task.labels?.unitId ?? null,
    candidateGroups: task.candidateGroups ?? [],
    assignee: task.assignee ?? null,
    caseCoordinatorId: theCase?.coordinatorId ?? null,
  };
}

/** What the user may do on the task now: the rules, and the task's state (claim only what waits in the queue). */
export function taskActions(user: SessionUser, task: Pick<TaskDoc, 'status'>, facts: TaskFacts): TaskActions {
  const live = task.status === 'open' || task.status === 'claimed';
  return {
    claim: task.status === 'open' && can(user, 'claim', 'task', facts),
    unclaim: task.status === 'claimed' && can(user, 'unclaim', 'task', facts),
    assign: live && can(user, 'assign', 'task', facts),
    complete: task.status === 'claimed' && can(user, 'complete', 'task', facts),
  };
}

export interface TaskItemContext {
  readonly user: SessionUser;
  readonly now: Date;
  /** Names of the assignees, by user id. */
  readonly userNames: ReadonlyMap<string, string>;
  /** The tasks' cases, by case id (hex). */
  readonly cases: ReadonlyMap<string, TaskCase>;
}

/** One task as a work-queue row (open and claimed tasks; a completed one maps too, with no actions). */
export function toTaskListItem(task: TaskDoc, context: TaskItemContext): TaskListItem {
  const theCase = context.cases.get(task.caseId);
  const facts = taskFacts(task, theCase);
  return {
    id: task._id,
    formKey: task.formKey ?? null,
    name: task.name ?? null,
    elementId: task.elementId,
    caseId: task.caseId,
    caseNumber: theCase?.caseNumber ?? task.labels?.caseNumber ?? '',
    personName: theCase?.person.name ?? task.labels?.personName ?? '',
    status: task.status === 'claimed' ? 'claimed' : 'open',
    assignee: task.assignee ? { id: task.assignee, name: context.userNames.get(task.assignee) ?? task.assignee } : null,
    candidateGroups: task.candidateGroups ?? [],
    dueDate: task.dueDate?.toISOString() ?? null,
    followUpDate: task.followUpDate?.toISOString() ?? null,
    createdAt: task.createdAt.toISOString(),
    due: dueState(task.dueDate, context.now),
    actions: taskActions(context.user, task, facts),
  };
}

/** The cases of these tasks, by case id. */
export async function casesOfTasks(models: Pick<CaseModels, 'Case'>, tasks: readonly Pick<TaskDoc, 'caseId'>[]): Promise<Map<string, TaskCase>> {
  const ids = [...new Set(tasks.map((task) => task.caseId))].filter((id) => /^[0-9a-f]{24}$/i.test(id)).map((id) => new Types.ObjectId(id));
  if (ids.length === 0) return new Map();
  const docs = await models.Case.find({ _id: { $in: ids } }, { unitId: 1, caseNumber: 1, person: 1, coordinatorId: 1 }).lean<TaskCase[]>();
  return new Map(docs.map((doc) => [doc._id.toHexString(), doc]));
}

/** Display names of users, by id (unknown ids are left out). */
export async function userNames(models: Pick<CaseModels, 'Case'>, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const docs = await userModel(models.Case.db).find({ _id: { $in: wanted } }, { name: 1 }).lean<{ _id: string; name: string }[]>();
  return new Map(docs.map((doc) => [doc._id, doc.name]));
}

/**
 * Tasks as work-queue rows for the signed-in user, with assignee names and the actions the rules
 * allow; for the queue and for a case's open tasks on the staff case page. The caller has checked
 * that the user may read each task.
 */
export async function toTaskListItems(
  ctx: { readonly models: Pick<CaseModels, 'Case'> },
  user: SessionUser,
  tasks: readonly TaskDoc[],
  now: Date = new Date(),
): Promise<TaskListItem[]> {
  const [cases, names] = await Promise.all([
    casesOfTasks(ctx.models, tasks),
    userNames(ctx.models, tasks.flatMap((task) => (task.assignee ? [task.assignee] : []))),
  ]);
  return tasks.map((task) => toTaskListItem(task, { user, now, userNames: names, cases }));
}
