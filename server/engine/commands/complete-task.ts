/**
 * Completes an open or claimed task: the completion lock on the task lets exactly one completion
 * win (the others get TaskConflictError), then the waiting execution is signalled with the output.
 */
import type { EngineContext } from '../context.js';
import { InstanceEndedError, NotFoundError, TaskConflictError } from '../errors.js';
import { commandResult, execute } from '../execute.js';
import type { TaskDoc } from '../models/index.js';
import { TaskNotWaitingError, type StepCommand } from '../step.js';
import { lockForCompletion, releaseCompletion } from '../store.js';
import type { Actor, CommandResult } from '../types.js';

async function whyNotLocked(ctx: EngineContext, taskId: string, assignee: string | undefined): Promise<never> {
  const task = await ctx.models.Task.findById(taskId).lean<TaskDoc>();
  if (!task) throw new NotFoundError('task', taskId);
  if (task.status === 'completed') throw new TaskConflictError(task._id, task.status, `already completed by ${task.completedBy ?? 'someone'}`);
  if (task.status === 'closed') throw new TaskConflictError(task._id, task.status, `closed (${task.closedReason ?? 'unknown reason'})`);
  if (assignee && task.assignee !== assignee) throw new TaskConflictError(task._id, task.status, `claimed by ${task.assignee ?? 'nobody'}`, task.assignee);
  throw new TaskConflictError(task._id, task.status, 'is being completed by another request');
}

export async function completeTask(
  ctx: EngineContext,
  input: { taskId: string; actor: Actor; output?: Record<string, unknown>; assignee?: string },
): Promise<CommandResult> {
  const output = input.output ?? {};
  const now = ctx.clock.now();
  const staleBefore = new Date(now.getTime() - ctx.completionLockMs);
  const locked = await lockForCompletion(ctx.models, { taskId: input.taskId, ...(input.assignee ? { assignee: input.assignee } : {}), by: input.actor, now, staleBefore });
  if (!locked) return whyNotLocked(ctx, input.taskId, input.assignee);
  const { task, token } = locked;
  const notWaiting = () => new TaskConflictError(task._id, 'closed', 'no longer waits in the process');
  const variable = ctx.taskOutputVariable?.({ ...(task.formKey ? { formKey: task.formKey } : {}), elementId: task.elementId });
  try {
    const executed = await execute(ctx, task.instanceId, (doc) => {
      if (doc.status !== 'running') throw new InstanceEndedError(doc._id, doc.status);
      if (!doc.active.some((element) => element.kind === 'task' && element.taskId === task._id)) throw notWaiting();
      return {
        kind: 'complete-task',
        executionId: task.engineExecutionId,
        elementId: task.elementId,
        output,
        ...(variable ? { variable } : {}),
        actor: input.actor,
      } satisfies StepCommand;
    }, { openTasks: true });
    if (!executed) throw notWaiting();
    return commandResult(ctx, executed.doc, executed.openTasks);
  } catch (error) {
    await releaseCompletion(ctx.models, task._id, token);
    if (error instanceof TaskNotWaitingError) throw notWaiting();
    throw error;
  }
}
