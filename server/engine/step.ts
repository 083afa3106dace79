/**
 * One step of one instance, in memory: recover bpmn-engine from the saved state (or start it),
 * apply one command, run until nothing moves (only wait states left), and describe what changed:
 * the new state, the history entries, and the derived writes ("effects") the runtime applies
 * after it has saved the state. Nothing here touches MongoDB or Redis, so a step that loses a
 * revision conflict is simply thrown away.
 */
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { Engine } from 'bpmn-engine';
import type { Logger } from '../log.js';
import { evaluateTaskDate } from './dates.js';
import { EngineRunError, MessageNotExpectedError } from './errors.js';
import type {
  ActiveElement,
  Actor,
  Clock,
  HistoryEntry,
  InstanceStatus,
  OutboundJob,
  ServiceCall,
  ServiceFailure,
  ServiceHandler,
  ServiceResult,
  TaskClosedReason,
} from './types.js';

const camunda = createRequire(import.meta.url)('camunda-bpmn-moddle/resources/camunda.json') as unknown;

/** Element types whose wait state is a task for people. */
const taskTypes = new Set(['bpmn:UserTask', 'bpmn:ManualTask']);

export type StepCommand =
  | { readonly kind: 'start'; readonly variables: Record<string, unknown>; readonly actor: Actor }
  | {
      readonly kind: 'complete-task';
      readonly executionId: string;
      readonly elementId: string;
      readonly output: Record<string, unknown>;
      /** Store the output under this process variable; without it the output's fields are merged into the variables. */
      readonly variable?: string;
      readonly actor: Actor;
    }
  | { readonly kind: 'fire-timer'; readonly executionId: string; readonly elementId: string; readonly actor: Actor }
  | { readonly kind: 'message'; readonly messageId: string; readonly payload: Record<string, unknown>; readonly actor: Actor }
  /** Recover and run what is due; `retryExecutionId` lets a parked (incident) service task run again. */
  | { readonly kind: 'resume'; readonly retryExecutionId?: string; readonly actor: Actor };

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

export interface StepInput {
  readonly instanceId: string;
  readonly caseId: string;
  readonly processKey: string;
  readonly instanceStartedAt: Date;
  readonly sourceContext: unknown;
  /** JSON of the engine state without sources; null to start. */
  readonly state: string | null;
  readonly active: readonly ActiveElement[];
  readonly failures: readonly ServiceFailure[];
  readonly variables: Readonly<Record<string, unknown>>;
  readonly handlers: ReadonlyMap<string, ServiceHandler>;
  /** bpmn-engine options from server/definitions: the allowlist `expressions` resolver and an empty `scripts`. */
  readonly engineOptions: Readonly<Record<string, unknown>>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly serviceRetry: { readonly maxAttempts: number; readonly backoffMs: number; readonly timeoutMs: number };
}

export interface StepOutput {
  readonly state: string;
  readonly status: InstanceStatus;
  readonly variables: Record<string, unknown>;
  readonly active: ActiveElement[];
  readonly failures: ServiceFailure[];
  readonly history: HistoryEntry[];
  readonly effects: Effects;
  /** For fire-timer: whether the timer fired in this step (during resume or by the command). */
  readonly timerFired: boolean;
}

/** The parts of bpmn-elements' element API this module reads. */
interface ElementEnvironment {
  readonly variables: Record<string, unknown>;
  assignVariables(variables: Record<string, unknown>): void;
  resolveExpression(expression: string, message?: unknown): unknown;
}

interface ElementOwner {
  readonly id: string;
  readonly type: string;
  readonly name?: string;
  readonly behaviour?: Record<string, unknown>;
  readonly environment: ElementEnvironment;
}

interface ElementApi {
  readonly id: string;
  readonly type: string;
  readonly executionId?: string;
  readonly content: {
    readonly executionId?: string;
    readonly parent?: {
      readonly id?: string;
      readonly executionId?: string;
      readonly path?: readonly { readonly id?: string; readonly executionId?: string }[];
    };
    readonly expireAt?: Date | string;
    readonly timerType?: string;
    readonly output?: unknown;
    readonly error?: { message?: string; source?: { id?: string } };
    readonly [key: string]: unknown;
  };
  readonly owner?: ElementOwner;
  readonly environment: ElementEnvironment;
}

