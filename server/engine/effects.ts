/**
 * Derived writes of a step: what a run of the in-memory engine means for the engine's other
 * collections (tasks, timers, incidents) and queues. The step describes them; the store applies
 * them idempotently after the instance's state is saved (models/instance.ts keeps them as
 * `pending` until then, so a crash in between loses nothing).
 */
import type { OutboundJob, TaskClosedReason } from './types.js';

export interface TaskSpec {
  readonly taskId: string;
  readonly executionId: string;
  readonly elementId: string;
  readonly name?: string;
  readonly formKey?: string;
  readonly candidateGroups: string[];
  readonly candidateUsers: string[];
  readonly assignee?: string;
  readonly dueDate?: Date;
  readonly followUpDate?: Date;
  readonly createdAt: Date;
}

export interface TimerSpec {
  readonly timerId: string;
  readonly executionId: string;
  readonly activityExecutionId: string;
  readonly elementId: string;
  readonly name?: string;
  readonly timerType?: string;
  readonly timerValue?: string;
  readonly dueAt: Date;
  readonly createdAt: Date;
}

/** Derived writes of a step, applied idempotently and in this order after the state is saved. */
export interface Effects {
  tasksCreated: TaskSpec[];
  tasksClosed: { taskId: string; reason: TaskClosedReason; at: Date; by?: string; output?: Record<string, unknown> }[];
  timersScheduled: TimerSpec[];
  timersFired: { timerId: string; at: Date }[];
  timersCancelled: { timerId: string; at: Date }[];
  incidentsOpened: {
    incidentId: string;
    executionId: string;
    elementId: string;
    handler: string;
    attempts: number;
    lastError: string;
    at: Date;
  }[];
  incidentsUpdated: { incidentId: string; attempts: number; lastError: string; at: Date }[];
  incidentsResolved: { incidentId: string; at: Date; by: string; resolution: 'retried' | 'element-left' | 'instance-ended' }[];
  retries: { executionId: string; attempt: number; delayMs: number }[];
  jobs: (OutboundJob & { jobId: string })[];
}

export function emptyEffects(): Effects {
  return {
    tasksCreated: [],
    tasksClosed: [],
    timersScheduled: [],
    timersFired: [],
    timersCancelled: [],
    incidentsOpened: [],
    incidentsUpdated: [],
    incidentsResolved: [],
    retries: [],
    jobs: [],
  };
}

export function hasEffects(effects: Effects): boolean {
  return Object.values(effects).some((list: unknown[]) => list.length > 0);
}
