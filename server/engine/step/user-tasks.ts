/**
 * User and manual tasks in a step: a wait becomes a task (with its camunda attributes resolved),
 * completing signals the waiting execution with the form data, and leaving closes the task.
 */
import { evaluateTaskDate } from '../dates.js';
import type { TaskSpec } from '../effects.js';
import { taskIdFor } from '../ids.js';
import type { ActiveElement, TaskClosedReason } from '../types.js';
import { scopeOf, type ElementApi } from './element.js';
import { errorText, type StepCommand, type StepState } from './state.js';
import { assignProcessVariables } from './variables.js';

/** Element types whose wait state is a task for people. */
const taskTypes = new Set(['bpmn:UserTask', 'bpmn:ManualTask']);

export function isUserTask(type: string | undefined): boolean {
  return type !== undefined && taskTypes.has(type);
}

/** The task's execution is not waiting in the engine (it was completed or left in the meantime). */
export class TaskNotWaitingError extends Error {
  constructor(readonly executionId: string) {
    super(`no task execution ${executionId} is waiting`);
    this.name = 'TaskNotWaitingError';
  }
}

function splitList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).map((v) => v.trim()).filter(Boolean);
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

function stripOutput(output: unknown): Record<string, unknown> | undefined {
  if (!output || typeof output !== 'object' || Array.isArray(output)) return undefined;
  const { id: _id, executionId: _executionId, ...rest } = output as Record<string, unknown>;
  return rest;
}

export class UserTasks {
  /** The form data each task completed with in this step. */
  private readonly outputs = new Map<string, Record<string, unknown>>();

  /** `waiting`: the task executions waiting in the engine now, by execution id (kept with the engine between steps). */
  constructor(
    private readonly state: StepState,
    private readonly waiting: Map<string, ElementApi>,
  ) {}

  onWait(api: ElementApi): void {
    this.waiting.set(api.executionId, api);
    if (!this.state.active.has(api.executionId)) this.create(api);
  }

  /** The task ran to its end: keep the output it ended with, unless the command gave it. */
  onEnd(api: ElementApi): void {
    if (this.outputs.has(api.executionId)) return;
    const output = stripOutput(api.content.output);
    if (output) this.outputs.set(api.executionId, output);
  }

  onLeave(executionId: string): void {
    this.waiting.delete(executionId);
  }

  /** The complete-task command: signals the waiting execution with the form data. */
  async complete(command: Extract<StepCommand, { kind: 'complete-task' }>, settle: () => Promise<void>): Promise<void> {
    const { state } = this;
    const api = this.waiting.get(command.executionId);
    if (!api || !state.engine) throw new TaskNotWaitingError(command.executionId);
    state.actedOn.add(command.executionId);
    this.outputs.set(command.executionId, command.output);
    const assigned = command.variable ? { [command.variable]: command.output } : command.output;
    assignProcessVariables(state, assigned, api.environment);
    state.engine.execution.signal({ ...command.output, id: command.elementId, executionId: command.executionId });
    await settle();
    if (!state.ended.has(command.executionId)) throw new TaskNotWaitingError(command.executionId);
  }

  close(element: ActiveElement, reason: TaskClosedReason): void {
    const { state } = this;
    const at = state.now();
    state.active.delete(element.executionId);
    this.waiting.delete(element.executionId);
    const taskId = element.taskId ?? taskIdFor(state.input.instanceId, element.executionId);
    const output = reason === 'completed' ? this.outputs.get(element.executionId) : undefined;
    const by = reason === 'completed' && state.actedOn.has(element.executionId) ? state.actor.id : undefined;
    state.effects.tasksClosed.push({ taskId, reason, at, ...(by ? { by } : {}), ...(output ? { output } : {}) });
    if (reason !== 'completed') {
      state.history.push({
        elementId: element.elementId,
        elementType: element.elementType,
        ...(element.name ? { name: element.name } : {}),
        executionId: element.executionId,
        startedAt: element.startedAt,
        endedAt: at,
        outcome: reason,
        ...(reason === 'interrupted' && state.interruptedBy ? { interruptedBy: state.interruptedBy } : {}),
      });
    }
  }

  private resolveAttribute(api: ElementApi, value: unknown): unknown {
    if (typeof value !== 'string' || !value.includes('${')) return value;
    const { owner } = api;
    try {
      return owner.environment.resolveExpression(value, api);
    } catch (error) {
      const { input } = this.state;
      input.logger.warn({ instanceId: input.instanceId, elementId: owner.id, err: errorText(error) }, 'task attribute did not resolve');
      return undefined;
    }
  }

  private create(api: ElementApi): void {
    const { state } = this;
    const { owner, executionId } = api;
    const behaviour: Record<string, unknown> = owner.behaviour ?? {};
    const createdAt = state.now();
    const attribute = (name: string) => this.resolveAttribute(api, behaviour[name]);
    const formKey = attribute('formKey');
    const assignee = attribute('assignee');
    const dueDate = evaluateTaskDate(attribute('dueDate'), createdAt);
    const followUpDate = evaluateTaskDate(attribute('followUpDate'), createdAt);
    const taskId = taskIdFor(state.input.instanceId, executionId);
    const spec: TaskSpec = {
      taskId,
      executionId,
      elementId: owner.id,
      ...(owner.name ? { name: owner.name } : {}),
      ...(typeof formKey === 'string' && formKey ? { formKey } : {}),
      candidateGroups: splitList(attribute('candidateGroups')),
      candidateUsers: splitList(attribute('candidateUsers')),
      ...(typeof assignee === 'string' && assignee ? { assignee } : {}),
      ...(dueDate ? { dueDate } : {}),
      ...(followUpDate ? { followUpDate } : {}),
      createdAt,
    };
    state.effects.tasksCreated.push(spec);
    state.active.set(executionId, {
      kind: 'task',
      elementId: owner.id,
      elementType: owner.type,
      ...(owner.name ? { name: owner.name } : {}),
      executionId,
      startedAt: state.enteredAt.get(executionId) ?? createdAt,
      taskId,
      ...(dueDate ? { dueAt: dueDate } : {}),
      scope: scopeOf(api),
    });
  }
}