interface ServiceScope {
  readonly id: string;
  readonly content: { readonly executionId: string; readonly name?: string };
  readonly environment: ElementEnvironment;
}

type ServiceCallback = (error: Error | null, result?: unknown) => void;

interface RunningProcess {
  readonly id: string;
  readonly environment: ElementEnvironment;
  readonly execution?: RunningScope;
}

interface RunningDefinition {
  getProcesses(): RunningProcess[];
}

/** A process's or a running sub-process's execution (bpmn-elements' ProcessExecution). */
interface RunningScope {
  readonly environment: ElementEnvironment;
  getActivities(): RunningActivity[];
}

interface RunningActivity {
  readonly isSubProcess?: boolean;
  /** For a sub-process: its behaviour, which holds one execution (own environment) per run. */
  readonly execution?: { readonly source?: { readonly executions?: RunningScope[] } };
}

/**
 * Every environment an instance's variables live in: each process's, and each running
 * sub-process execution's. bpmn-elements gives a sub-process a copy of the variables when it
 * starts, so a variable set outside it (or inside it) would otherwise stay in that one scope.
 */
function variableScopes(engine: Engine): ElementEnvironment[] {
  const scopes = new Set<ElementEnvironment>();
  const visit = (scope: RunningScope | undefined) => {
    if (!scope) return;
    scopes.add(scope.environment);
    for (const activity of scope.getActivities()) {
      if (!activity.isSubProcess) continue;
      for (const execution of activity.execution?.source?.executions ?? []) visit(execution);
    }
  };
  for (const definition of engine.execution.definitions as unknown as RunningDefinition[]) {
    for (const process of definition.getProcesses()) {
      scopes.add(process.environment);
      visit(process.execution);
    }
  }
  return [...scopes];
}

const noTimers = {
  // Durable timers live in BullMQ and MongoDB; the in-memory engine never sets a real timeout.
  executing: [] as unknown[],
  register() {
    return { setTimeout: () => ({}), clearTimeout: () => undefined };
  },
  setTimeout: () => ({}),
  clearTimeout: () => undefined,
};

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

function asDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

function splitList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).map((v) => v.trim()).filter(Boolean);
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** BullMQ job ids must not contain ':'. */
export function safeJobId(id: string): string {
  return id.replaceAll(':', '-');
}

export function taskIdFor(instanceId: string, executionId: string): string {
  return `${instanceId}-${executionId}`;
}

export function timerIdFor(instanceId: string, timerExecutionId: string): string {
  return `${instanceId}-${timerExecutionId}`;
}

export function incidentIdFor(instanceId: string, executionId: string): string {
  return `${instanceId}-${executionId}`;
}

/** Execution ids of the scopes around an element (innermost first). */
function scopeOf(api: ElementApi): string[] {
  const parent = api.content.parent;
  if (!parent) return [];
  const ids = [parent.executionId, ...(parent.path ?? []).map((p) => p.executionId)];
  return ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
}

function stripOutput(output: unknown): Record<string, unknown> | undefined {
  if (!output || typeof output !== 'object' || Array.isArray(output)) return undefined;
  const { id: _id, executionId: _executionId, ...rest } = output as Record<string, unknown>;
  return rest;
}

export async function runStep(input: StepInput, command: StepCommand): Promise<StepOutput> {
  return new Step(input, command).run();
}

class Step {
  private readonly effects = emptyEffects();
  private readonly history: HistoryEntry[] = [];
  private readonly active = new Map<string, ActiveElement>();
  private readonly initiallyActive = new Set<string>();
  private readonly failures = new Map<string, ServiceFailure>();
  private readonly enteredAt = new Map<string, Date>();
  private readonly ended = new Set<string>();
  private readonly waitingTasks = new Map<string, ElementApi>();
  private readonly waitingTimers = new Set<string>();
  private readonly firedTimers = new Set<string>();
  private readonly triggers = new Map<string, 'timer' | 'message'>();
  private readonly actedOn = new Set<string>();
  private readonly taskOutputs = new Map<string, Record<string, unknown>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly errors: { message: string; elementId?: string }[] = [];
  private interruptedBy: string | undefined;
  private terminated = false;
  private completed = false;
  private messageCaught = false;
  private readonly variables: Record<string, unknown>;
  private engine: Engine | undefined;

