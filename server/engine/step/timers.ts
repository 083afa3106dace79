/**
 * Timers in a step. Durable timers live in MongoDB and BullMQ: the in-memory engine never sets a
 * real timeout; a timer's wait becomes a timer document, and firing it cancels the engine's timer
 * execution, which bpmn-elements treats as the timer having elapsed.
 */
import type { ITimers, RegisteredTimer } from 'bpmn-elements';
import { timerIdFor } from '../ids.js';
import type { ActiveElement } from '../types.js';
import { isInterruptingBoundary, scopeOf, type ElementApi } from './element.js';
import type { StepCommand, StepState } from './state.js';

/** A timer bpmn-elements believes it set: it never runs. */
const neverSet: RegisteredTimer['setTimeout'] = (callback, delay, ...args) => ({ callback, delay, args, timerId: 'never', timerRef: undefined });

/** The engine's timers option: nothing is ever scheduled in memory. */
export const noTimers: ITimers = {
  executing: [],
  register: () => ({ setTimeout: neverSet, clearTimeout: () => undefined }),
  setTimeout: neverSet,
  clearTimeout: () => undefined,
};

function asDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

export class Timers {
  /** Timer executions that elapsed in this step. */
  private readonly fired = new Set<string>();

  /** `waiting`: the timer executions waiting in the engine now (kept with the engine between steps). */
  constructor(
    private readonly state: StepState,
    private readonly waiting: Set<string>,
  ) {}

  get anyFired(): boolean {
    return this.fired.size > 0;
  }

  onTimer(api: ElementApi): void {
    const { state } = this;
    const { executionId, owner } = api;
    this.waiting.add(executionId);
    if (state.active.has(executionId)) return;
    // The engine computes expireAt on the real clock; the timer document is due the same delay
    // from now on the runtime's clock (identical in production, movable in tests).
    const expireAt = asDate(api.content.expireAt);
    const delayMs = expireAt ? expireAt.getTime() - Date.now() : 0;
    const dueAt = new Date(state.now().getTime() + delayMs);
    const activityExecutionId: string = api.content.parent?.executionId ?? executionId;
    const timerId = timerIdFor(state.input.instanceId, executionId);
    const timerType: unknown = api.content.timerType;
    const timerValue: unknown = typeof timerType === 'string' ? api.content[timerType] : undefined;
    const createdAt = state.now();
    state.effects.timersScheduled.push({
      timerId,
      executionId,
      activityExecutionId,
      elementId: owner.id,
      ...(owner.name ? { name: owner.name } : {}),
      ...(typeof timerType === 'string' && timerType ? { timerType } : {}),
      ...(typeof timerValue === 'string' ? { timerValue } : {}),
      dueAt,
      createdAt,
    });
    state.active.set(executionId, {
      kind: 'timer',
      elementId: owner.id,
      elementType: owner.type,
      ...(owner.name ? { name: owner.name } : {}),
      executionId,
      activityExecutionId,
      startedAt: createdAt,
      timerId,
      dueAt,
      // The timer's own parent is its event; the event's scope is what matters.
      scope: scopeOf(api).filter((id) => id !== activityExecutionId),
    });
  }

  onTimeout(api: ElementApi): void {
    const { state } = this;
    const { executionId } = api;
    this.waiting.delete(executionId);
    this.fired.add(executionId);
    const timer = state.active.get(executionId);
    const activityExecutionId = api.content.parent?.executionId ?? timer?.activityExecutionId;
    if (activityExecutionId) {
      state.triggers.set(activityExecutionId, 'timer');
      if (timer && !state.enteredAt.has(activityExecutionId)) state.enteredAt.set(activityExecutionId, timer.startedAt);
    }
    if (timer) {
      state.active.delete(executionId);
      if (timer.timerId) {
        if (!this.unschedule(timer.timerId)) state.effects.timersFired.push({ timerId: timer.timerId, at: state.now() });
      }
    }
    if (isInterruptingBoundary(api.owner)) state.interruptedBy = api.id;
  }

  /** The fire-timer command: returns whether the timer fired in this step (during resume or now). */
  async fire(command: Extract<StepCommand, { kind: 'fire-timer' }>, settle: () => Promise<void>): Promise<boolean> {
    const { state } = this;
    if (!this.fired.has(command.executionId) && this.waiting.has(command.executionId) && state.engine) {
      const timer = state.active.get(command.executionId);
      if (timer?.activityExecutionId) state.actedOn.add(timer.activityExecutionId);
      state.engine.execution.cancelActivity({ id: command.elementId, executionId: command.executionId });
      await settle();
    }
    return this.fired.has(command.executionId);
  }

  cancel(timer: ActiveElement): void {
    const { state } = this;
    state.active.delete(timer.executionId);
    this.waiting.delete(timer.executionId);
    if (!timer.timerId) return;
    if (!this.unschedule(timer.timerId)) state.effects.timersCancelled.push({ timerId: timer.timerId, at: state.now() });
  }

  /** A timer scheduled in this same step is simply not scheduled; returns false if it was scheduled before. */
  private unschedule(timerId: string): boolean {
    const scheduled = this.state.effects.timersScheduled;
    const index = scheduled.findIndex((t) => t.timerId === timerId);
    if (index < 0) return false;
    scheduled.splice(index, 1);
    return true;
  }
}
