/**
 * The task commands that do not move the process: claim, unclaim, assign, save a draft, and
 * labelling an instance's tasks. Each is one guarded findOneAndUpdate, so concurrent calls on the
 * same task cannot both win; the loser gets TaskConflictError naming the task's state and assignee.
 */
import { NotFoundError, TaskConflictError } from './errors.js';
import type { EngineModels, TaskDoc } from './models/index.js';
import type { Actor, Clock, TaskLabels, TaskView } from './types.js';

export function toTaskView(doc: TaskDoc): TaskView {
  return {
    id: doc._id,
    instanceId: doc.instanceId,
    caseId: doc.caseId,
    processKey: doc.processKey,
    elementId: doc.elementId,
    ...(doc.name ? { name: doc.name } : {}),
    ...(doc.formKey ? { formKey: doc.formKey } : {}),
    candidateGroups: doc.candidateGroups ?? [],
    candidateUsers: doc.candidateUsers ?? [],
    ...(doc.assignee ? { assignee: doc.assignee } : {}),
    ...(doc.dueDate ? { dueDate: doc.dueDate } : {}),
    ...(doc.followUpDate ? { followUpDate: doc.followUpDate } : {}),
    status: doc.status,
    ...(doc.closedReason ? { closedReason: doc.closedReason } : {}),
    createdAt: doc.createdAt,
    ...(doc.closedAt ? { closedAt: doc.closedAt } : {}),
    ...(doc.completedBy ? { completedBy: doc.completedBy } : {}),
    ...(doc.labels ? { labels: doc.labels } : {}),
    ...(doc.draft ? { draft: doc.draft } : {}),
    ...(doc.draftSavedAt ? { draftSavedAt: doc.draftSavedAt } : {}),
    ...(doc.draftBy ? { draftBy: doc.draftBy } : {}),
  };
}

/** Why a guarded update on a task matched nothing: not found, or a conflict naming its state. */
async function refusal(models: EngineModels, taskId: string, what: string): Promise<never> {
  const task = await models.Task.findById(taskId, { status: 1, assignee: 1, completedBy: 1, closedReason: 1 }).lean<TaskDoc>();
  if (!task) throw new NotFoundError('task', taskId);
  if (task.status === 'completed') throw new TaskConflictError(task._id, task.status, `already completed by ${task.completedBy ?? 'someone'}`, task.completedBy);
  if (task.status === 'closed') throw new TaskConflictError(task._id, task.status, `closed (${task.closedReason ?? 'unknown reason'})`);
  if (task.status === 'claimed') throw new TaskConflictError(task._id, task.status, `claimed by ${task.assignee ?? 'someone'}; cannot ${what}`, task.assignee);
  throw new TaskConflictError(task._id, task.status, `is ${task.status}; cannot ${what}`);
}

export class TaskCommands {
  constructor(
    private readonly models: EngineModels,
    private readonly clock: Clock,
  ) {}

  async claim(input: { taskId: string; actor: Actor }): Promise<TaskView> {
    const claimed = await this.models.Task.findOneAndUpdate(
      { _id: input.taskId, completion: null, $or: [{ status: 'open' }, { status: 'claimed', assignee: input.actor.id }] },
      { $set: { status: 'claimed', assignee: input.actor.id, claimedAt: this.clock.now() } },
      { returnDocument: 'after' },
    ).lean<TaskDoc>();
    return claimed ? toTaskView(claimed) : refusal(this.models, input.taskId, 'claim');
  }

  async unclaim(input: { taskId: string; actor: Actor; assignee?: string }): Promise<TaskView> {
    const released = await this.models.Task.findOneAndUpdate(
      { _id: input.taskId, status: 'claimed', completion: null, ...(input.assignee ? { assignee: input.assignee } : {}) },
      { $set: { status: 'open', assignee: null, claimedAt: null } },
      { returnDocument: 'after' },
    ).lean<TaskDoc>();
    if (released) return toTaskView(released);
    const task = await this.models.Task.findById(input.taskId, { status: 1 }).lean<TaskDoc>();
    if (task?.status === 'open') throw new TaskConflictError(task._id, task.status, 'is open, not claimed');
    return refusal(this.models, input.taskId, 'unclaim');
  }

  async assign(input: { taskId: string; userId: string; actor: Actor; from?: string }): Promise<TaskView> {
    const assigned = await this.models.Task.findOneAndUpdate(
      { _id: input.taskId, status: { $in: ['open', 'claimed'] }, completion: null, ...(input.from ? { assignee: input.from } : {}) },
      { $set: { status: 'claimed', assignee: input.userId, claimedAt: this.clock.now() } },
      { returnDocument: 'after' },
    ).lean<TaskDoc>();
    return assigned ? toTaskView(assigned) : refusal(this.models, input.taskId, 'assign');
  }

  async saveDraft(input: { taskId: string; actor: Actor; draft: Record<string, unknown> }): Promise<TaskView> {
    const saved = await this.models.Task.findOneAndUpdate(
      { _id: input.taskId, status: 'claimed', assignee: input.actor.id, completion: null },
      { $set: { draft: input.draft, draftSavedAt: this.clock.now(), draftBy: input.actor.id } },
      { returnDocument: 'after' },
    ).lean<TaskDoc>();
    return saved ? toTaskView(saved) : refusal(this.models, input.taskId, 'save a draft');
  }

  async labelInstance(input: { instanceId: string; labels: TaskLabels }): Promise<void> {
    const found = await this.models.Instance.updateOne({ _id: input.instanceId }, { $set: { labels: input.labels } });
    if (found.matchedCount !== 1) throw new NotFoundError('instance', input.instanceId);
    await this.models.Task.updateMany({ instanceId: input.instanceId }, { $set: { labels: input.labels } });
  }
}
