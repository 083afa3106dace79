/**
 * Public types of the engine runtime. The runtime is stateless: every command loads the
 * instance from MongoDB, recovers bpmn-engine with the instance's own definition version,
 * applies the command, runs to the next wait states and saves state plus derived documents
 * (tasks, timers, incidents) guarded by the instance's revision number.
 */
import type { StepRunner } from './live-engines.js';

/** Who caused a step: a signed-in person, or the system (timers, retries). */
export interface Actor {
  /** A user id, or `system-…` for the product itself. */
  readonly id: string;
  readonly name?: string;
}

export const systemActors = {
  timer: { id: 'system-timer', name: 'Timer' },
  retry: { id: 'system-retry', name: 'Automatic retry' },
} as const satisfies Record<string, Actor>;

/** Time source; tests pass a clock they can move forward. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type InstanceStatus = 'running' | 'completed' | 'terminated';

export type TaskStatus = 'open' | 'claimed' | 'completed' | 'closed';

/**
 * Searchable labels an instance carries and copies onto every task it creates (e.g. the case's
 * unit, case number and person's name with its search and sort keys). The engine never reads them.
 */
export type TaskLabels = Readonly<Record<string, string>>;

/**
 * Why a task left its wait state: completed through completeTask; interrupted by an
 * interrupting boundary event; instance-ended (the instance ended or was terminated while it
 * waited); cancelled (left for any other reason, e.g. a parallel branch was cancelled).
 */
export type TaskClosedReason = 'completed' | 'interrupted' | 'instance-ended' | 'cancelled';

export type TimerStatus = 'scheduled' | 'fired' | 'cancelled';

export type IncidentStatus = 'open' | 'resolved';

/**
 * One step of an instance, appended when an element finishes (or leaves its wait state) and
 * used for the case timeline and for marking the diagram.
 */
export interface HistoryEntry {
  readonly elementId: string;
  /** BPMN type, e.g. bpmn:UserTask, bpmn:BoundaryEvent, bpmn:Process. */
  readonly elementType: string;
  readonly name?: string;
  /** The engine's execution id of this element run. */
  readonly executionId: string;
  readonly startedAt: Date;
  readonly endedAt: Date;
  /**
   * completed: the element ran to its end (for events: the event happened);
   * interrupted / cancelled / instance-ended: it left its wait state without completing;
   * terminated: (bpmn:Process) the instance ended at a terminate end event.
   */
  readonly outcome: 'completed' | 'interrupted' | 'cancelled' | 'instance-ended' | 'terminated';
  /** The actor id when a person or the system acted on this element directly. */
  readonly by?: string;
  /** For interrupted tasks: the id of the boundary event that interrupted them. */
  readonly interruptedBy?: string;
  /** What triggered an event element: 'timer' or 'message'. */
  readonly trigger?: 'timer' | 'message';
}

/** An element the instance is waiting in now (for the diagram and for diagnostics). */
export interface ActiveElement {
  readonly kind: 'task' | 'timer' | 'message' | 'service';
  readonly elementId: string;
  readonly elementType: string;
  readonly name?: string;
  /** Engine execution id: of the activity (task, message wait) or of the timer event definition. */
  readonly executionId: string;
  /** For timers: the execution id of the activity holding the timer (boundary/catch event). */
  readonly activityExecutionId?: string;
  readonly startedAt: Date;
  readonly taskId?: string;
  readonly timerId?: string;
  readonly dueAt?: Date;
  /** Execution ids of the enclosing scopes (sub-process, process): leaving one of them ends this element too. */
  readonly scope?: readonly string[];
}

/** A service task whose handler failed and that waits for an automatic retry or an incident retry. */
export interface ServiceFailure {
  readonly executionId: string;
  readonly elementId: string;
  readonly handler: string;
  readonly attempts: number;
  readonly lastError: string;
  readonly firstFailedAt: Date;
  /** Set once the automatic retries are used up. */
  readonly incidentId?: string;
}

export type { OutboundJob, ServiceCall, ServiceHandler, ServiceResult } from '../definitions/service-handlers.js';

/** A task document as the work queue sees it. */
export interface TaskView {
  readonly id: string;
  readonly instanceId: string;
  readonly caseId: string;
  readonly processKey: string;
  readonly elementId: string;
  readonly name?: string;
  readonly formKey?: string;
  readonly candidateGroups: readonly string[];
  readonly candidateUsers: readonly string[];
  readonly assignee?: string;
  readonly dueDate?: Date;
  readonly followUpDate?: Date;
  readonly status: TaskStatus;
  readonly closedReason?: TaskClosedReason;
  readonly createdAt: Date;
  readonly closedAt?: Date;
  readonly completedBy?: string;
  readonly labels?: TaskLabels;
  readonly draft?: Readonly<Record<string, unknown>>;
  readonly draftSavedAt?: Date;
  readonly draftBy?: string;
}