  constructor(
    private readonly input: StepInput,
    private readonly command: StepCommand,
  ) {
    for (const element of input.active) {
      this.active.set(element.executionId, element);
      this.initiallyActive.add(element.executionId);
    }
    for (const failure of input.failures) this.failures.set(failure.executionId, failure);
    this.variables = { ...input.variables, ...(command.kind === 'start' ? command.variables : {}) };
  }

  private now(): Date {
    return this.input.clock.now();
  }

  private get actor(): Actor {
    return this.command.actor;
  }

  async run(): Promise<StepOutput> {
    const { input, command } = this;
    const listener = this.createListener();
    const engine = new Engine({
      name: input.instanceId,
      sourceContext: input.sourceContext as never,
      moddleOptions: { camunda },
      listener,
      timers: noTimers as never,
      services: this.createServices(),
      ...input.engineOptions,
    });
    this.engine = engine;
    engine.on('error', (error: unknown) => this.errors.push({ message: errorText(error) }));
    engine.on('end', () => {
      this.completed = true;
    });

    if (input.state === null) {
      if (command.kind !== 'start') throw new Error('an instance without state can only be started');
      await engine.execute({ variables: { ...command.variables } });
    } else {
      engine.recover(JSON.parse(input.state) as object);
      await engine.resume();
    }
    await this.settle(engine);

    let timerFired = false;
    switch (command.kind) {
      case 'start':
      case 'resume':
        break;
      case 'complete-task': {
        const api = this.waitingTasks.get(command.executionId);
        if (!api) throw new TaskNotWaitingError(command.executionId);
        this.actedOn.add(command.executionId);
        this.taskOutputs.set(command.executionId, command.output);
        const assigned = command.variable ? { [command.variable]: command.output } : command.output;
        this.assignProcessVariables(assigned, api.environment);
        engine.execution.signal({ ...command.output, id: command.elementId, executionId: command.executionId });
        await this.settle(engine);
        if (!this.ended.has(command.executionId)) throw new TaskNotWaitingError(command.executionId);
        break;
      }
      case 'fire-timer': {
        if (!this.firedTimers.has(command.executionId) && this.waitingTimers.has(command.executionId)) {
          const timer = this.active.get(command.executionId);
          if (timer?.activityExecutionId) this.actedOn.add(timer.activityExecutionId);
          engine.execution.cancelActivity({ id: command.elementId, executionId: command.executionId });
          await this.settle(engine);
        }
        timerFired = this.firedTimers.has(command.executionId);
        break;
      }
      case 'message': {
        this.assignProcessVariables(command.payload);
        engine.execution.signal({ ...command.payload, id: command.messageId });
        await this.settle(engine);
        if (!this.messageCaught) throw new MessageNotExpectedError(input.instanceId, command.messageId);
        break;
      }
    }
    if (command.kind !== 'fire-timer') timerFired = this.firedTimers.size > 0;

    const variables = this.variables;
    if (this.completed) this.closeEverything();
    const state = await engine.getState();
    for (const definition of state.definitions) delete definition.source;

    return {
      state: JSON.stringify(state),
      status: this.completed ? (this.terminated ? 'terminated' : 'completed') : 'running',
      variables,
      active: [...this.active.values()],
      failures: [...this.failures.values()],
      history: this.history,
      effects: this.effects,
      timerFired,
    };
  }

  /**
   * Sets process variables (a task's form data, a message's payload, a service handler's result)
   * the way Camunda does: for the whole instance, so that every scope reads the newest value,
   * e.g. a coordinator change made outside the case sub-process reaches the tasks inside it.
   */
  private assignProcessVariables(variables: Record<string, unknown>, own?: ElementEnvironment): void {
    own?.assignVariables(variables);
    if (this.engine) for (const scope of variableScopes(this.engine)) if (scope !== own) scope.assignVariables(variables);
    Object.assign(this.variables, variables);
  }

