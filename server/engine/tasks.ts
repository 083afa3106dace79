/**
 * The task commands that do not move the process: claim, unclaim, assign, save a draft, and
 * labelling an instance's tasks. Each is one guarded update (store.ts), so concurrent calls on the
 * same task cannot both win; the loser gets TaskConflictError naming the task's state and assignee.
 */
import { TaskConflictError } from './errors.js';
import type { EngineModels, TaskDoc } from './models/index.js';
import { assignTask, claimTask, labelInstance, saveTaskDraft, taskRefusal, unclaimTask } from './store.js';
import type { Actor, Clock, TaskLabels, TaskView } from './types.js';
import { toTaskView } from './views.js';

export { toTaskView } from './views.js';

export class TaskCommands {
  constructor(
    private readonly models: EngineModels,
    private readonly clock: Clock,
  ) {}

  async claim(input: { taskId: string; actor: Actor }): Promise<TaskView> {
    const claimed = await claimTask(this.models, { taskId: input.taskId, userId: input.actor.id, now: this.clock.now() });
    return claimed ? toTaskView(claimed) : taskRefusal(this.models, input.taskId, 'claim');
  }

  async unclaim(input: { taskId: string; actor: Actor; assignee?: string }): Promise<TaskView> {
    const released = await unclaimTask(this.models, { taskId: input.taskId, ...(input.assignee ? { assignee: input.assignee } : {}) });
    if (released) return toTaskView(released);
    const task = await this.models.Task.findById(input.taskId, { status: 1 }).lean<TaskDoc>();
    if (task?.status === 'open') throw new TaskConflictError(task._id, task.status, 'is open, not claimed');
    return taskRefusal(this.models, input.taskId, 'unclaim');
  }

  async assign(input: { taskId: string; userId: string; actor: Actor; from?: string }): Promise<TaskView> {
    const assigned = await assignTask(this.models, { taskId: input.taskId, userId: input.userId, ...(input.from ? { from: input.from } : {}), now: this.clock.now() });
    return assigned ? toTaskView(assigned) : taskRefusal(this.models, input.taskId, 'assign');
  }

  async saveDraft(input: { taskId: string; actor: Actor; draft: Record<string, unknown> }): Promise<TaskView> {
    const saved = await saveTaskDraft(this.models, { taskId: input.taskId, userId: input.actor.id, draft: input.draft, now: this.clock.now() });
    return saved ? toTaskView(saved) : taskRefusal(this.models, input.taskId, 'save a draft');
  }

  labelInstance(input: { instanceId: string; labels: TaskLabels }): Promise<void> {
    return labelInstance(this.models, input);
  }
}