export interface IncidentView {
  readonly id: string;
  readonly instanceId: string;
  readonly caseId: string;
  readonly kind: 'service' | 'timer';
  readonly elementId: string;
  readonly handler?: string;
  readonly timerId?: string;
  readonly attempts: number;
  readonly lastError: string;
  readonly status: IncidentStatus;
  readonly createdAt: Date;
  readonly resolvedAt?: Date;
  readonly resolvedBy?: string;
}

export interface InstanceView {
  readonly id: string;
  readonly processKey: string;
  /** The definition version (content hash) this instance runs on. */
  readonly definitionId: string;
  readonly caseId: string;
  readonly status: InstanceStatus;
  readonly rev: number;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly active: readonly ActiveElement[];
  readonly history: readonly HistoryEntry[];
  readonly openIncidents: number;
  readonly startedAt: Date;
  readonly startedBy: string;
  readonly endedAt?: Date;
}

/** The result of a command: the instance after it, and the tasks that are open now. */
export interface CommandResult {
  readonly instance: InstanceView;
  readonly openTasks: readonly TaskView[];
}

export interface FireTimerResult {
  /** fired: this call advanced the instance; otherwise why nothing happened. */
  readonly outcome: 'fired' | 'already-fired' | 'cancelled' | 'not-due' | 'not-found' | 'incident';
  readonly dueAt?: Date;
}

export interface EngineRuntime {
  /** Starts a new instance on the newest version of the process. An `instanceId` makes the start idempotent. */
  startInstance(input: {
    processKey: string;
    caseId: string;
    variables?: Record<string, unknown>;
    actor: Actor;
    instanceId?: string;
    /** Copied onto every task the instance creates (see TaskLabels). */
    labels?: TaskLabels;
  }): Promise<CommandResult>;
  /**
   * Completes an open or claimed task: an atomic guard on the task lets exactly one completion
   * win (others get TaskConflictError), then the engine is signalled with `output`, which is also
   * merged into the process variables (conditions read `environment.variables.<field>`).
   * Access rules and form validation are the caller's.
   */
  completeTask(input: {
    taskId: string;
    actor: Actor;
    output?: Record<string, unknown>;
    /** Only while this user has the task (TaskConflictError naming the assignee otherwise). */
    assignee?: string;
  }): Promise<CommandResult>;
  /** Atomically claims an open task for the actor (TaskConflictError naming the assignee if someone else has it). */
  claimTask(input: { taskId: string; actor: Actor }): Promise<TaskView>;
  /** Gives a claimed task back to the queue; with `assignee`, only while that user still has it (atomic). */
  unclaimTask(input: { taskId: string; actor: Actor; assignee?: string }): Promise<TaskView>;
  /**
   * Atomically gives an open or claimed task to `userId`; with `from`, only while that user still
   * has it (a hand-over). TaskConflictError when the task is closed or someone else has it now.
   */
  assignTask(input: { taskId: string; userId: string; actor: Actor; from?: string }): Promise<TaskView>;
  /** Saves form data on an open task for its assignee only (TaskConflictError otherwise). */
  saveTaskDraft(input: { taskId: string; actor: Actor; draft: Record<string, unknown> }): Promise<TaskView>;
  /** Sets an instance's labels and copies them onto its tasks (idempotent; for instances started without them). */
  labelInstance(input: { instanceId: string; labels: TaskLabels }): Promise<void>;
  /**
   * Fires a due timer (the timer worker calls this; tests may call it directly after moving the
   * clock). Fires at most once, however many times and in how many processes it is called.
   */
  fireTimer(input: { timerId: string; force?: boolean }): Promise<FireTimerResult>;
  /**
   * Delivers a BPMN message (by the id of its bpmn:message element) to a running instance; the
   * payload is merged into the process variables. MessageNotExpectedError if nothing waits for it.
   */
  deliverMessage(input: { instanceId: string; messageId: string; payload?: Record<string, unknown>; actor: Actor }): Promise<CommandResult>;
  /** Runs the failed step of an open incident again (staff action). */
  retryIncident(input: { incidentId: string; actor: Actor }): Promise<CommandResult>;
  /** Re-runs a failed service task (used by the timer worker for automatic retries). */
  retryService(input: { instanceId: string; executionId: string; attempt: number }): Promise<void>;
  getInstance(input: { instanceId: string }): Promise<InstanceView>;
  getTask(input: { taskId: string }): Promise<TaskView>;
  listIncidents(input: { instanceId?: string; status?: IncidentStatus }): Promise<IncidentView[]>;
  /**
   * At startup: applies derived writes a crashed process left behind, and re-creates BullMQ jobs
   * for scheduled timers and pending service retries that are missing from Redis.
   */
  restoreTimers(): Promise<{ timersRestored: number; retriesRestored: number; instancesRepaired: number }>;
  /** Where this runtime's steps run (its engine threads, or this thread); a migration's steps run there too. */
  readonly steps: StepRunner;
  /** Closes the runtime's BullMQ queues (not the connections it was given). */
  close(): Promise<void>;
}