  /** Waits until no service handler is running any more, then fails on engine errors. */
  private async settle(engine: Engine): Promise<void> {
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.inFlight.size === 0) break;
      await Promise.allSettled([...this.inFlight]);
    }
    if (this.errors.length > 0 || engine.state === 'error') {
      const first = this.errors[0];
      throw new EngineRunError(first?.message ?? 'the engine stopped with an error', first?.elementId);
    }
  }

  private createServices(): Record<string, (scope: ServiceScope, callback: ServiceCallback) => void> {
    const services: Record<string, (scope: ServiceScope, callback: ServiceCallback) => void> = {};
    for (const [name, handler] of this.input.handlers) {
      services[name] = (scope, callback) => this.callService(name, handler, scope, callback);
    }
    return services;
  }

  private callService(name: string, handler: ServiceHandler, scope: ServiceScope, callback: ServiceCallback): void {
    const { input } = this;
    const executionId = scope.content.executionId;
    const elementId = scope.id;
    const previous = this.failures.get(executionId);
    const retryRequested = this.command.kind === 'resume' && this.command.retryExecutionId === executionId;
    if (previous?.incidentId && !retryRequested) {
      // Parked until staff retry the incident: the task stays running in the saved state.
      return;
    }
    const attempt = (previous?.attempts ?? 0) + 1;
    const idempotencyKey = `${input.instanceId}-${executionId}`;
    const owner = scope as unknown as { name?: string; type?: string };
    // The execute message's content names the element (bpmn-elements); the scope itself may not.
    const elementName = scope.content.name ?? owner.name;
    const call: ServiceCall = {
      handler: name,
      instanceId: input.instanceId,
      caseId: input.caseId,
      processKey: input.processKey,
      elementId,
      ...(elementName ? { elementName } : {}),
      executionId,
      idempotencyKey,
      variables: Object.freeze({ ...scope.environment.variables }),
      attempt,
    };
    const run = async () => {
      let result: ServiceResult | void;
      let timeout: NodeJS.Timeout | undefined;
      try {
        result = await Promise.race([
          Promise.resolve().then(() => handler(call)),
          new Promise<never>((_, reject) => {
            timeout = setTimeout(
              () => reject(new Error(`handler ${name} timed out after ${input.serviceRetry.timeoutMs} ms`)),
              input.serviceRetry.timeoutMs,
            );
          }),
        ]);
      } catch (error) {
        this.recordFailure(name, elementId, executionId, attempt, previous, error, elementName);
        return;
      } finally {
        clearTimeout(timeout);
      }
      this.recordSuccess(executionId, previous);
      for (const job of result?.jobs ?? []) {
        this.effects.jobs.push({ ...job, jobId: safeJobId(job.jobId ?? `${job.name}-${idempotencyKey}`) });
      }
      if (result?.variables) {
        this.assignProcessVariables(result.variables, scope.environment);
      }
      callback(null, result?.variables ?? {});
    };
    const promise = run().catch((error: unknown) => {
      this.errors.push({ message: errorText(error), elementId });
    });
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }

  private recordFailure(
    handler: string,
    elementId: string,
    executionId: string,
    attempt: number,
    previous: ServiceFailure | undefined,
    error: unknown,
    elementName?: string,
  ): void {
    const { input } = this;
    const at = this.now();
    const lastError = errorText(error).slice(0, 2000);
    input.logger.warn({ instanceId: input.instanceId, elementId, handler, attempt, err: lastError }, 'service handler failed');
    let incidentId = previous?.incidentId;
    if (incidentId) {
      this.effects.incidentsUpdated.push({ incidentId, attempts: attempt, lastError, at });
    } else if (attempt >= input.serviceRetry.maxAttempts) {
      incidentId = incidentIdFor(input.instanceId, executionId);
      this.effects.incidentsOpened.push({ incidentId, executionId, elementId, handler, attempts: attempt, lastError, at });
    } else {
      this.effects.retries.push({ executionId, attempt: attempt + 1, delayMs: input.serviceRetry.backoffMs * 2 ** (attempt - 1) });
    }
    this.failures.set(executionId, {
      executionId,
      elementId,
      handler,
      attempts: attempt,
      lastError,
      firstFailedAt: previous?.firstFailedAt ?? at,
      ...(incidentId ? { incidentId } : {}),
    });
    if (!this.active.has(executionId)) {
      this.active.set(executionId, {
        kind: 'service',
        elementId,
        elementType: 'bpmn:ServiceTask',
        ...(elementName ? { name: elementName } : {}),
        executionId,
        startedAt: this.enteredAt.get(executionId) ?? at,
      });
    }
  }

  private recordSuccess(executionId: string, previous: ServiceFailure | undefined): void {
    if (!previous) return;
    this.failures.delete(executionId);
    if (previous.incidentId) {
      this.effects.incidentsResolved.push({ incidentId: previous.incidentId, at: this.now(), by: this.actor.id, resolution: 'retried' });
    }
  }

  private createListener(): EventEmitter {
    const listener = new EventEmitter();
    const on = (event: string, handle: (api: ElementApi) => void) =>
      listener.on(event, (api: ElementApi | undefined) => {
        if (api) handle(api);
      });
    on('activity.enter', (api) => {
      if (api.executionId) this.enteredAt.set(api.executionId, this.now());
    });
    on('activity.wait', (api) => this.onWait(api));
    on('activity.timer', (api) => this.onTimer(api));
    on('activity.timeout', (api) => this.onTimeout(api));
    on('activity.catch', (api) => this.onCatch(api));
    on('activity.end', (api) => this.onEnd(api));
    on('activity.leave', (api) => this.onLeave(api));
    on('activity.error', (api) => {
      this.errors.push({ message: errorText(api.content.error ?? 'activity error'), elementId: api.id });
    });
    on('process.end', (api) => {
      const at = this.now();
      this.history.push({
        elementId: api.id,
        elementType: 'bpmn:Process',
        ...(api.owner?.name ? { name: api.owner.name } : {}),
        executionId: api.executionId ?? api.id,
        startedAt: this.input.instanceStartedAt,
        endedAt: at,
        outcome: this.terminated ? 'terminated' : 'completed',
      });
    });
    return listener;
  }

  private onWait(api: ElementApi): void {
    const executionId = api.executionId;
    const owner = api.owner;
    if (!executionId || !owner) return;
    if (taskTypes.has(owner.type)) {
      this.waitingTasks.set(executionId, api);
      if (!this.active.has(executionId)) this.createTask(api, owner, executionId);
      return;
    }
    if (api.type === 'bpmn:MessageEventDefinition' || owner.type === 'bpmn:ReceiveTask') {
      if (!this.active.has(executionId)) {
        this.active.set(executionId, {
          kind: 'message',
          elementId: owner.id,
          elementType: owner.type,
          ...(owner.name ? { name: owner.name } : {}),
          executionId,
          startedAt: this.enteredAt.get(executionId) ?? this.now(),
          scope: scopeOf(api),
        });
      }
    }
  }

  private resolveAttribute(owner: ElementOwner, api: ElementApi, value: unknown): unknown {
    if (typeof value !== 'string' || !value.includes('${')) return value;
    try {
      return owner.environment.resolveExpression(value, api);
    } catch (error) {
      this.input.logger.warn({ instanceId: this.input.instanceId, elementId: owner.id, err: errorText(error) }, 'task attribute did not resolve');
      return undefined;
    }
  }

  private createTask(api: ElementApi, owner: ElementOwner, executionId: string): void {
    const behaviour = owner.behaviour ?? {};
    const createdAt = this.now();
    const attribute = (name: string) => this.resolveAttribute(owner, api, behaviour[name]);
    const formKey = attribute('formKey');
    const assignee = attribute('assignee');
    const dueDate = evaluateTaskDate(attribute('dueDate'), createdAt);
    const followUpDate = evaluateTaskDate(attribute('followUpDate'), createdAt);
    const taskId = taskIdFor(this.input.instanceId, executionId);
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
    this.effects.tasksCreated.push(spec);
    this.active.set(executionId, {
      kind: 'task',
      elementId: owner.id,
      elementType: owner.type,
      ...(owner.name ? { name: owner.name } : {}),
      executionId,
      startedAt: this.enteredAt.get(executionId) ?? createdAt,
      taskId,
      ...(dueDate ? { dueAt: dueDate } : {}),
      scope: scopeOf(api),
    });
  }

  private onTimer(api: ElementApi): void {
    const executionId = api.executionId;
    const owner = api.owner;
    if (!executionId || !owner) return;
    this.waitingTimers.add(executionId);
    if (this.active.has(executionId)) return;
    // The engine computes expireAt on the real clock; the timer document is due the same delay
    // from now on the runtime's clock (identical in production, movable in tests).
    const expireAt = asDate(api.content.expireAt);
    const delayMs = expireAt ? expireAt.getTime() - Date.now() : 0;
    const dueAt = new Date(this.now().getTime() + delayMs);
    const activityExecutionId = api.content.parent?.executionId ?? executionId;
    const timerId = timerIdFor(this.input.instanceId, executionId);
    const timerType = api.content.timerType;
    const timerValue = timerType ? api.content[timerType] : undefined;
    const createdAt = this.now();
    this.effects.timersScheduled.push({
      timerId,
      executionId,
      activityExecutionId,
      elementId: owner.id,
      ...(owner.name ? { name: owner.name } : {}),
      ...(timerType ? { timerType } : {}),
      ...(typeof timerValue === 'string' ? { timerValue } : {}),
      dueAt,
      createdAt,
    });
    this.active.set(executionId, {
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

  private isInterruptingBoundary(owner: ElementOwner | undefined): boolean {
    return owner?.type === 'bpmn:BoundaryEvent' && owner.behaviour?.cancelActivity !== false;
  }

  private onTimeout(api: ElementApi): void {
    const executionId = api.executionId;
    if (!executionId) return;
    this.waitingTimers.delete(executionId);
    this.firedTimers.add(executionId);
    const timer = this.active.get(executionId);
    const activityExecutionId = api.content.parent?.executionId ?? timer?.activityExecutionId;
    if (activityExecutionId) {
      this.triggers.set(activityExecutionId, 'timer');
      if (timer && !this.enteredAt.has(activityExecutionId)) this.enteredAt.set(activityExecutionId, timer.startedAt);
    }
    if (timer) {
      this.active.delete(executionId);
      if (timer.timerId) {
        const scheduledNow = this.effects.timersScheduled.findIndex((t) => t.timerId === timer.timerId);
        if (scheduledNow >= 0) this.effects.timersScheduled.splice(scheduledNow, 1);
        else this.effects.timersFired.push({ timerId: timer.timerId, at: this.now() });
      }
    }
    if (this.isInterruptingBoundary(api.owner)) this.interruptedBy = api.id;
  }

  private onCatch(api: ElementApi): void {
    const executionId = api.executionId;
    if (api.owner && taskTypes.has(api.owner.type)) return;
    this.messageCaught = true;
    if (executionId) {
      this.triggers.set(executionId, 'message');
      if (this.command.kind === 'message') this.actedOn.add(executionId);
    }
    if (this.isInterruptingBoundary(api.owner)) this.interruptedBy = api.id;
  }

  private onEnd(api: ElementApi): void {
    const executionId = api.executionId;
    const owner = api.owner;
    if (!executionId || !owner) return;
    this.ended.add(executionId);
    if (api.type === 'bpmn:TerminateEventDefinition') this.terminated = true;
    const at = this.now();
    const trigger = this.triggers.get(executionId);
    const by =
      this.actedOn.has(executionId) || (this.command.kind === 'start' && owner.type === 'bpmn:StartEvent') ? this.actor.id : undefined;
    this.history.push({
      elementId: owner.id,
      elementType: owner.type,
      ...(owner.name ? { name: owner.name } : {}),
      executionId,
      startedAt: this.enteredAt.get(executionId) ?? this.active.get(executionId)?.startedAt ?? at,
      endedAt: at,
      outcome: 'completed',
      ...(by ? { by } : {}),
      ...(trigger ? { trigger } : {}),
    });
    if (taskTypes.has(owner.type) && !this.taskOutputs.has(executionId)) {
      const output = stripOutput(api.content.output);
      if (output) this.taskOutputs.set(executionId, output);
    }
  }

  private onLeave(api: ElementApi): void {
    const executionId = api.executionId;
    if (!executionId) return;
    const element = this.active.get(executionId);
    if (element?.kind === 'task') {
      const reason: TaskClosedReason = this.ended.has(executionId) ? 'completed' : this.interruptedBy ? 'interrupted' : 'cancelled';
      this.closeTask(element, reason);
    } else if (element) {
      this.active.delete(executionId);
    }
    this.waitingTasks.delete(executionId);
    for (const other of [...this.active.values()]) {
      if (other.kind === 'timer' && other.activityExecutionId === executionId) this.cancelTimer(other);
      else if (other.scope?.includes(executionId)) this.endNested(other);
    }
    const failure = this.failures.get(executionId);
    if (failure) {
      this.failures.delete(executionId);
      if (failure.incidentId) {
        this.effects.incidentsResolved.push({ incidentId: failure.incidentId, at: this.now(), by: this.actor.id, resolution: 'element-left' });
      }
    }
  }

  /** An enclosing scope left: the element left with it. */
  private endNested(element: ActiveElement): void {
    if (element.kind === 'task') this.closeTask(element, this.interruptedBy ? 'interrupted' : 'cancelled');
    else if (element.kind === 'timer') this.cancelTimer(element);
    else this.active.delete(element.executionId);
  }

  private closeTask(element: ActiveElement, reason: TaskClosedReason): void {
    const at = this.now();
    this.active.delete(element.executionId);
    this.waitingTasks.delete(element.executionId);
    const taskId = element.taskId ?? taskIdFor(this.input.instanceId, element.executionId);
    const output = reason === 'completed' ? this.taskOutputs.get(element.executionId) : undefined;
    const by = reason === 'completed' && this.actedOn.has(element.executionId) ? this.actor.id : undefined;
    this.effects.tasksClosed.push({ taskId, reason, at, ...(by ? { by } : {}), ...(output ? { output } : {}) });
    if (reason !== 'completed') {
      this.history.push({
        elementId: element.elementId,
        elementType: element.elementType,
        ...(element.name ? { name: element.name } : {}),
        executionId: element.executionId,
        startedAt: element.startedAt,
        endedAt: at,
        outcome: reason,
        ...(reason === 'interrupted' && this.interruptedBy ? { interruptedBy: this.interruptedBy } : {}),
      });
    }
  }

  private cancelTimer(timer: ActiveElement): void {
    this.active.delete(timer.executionId);
    this.waitingTimers.delete(timer.executionId);
    if (!timer.timerId) return;
    const scheduledNow = this.effects.timersScheduled.findIndex((t) => t.timerId === timer.timerId);
    if (scheduledNow >= 0) this.effects.timersScheduled.splice(scheduledNow, 1);
    else this.effects.timersCancelled.push({ timerId: timer.timerId, at: this.now() });
  }

  /** The instance ended: whatever still waits is closed. */
  private closeEverything(): void {
    for (const element of [...this.active.values()]) {
      if (element.kind === 'task') this.closeTask(element, 'instance-ended');
      else if (element.kind === 'timer') this.cancelTimer(element);
      else this.active.delete(element.executionId);
    }
    for (const failure of this.failures.values()) {
      if (failure.incidentId) {
        this.effects.incidentsResolved.push({ incidentId: failure.incidentId, at: this.now(), by: this.actor.id, resolution: 'instance-ended' });
      }
    }
    this.failures.clear();
  }
}

/** The task's execution is not waiting in the engine (it was completed or left in the meantime). */
export class TaskNotWaitingError extends Error {
  constructor(readonly executionId: string) {
    super(`no task execution ${executionId} is waiting`);
    this.name = 'TaskNotWaitingError';
  }
}
