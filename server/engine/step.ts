/**
 * One step of one instance, in memory: recover bpmn-engine from the saved state (or start it),
 * apply one command, run until nothing moves (only wait states left), and describe what changed:
 * the new state, the history entries, and the derived writes ("effects") the runtime applies
 * after it has saved the state. Nothing here touches MongoDB or Redis, so a step that loses a
 * revision conflict is simply thrown away. Each element kind has its module in step/.
 */
import { Engine, type IListenerEmitter } from 'bpmn-engine';
import type { ExecutionScope, ILogger, LoggerFactory } from 'bpmn-elements';
import { camundaModdle } from '../definitions/compile.js';
import type { Effects } from './effects.js';
import { EngineRunError } from './errors.js';
import { packState, unpackState } from './saved-state.js';
import type { ActiveElement, HistoryEntry, InstanceStatus, ServiceFailure, TaskClosedReason } from './types.js';
import type { ElementApi } from './step/element.js';
import { isMessageWait, Messages } from './step/messages.js';
import { ServiceTasks, type ServiceCallback } from './step/service-tasks.js';
import { errorText, StepState, type StepCommand, type StepInput } from './step/state.js';
import { noTimers, Timers } from './step/timers.js';
import { isUserTask, UserTasks } from './step/user-tasks.js';

export { emptyEffects, hasEffects, type Effects, type TaskSpec, type TimerSpec } from './effects.js';
export { TaskNotWaitingError } from './step/user-tasks.js';
export type { ServiceRetryPolicy, StepCommand, StepInput } from './step/state.js';

export interface StepOutput {
  /** Packed (saved-state.ts). */
  readonly state: Uint8Array;
  readonly status: InstanceStatus;
  readonly variables: Record<string, unknown>;
  readonly active: ActiveElement[];
  readonly failures: ServiceFailure[];
  readonly history: HistoryEntry[];
  readonly effects: Effects;
  /** For fire-timer: whether the timer fired in this step (during resume or by the command). */
  readonly timerFired: boolean;
}

/**
 * bpmn-engine's default Logger builds a `debug` logger for every element of every step; the
 * runtime logs what matters itself (pino), so the engine gets one logger that writes nothing.
 */
const silent: ILogger = { debug: () => undefined, error: () => undefined, warn: () => undefined };
const silentLogger: LoggerFactory = () => silent;

export async function runStep(input: StepInput, command: StepCommand): Promise<StepOutput> {
  return (await runStepOn(undefined, input, command)).output;
}

/**
 * A bpmn-engine kept alive after a step, so that the next step of the same instance can go on
 * from it instead of recovering the saved state. Its listener and services hand every event and
 * call to the step using it now; what waits in it is kept here, since a live engine does not
 * announce its waits again as a resumed one does.
 */
export class LiveEngine {
  readonly engine: Engine;
  readonly waitingTasks = new Map<string, ElementApi>();
  readonly waitingTimers = new Set<string>();
  /** The step using the engine now. */
  step: Step | undefined;

  constructor(input: StepInput) {
    const services: Record<string, (scope: ExecutionScope, callback: ServiceCallback) => void> = {};
    for (const name of input.handlers.keys()) services[name] = (scope, callback) => this.step?.services.call(name, scope, callback);
    const relay: IListenerEmitter = {
      emit: (event: string, api?: ElementApi) => {
        if (api) this.step?.onEvent(event, api);
      },
    };
    this.engine = new Engine({
      name: input.instanceId,
      sourceContext: input.sourceContext,
      moddleOptions: { camunda: camundaModdle },
      listener: relay,
      timers: noTimers,
      services,
      Logger: silentLogger,
      ...input.engineOptions,
    });
    this.engine.on('error', (error: unknown) => this.step?.state.errors.push({ message: errorText(error) }));
    this.engine.on('end', () => {
      if (this.step) this.step.state.completed = true;
    });
  }
}

/**
 * Runs one step on `live` (an engine left by the previous step of this instance, exactly at the
 * saved state the input carries), or on an engine recovered from the saved state (started, when
 * there is none). The engine is returned for the next step; after an error it must be dropped.
 */
export async function runStepOn(live: LiveEngine | undefined, input: StepInput, command: StepCommand): Promise<{ output: StepOutput; live: LiveEngine }> {
  const engine = live ?? new LiveEngine(input);
  const step = new Step(new StepState(input, command), engine);
  engine.step = step;
  try {
    return { output: await step.run(live !== undefined), live: engine };
  } finally {
    engine.step = undefined;
  }
}

class Step {
  readonly tasks: UserTasks;
  readonly timers: Timers;
  readonly messages: Messages;
  readonly services: ServiceTasks;

  constructor(
    readonly state: StepState,
    private readonly live: LiveEngine,
  ) {
    this.tasks = new UserTasks(state, live.waitingTasks);
    this.timers = new Timers(state, live.waitingTimers);
    this.messages = new Messages(state);
    this.services = new ServiceTasks(state);
    state.engine = live.engine;
  }

  async run(hot: boolean): Promise<StepOutput> {
    const { state } = this;
    const { input, command } = state;
    const { engine } = this.live;

    if (hot) {
      // The engine stands where the saved state says: nothing to recover.
    } else if (input.state === null) {
      if (command.kind !== 'start') throw new Error('an instance without state can only be started');
      await engine.execute({ variables: { ...command.variables } });
    } else {
      engine.recover(unpackState(input.state));
      await engine.resume();
    }
    const settle = () => this.settle();
    await settle();

    if (command.kind === 'complete-task') await this.tasks.complete(command, settle);
    else if (command.kind === 'message') await this.messages.deliver(command, settle);
    const timerFired = command.kind === 'fire-timer' ? await this.timers.fire(command, settle) : this.timers.anyFired;

    if (state.completed) this.closeEverything();
    const saved = await engine.getState();
    for (const definition of saved.definitions) delete definition.source;

    return {
      state: packState(saved),
      status: state.completed ? (state.terminated ? 'terminated' : 'completed') : 'running',
      variables: state.variables,
      active: [...state.active.values()],
      failures: [...state.failures.values()],
      history: state.history,
      effects: state.effects,
      timerFired,
    };
  }

  /** Waits until no service handler is running any more, then fails on engine errors. */
  private async settle(): Promise<void> {
    const { state, services } = this;
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (services.inFlight.size === 0) break;
      await Promise.allSettled([...services.inFlight]);
    }
    if (state.errors.length > 0 || state.engine?.state === 'error') {
      const first = state.errors[0];
      throw new EngineRunError(first?.message ?? 'the engine stopped with an error', first?.elementId);
    }
  }

  /** An element event from the engine (its listener). */
  onEvent(event: string, api: ElementApi): void {
    const { state } = this;
    switch (event) {
      case 'activity.enter':
        if (api.executionId) state.enteredAt.set(api.executionId, state.now());
        break;
      case 'activity.wait':
        if (!api.executionId || !api.owner) break;
        if (isUserTask(api.owner.type)) this.tasks.onWait(api);
        else if (isMessageWait(api)) this.messages.onWait(api);
        break;
      case 'activity.timer':
        if (api.executionId && api.owner) this.timers.onTimer(api);
        break;
      case 'activity.timeout':
        if (api.executionId) this.timers.onTimeout(api);
        break;
      case 'activity.catch':
        if (!isUserTask(api.owner?.type)) this.messages.onCatch(api);
        break;
      case 'activity.end':
        this.onEnd(api);
        break;
      case 'activity.leave':
        this.onLeave(api);
        break;
      case 'activity.error':
        state.errors.push({ message: errorText(api.content.error ?? 'activity error'), elementId: api.id });
        break;
      case 'process.end':
        state.history.push({
          elementId: api.id,
          elementType: 'bpmn:Process',
          ...(api.owner?.name ? { name: api.owner.name } : {}),
          executionId: api.executionId ?? api.id,
          startedAt: state.input.instanceStartedAt,
          endedAt: state.now(),
          outcome: state.terminated ? 'terminated' : 'completed',
        });
        break;
    }
  }

  private onEnd(api: ElementApi): void {
    const { state } = this;
    const { executionId, owner } = api;
    if (!executionId || !owner) return;
    state.ended.add(executionId);
    if (api.type === 'bpmn:TerminateEventDefinition') state.terminated = true;
    const at = state.now();
    const trigger = state.triggers.get(executionId);
    const startedByCommand = state.command.kind === 'start' && owner.type === 'bpmn:StartEvent';
    const by = state.actedOn.has(executionId) || startedByCommand ? state.actor.id : undefined;
    state.history.push({
      elementId: owner.id,
      elementType: owner.type,
      ...(owner.name ? { name: owner.name } : {}),
      executionId,
      startedAt: state.enteredAt.get(executionId) ?? state.active.get(executionId)?.startedAt ?? at,
      endedAt: at,
      outcome: 'completed',
      ...(by ? { by } : {}),
      ...(trigger ? { trigger } : {}),
    });
    if (isUserTask(owner.type)) this.tasks.onEnd(api);
  }

  private onLeave(api: ElementApi): void {
    const { state } = this;
    const { executionId } = api;
    if (!executionId) return;
    const element = state.active.get(executionId);
    if (element?.kind === 'task') {
      const reason: TaskClosedReason = state.ended.has(executionId) ? 'completed' : state.interruptedBy ? 'interrupted' : 'cancelled';
      this.tasks.close(element, reason);
    } else if (element) {
      state.active.delete(executionId);
    }
    this.tasks.onLeave(executionId);
    for (const other of [...state.active.values()]) {
      if (other.kind === 'timer' && other.activityExecutionId === executionId) this.timers.cancel(other);
      else if (other.scope?.includes(executionId)) this.leave(other, state.interruptedBy ? 'interrupted' : 'cancelled');
    }
    this.services.onLeave(executionId);
  }

  /** An element stops waiting without running to its end (its scope or the instance ended). */
  private leave(element: ActiveElement, reason: TaskClosedReason): void {
    if (element.kind === 'task') this.tasks.close(element, reason);
    else if (element.kind === 'timer') this.timers.cancel(element);
    else this.state.active.delete(element.executionId);
  }

  /** The instance ended: whatever still waits is closed. */
  private closeEverything(): void {
    for (const element of [...this.state.active.values()]) this.leave(element, 'instance-ended');
    this.services.endAll();
  }
}
