/**
 * The stateless engine runtime: load → recover → one command → run to wait states → save
 * (guarded by the instance revision) → apply derived writes. Any number of processes may run
 * it side by side on the same MongoDB and Redis.
 */
import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { DefinitionRegistry } from '../definitions/types.js';
import type { Logger } from '../log.js';
import {
  ConcurrencyError,
  EngineRunError,
  IncidentNotOpenError,
  InstanceEndedError,
  NotFoundError,
  TaskConflictError,
} from './errors.js';
import { engineModels, ensureEngineIndexes, type EngineModels, type IncidentDoc, type InstanceDoc, type TaskDoc } from './models/index.js';
import {
  createJobQueue,
  createTimerQueue,
  outboundJobOptions,
  retryJobId,
  timerJobOptions,
  type TimerJobData,
} from './queues.js';
import { TaskCommands, toTaskView } from './tasks.js';
import { hasEffects, runStep, TaskNotWaitingError, type Effects, type StepCommand, type StepOutput } from './step.js';
import {
  systemActors,
  systemClock,
  type Actor,
  type Clock,
  type CommandResult,
  type EngineRuntime,
  type FireTimerResult,
  type IncidentView,
  type InstanceView,
  type ServiceHandler,
  type TaskLabels,
  type TaskView,
} from './types.js';
import { isDuplicateKeyError } from '../mongo-errors.js';

export interface EngineRuntimeOptions {
  /** The mongoose connection the engine's collections live on. */
  readonly connection: Connection;
  /** An ioredis connection for BullMQ (`maxRetriesPerRequest: null`); the runtime does not close it. */
  readonly redis: Redis;
  readonly registry: DefinitionRegistry;
  readonly logger: Logger;
  /** Service handlers by name (bpmn:serviceTask implementation="${environment.services.<name>}"). */
  readonly serviceHandlers?: Readonly<Record<string, ServiceHandler>>;
  /**
   * Extra bpmn-engine options, passed on every recover: in production the allowlist `expressions`
   * resolver and the empty `scripts` registry from server/definitions.
   */
  readonly engineOptions?: Readonly<Record<string, unknown>>;
  readonly clock?: Clock;
  /** BullMQ key prefix (tests use a unique one per file). */
  readonly queuePrefix?: string;
  /** Automatic attempts of a failing service handler before an incident (default 3), first backoff (default 30 s), call timeout (default 30 s). */
  readonly serviceRetry?: { readonly maxAttempts?: number; readonly backoffMs?: number; readonly timeoutMs?: number };
  /** How often a command reloads and retries after a revision conflict (default 20). */
  readonly maxConflictRetries?: number;
  /** A completion lock older than this is taken over by the next completeTask (default 2 min). */
  readonly completionLockMs?: number;
  /**
   * The process variable a completed task's output is stored under (e.g. server/definitions'
   * `formVariable(formKey)`: need-assessment → `assessment`). Undefined: the output's fields are
   * merged into the process variables one by one.
   */
  readonly taskOutputVariable?: (task: { readonly formKey?: string; readonly elementId: string }) => string | undefined;
}

interface Executed {
  readonly doc: InstanceDoc;
  readonly output: StepOutput;
}

type InstanceMeta = Pick<InstanceDoc, '_id' | 'caseId' | 'processKey' | 'labels'>;

function toInstanceView(doc: InstanceDoc): InstanceView {
  return {
    id: doc._id,
    processKey: doc.processKey,
    definitionId: doc.definitionId,
    caseId: doc.caseId,
    status: doc.status,
    rev: doc.rev,
    variables: doc.variables ?? {},
    active: doc.active ?? [],
    history: doc.history ?? [],
    openIncidents: doc.openIncidents ?? 0,
    startedAt: doc.startedAt,
    startedBy: doc.startedBy,
    ...(doc.endedAt ? { endedAt: doc.endedAt } : {}),
  };
}

function toIncidentView(doc: IncidentDoc): IncidentView {
  return {
    id: doc._id,
    instanceId: doc.instanceId,
    caseId: doc.caseId,
    kind: doc.kind,
    elementId: doc.elementId,
    ...(doc.handler ? { handler: doc.handler } : {}),
    ...(doc.timerId ? { timerId: doc.timerId } : {}),
    attempts: doc.attempts,
    lastError: doc.lastError,
    status: doc.status,
    createdAt: doc.createdAt,
    ...(doc.resolvedAt ? { resolvedAt: doc.resolvedAt } : {}),
    ...(doc.resolvedBy ? { resolvedBy: doc.resolvedBy } : {}),
  };
}

/** Creates the engine runtime and makes sure its indexes exist. */
export async function createEngineRuntime(options: EngineRuntimeOptions): Promise<EngineRuntime> {
  const models = engineModels(options.connection);
  await ensureEngineIndexes(models);
  return new Runtime(options, models);
}

class Runtime implements EngineRuntime {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly handlers: ReadonlyMap<string, ServiceHandler>;
  private readonly timerQueue: Queue<TimerJobData>;
  private readonly jobQueue: Queue;
  private readonly serviceRetry: { maxAttempts: number; backoffMs: number; timeoutMs: number };
  private readonly maxConflictRetries: number;
  private readonly completionLockMs: number;
  private readonly tasks: TaskCommands;

  constructor(
    private readonly options: EngineRuntimeOptions,
    private readonly models: EngineModels,
  ) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger.child({ component: 'engine' });
    this.handlers = new Map(Object.entries(options.serviceHandlers ?? {}));
    this.timerQueue = createTimerQueue(options.redis, options.queuePrefix);
    this.jobQueue = createJobQueue(options.redis, options.queuePrefix);
    this.serviceRetry = {
      maxAttempts: options.serviceRetry?.maxAttempts ?? 3,
      backoffMs: options.serviceRetry?.backoffMs ?? 30_000,
      timeoutMs: options.serviceRetry?.timeoutMs ?? 30_000,
    };
    this.maxConflictRetries = options.maxConflictRetries ?? 20;
    this.completionLockMs = options.completionLockMs ?? 120_000;
    this.tasks = new TaskCommands(models, this.clock);
  }

  // ---------------------------------------------------------------- commands

  async startInstance(input: {
    processKey: string;
    caseId: string;
    variables?: Record<string, unknown>;
    actor: Actor;
    instanceId?: string;
    labels?: TaskLabels;
  }): Promise<CommandResult> {
    const { Instance } = this.models;
    const instanceId = input.instanceId ?? randomUUID();
    if (input.instanceId) {
      const existing = await Instance.findById(instanceId).lean<InstanceDoc>();
      if (existing) return this.result(existing);
    }
    const version = await this.options.registry.latest(input.processKey);
    const startedAt = this.clock.now();
    const output = await runStep(
      {
        ...this.stepBase(),
        instanceId,
        caseId: input.caseId,
        processKey: input.processKey,
        instanceStartedAt: startedAt,
        sourceContext: version.sourceContext,
        state: null,
        active: [],
        failures: [],
        variables: input.variables ?? {},
      },
      { kind: 'start', variables: input.variables ?? {}, actor: input.actor },
    );
    const doc: InstanceDoc = {
      _id: instanceId,
      processKey: input.processKey,
      definitionId: version.id,
      caseId: input.caseId,
      rev: 1,
      status: output.status,
      state: output.state,
      variables: output.variables,
      active: output.active,
      failures: output.failures,
      history: output.history,
      pending: hasEffects(output.effects) ? output.effects : null,
      openIncidents: output.failures.filter((f) => f.incidentId).length,
      pendingRetries: output.failures.filter((f) => !f.incidentId).length,
      startedAt,
      startedBy: input.actor.id,
      updatedAt: startedAt,
      ...(output.status !== 'running' ? { endedAt: startedAt } : {}),
      ...(input.labels ? { labels: input.labels } : {}),
    };
    try {
      await Instance.create(doc);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await Instance.findById(instanceId).lean<InstanceDoc>();
      if (!existing) throw error;
      return this.result(existing);
    }
    if (doc.pending) {
      await this.applyEffects(doc, doc.pending);
      await this.clearPending(instanceId, 1);
    }
    this.logger.debug({ instanceId, processKey: input.processKey, caseId: input.caseId }, 'instance started');
    return this.result({ ...doc, pending: null });
  }

  async completeTask(input: { taskId: string; actor: Actor; output?: Record<string, unknown>; assignee?: string }): Promise<CommandResult> {
    const { Task } = this.models;
    const output = input.output ?? {};
    const token = randomUUID();
    const now = this.clock.now();
    const staleBefore = new Date(now.getTime() - this.completionLockMs);
    const locked = await Task.findOneAndUpdate(
      {
        _id: input.taskId,
        status: { $in: ['open', 'claimed'] },
        ...(input.assignee ? { assignee: input.assignee } : {}),
        $or: [{ completion: null }, { 'completion.at': { $lt: staleBefore } }],
      },
      { $set: { completion: { token, at: now, by: input.actor.id } } },
      { returnDocument: 'after' },
    ).lean<TaskDoc>();
    if (!locked) {
      const task = await Task.findById(input.taskId).lean<TaskDoc>();
      if (!task) throw new NotFoundError('task', input.taskId);
      if (task.status === 'completed') throw new TaskConflictError(task._id, task.status, `already completed by ${task.completedBy ?? 'someone'}`);
      if (task.status === 'closed') throw new TaskConflictError(task._id, task.status, `closed (${task.closedReason ?? 'unknown reason'})`);
      if (input.assignee && task.assignee !== input.assignee) throw new TaskConflictError(task._id, task.status, `claimed by ${task.assignee ?? 'nobody'}`, task.assignee);
      throw new TaskConflictError(task._id, task.status, 'is being completed by another request');
    }
    const variable = this.options.taskOutputVariable?.({ ...(locked.formKey ? { formKey: locked.formKey } : {}), elementId: locked.elementId });
    try {
      const executed = await this.execute(locked.instanceId, (doc) => {
        if (doc.status !== 'running') throw new InstanceEndedError(doc._id, doc.status);
        if (!doc.active.some((element) => element.kind === 'task' && element.taskId === locked._id)) {
          throw new TaskConflictError(locked._id, 'closed', 'no longer waits in the process');
        }
        return {
          kind: 'complete-task',
          executionId: locked.engineExecutionId,
          elementId: locked.elementId,
          output,
          ...(variable ? { variable } : {}),
          actor: input.actor,
        } satisfies StepCommand;
      });
      if (!executed) throw new TaskConflictError(locked._id, 'closed', 'no longer waits in the process');
      return this.result(executed.doc);
    } catch (error) {
      await Task.updateOne({ _id: locked._id, 'completion.token': token }, { $set: { completion: null } });
      if (error instanceof TaskNotWaitingError) throw new TaskConflictError(locked._id, 'closed', 'no longer waits in the process');
      throw error;
    }
  }

  claimTask(input: { taskId: string; actor: Actor }): Promise<TaskView> {
    return this.tasks.claim(input);
  }

  unclaimTask(input: { taskId: string; actor: Actor; assignee?: string }): Promise<TaskView> {
    return this.tasks.unclaim(input);
  }

  assignTask(input: { taskId: string; userId: string; actor: Actor; from?: string }): Promise<TaskView> {
    return this.tasks.assign(input);
  }

  saveTaskDraft(input: { taskId: string; actor: Actor; draft: Record<string, unknown> }): Promise<TaskView> {
    return this.tasks.saveDraft(input);
  }

  labelInstance(input: { instanceId: string; labels: TaskLabels }): Promise<void> {
    return this.tasks.labelInstance(input);
  }

  async fireTimer(input: { timerId: string; force?: boolean }): Promise<FireTimerResult> {
    const { Timer } = this.models;
    const timer = await Timer.findById(input.timerId).lean();
    if (!timer) return { outcome: 'not-found' };
    if (timer.status === 'fired') return { outcome: 'already-fired', dueAt: timer.dueAt };
    if (timer.status === 'cancelled') return { outcome: 'cancelled', dueAt: timer.dueAt };
    if (!input.force && timer.dueAt.getTime() > this.clock.now().getTime()) return { outcome: 'not-due', dueAt: timer.dueAt };

    let executed: Executed | null;
    try {
      executed = await this.execute(timer.instanceId, async (doc) => {
        const current = await Timer.findById(input.timerId).lean();
        if (!current || current.status !== 'scheduled') return null;
        const element = doc.status === 'running' ? doc.active.find((a) => a.kind === 'timer' && a.timerId === input.timerId) : undefined;
        if (!element) {
          // The engine no longer waits on this timer: it ended some other way.
          await Timer.updateOne({ _id: input.timerId, status: 'scheduled' }, { $set: { status: 'cancelled', cancelledAt: this.clock.now() } });
          return null;
        }
        return { kind: 'fire-timer', executionId: element.executionId, elementId: element.elementId, actor: systemActors.timer } satisfies StepCommand;
      });
    } catch (error) {
      if (!(error instanceof EngineRunError)) throw error;
      await this.raiseTimerIncident(timer, error);
      return { outcome: 'incident', dueAt: timer.dueAt };
    }
    if (executed?.output.timerFired) return { outcome: 'fired', dueAt: timer.dueAt };
    const after = await Timer.findById(input.timerId).lean();
    if (after?.status === 'fired') return { outcome: 'already-fired', dueAt: timer.dueAt };
    if (after?.status === 'scheduled' && executed) {
      // Waiting in the engine but it did not fire: should not happen; leave it scheduled and say so.
      this.logger.error({ timerId: input.timerId }, 'timer did not fire although the instance waits on it');
      return { outcome: 'not-due', dueAt: timer.dueAt };
    }
    return { outcome: 'cancelled', dueAt: timer.dueAt };
  }

  async deliverMessage(input: { instanceId: string; messageId: string; payload?: Record<string, unknown>; actor: Actor }): Promise<CommandResult> {
    const executed = await this.execute(input.instanceId, (doc) => {
      if (doc.status !== 'running') throw new InstanceEndedError(doc._id, doc.status);
      return { kind: 'message', messageId: input.messageId, payload: input.payload ?? {}, actor: input.actor } satisfies StepCommand;
    });
    if (!executed) throw new NotFoundError('instance', input.instanceId);
    return this.result(executed.doc);
  }

  async retryIncident(input: { incidentId: string; actor: Actor }): Promise<CommandResult> {
    const { Incident, Instance } = this.models;
    const incident = await Incident.findById(input.incidentId).lean<IncidentDoc>();
    if (!incident) throw new NotFoundError('incident', input.incidentId);
    if (incident.status !== 'open') throw new IncidentNotOpenError(incident._id);

    if (incident.kind === 'timer' && incident.timerId) {
      const fired = await this.fireTimer({ timerId: incident.timerId, force: true });
      if (fired.outcome !== 'incident') await this.resolveIncident(incident._id, input.actor, 'retried');
      const doc = await Instance.findById(incident.instanceId).lean<InstanceDoc>();
      if (!doc) throw new NotFoundError('instance', incident.instanceId);
      return this.result(doc);
    }

    const executed = await this.execute(incident.instanceId, async (doc) => {
      const failure = doc.failures.find((f) => f.incidentId === incident._id);
      if (!failure || doc.status !== 'running') {
        await this.resolveIncident(incident._id, input.actor, 'element-left');
        throw new IncidentNotOpenError(incident._id);
      }
      return { kind: 'resume', retryExecutionId: failure.executionId, actor: input.actor } satisfies StepCommand;
    });
    if (!executed) throw new IncidentNotOpenError(incident._id);
    return this.result(executed.doc);
  }

  async retryService(input: { instanceId: string; executionId: string; attempt: number }): Promise<void> {
    await this.execute(input.instanceId, (doc) => {
      const failure = doc.failures.find((f) => f.executionId === input.executionId);
      if (doc.status !== 'running' || !failure || failure.incidentId || failure.attempts >= input.attempt) return null;
      return { kind: 'resume', actor: systemActors.retry } satisfies StepCommand;
    });
  }

  // ---------------------------------------------------------------- queries

  async getInstance(input: { instanceId: string }): Promise<InstanceView> {
    const doc = await this.models.Instance.findById(input.instanceId).lean<InstanceDoc>();
    if (!doc) throw new NotFoundError('instance', input.instanceId);
    return toInstanceView(doc);
  }

  async getTask(input: { taskId: string }): Promise<TaskView> {
    const doc = await this.models.Task.findById(input.taskId).lean<TaskDoc>();
    if (!doc) throw new NotFoundError('task', input.taskId);
    return toTaskView(doc);
  }

  async listIncidents(input: { instanceId?: string; status?: 'open' | 'resolved' }): Promise<IncidentView[]> {
    const filter: Record<string, unknown> = {};
    if (input.instanceId) filter.instanceId = input.instanceId;
    if (input.status) filter.status = input.status;
    const docs = await this.models.Incident.find(filter).sort({ createdAt: 1 }).lean<IncidentDoc[]>();
    return docs.map(toIncidentView);
  }

  // ---------------------------------------------------------------- startup

  async restoreTimers(): Promise<{ timersRestored: number; retriesRestored: number; instancesRepaired: number }> {
    const { Instance, Timer } = this.models;
    let instancesRepaired = 0;
    for await (const doc of Instance.find({ pending: { $ne: null } }).lean<InstanceDoc[]>().cursor()) {
      const pending = (doc as InstanceDoc).pending;
      if (!pending) continue;
      await this.applyEffects(doc as InstanceDoc, pending);
      await this.clearPending(doc._id, doc.rev);
      instancesRepaired++;
    }

    let timersRestored = 0;
    let batch: { _id: string; dueAt: Date }[] = [];
    const flush = async () => {
      const restored = await Promise.all(batch.map((timer) => this.ensureTimerJob(timer._id, timer.dueAt)));
      timersRestored += restored.filter(Boolean).length;
      batch = [];
    };
    for await (const timer of Timer.find({ status: 'scheduled' }, { _id: 1, dueAt: 1 }).lean<{ _id: string; dueAt: Date }[]>().cursor()) {
      batch.push(timer as { _id: string; dueAt: Date });
      if (batch.length >= 200) await flush();
    }
    await flush();

    let retriesRestored = 0;
    for await (const doc of Instance.find({ status: 'running', pendingRetries: { $gt: 0 } }, { _id: 1, failures: 1 }).lean<InstanceDoc[]>().cursor()) {
      for (const failure of (doc as InstanceDoc).failures) {
        if (failure.incidentId) continue;
        const jobId = retryJobId(doc._id, failure.executionId, failure.attempts + 1);
        const existing = await this.timerQueue.getJob(jobId);
        if (existing) continue;
        await this.timerQueue.add(
          'service-retry',
          { kind: 'service-retry', instanceId: doc._id, executionId: failure.executionId, attempt: failure.attempts + 1 },
          { ...timerJobOptions, jobId },
        );
        retriesRestored++;
      }
    }
    this.logger.info({ timersRestored, retriesRestored, instancesRepaired }, 'timers restored');
    return { timersRestored, retriesRestored, instancesRepaired };
  }

  async close(): Promise<void> {
    await Promise.all([this.timerQueue.close(), this.jobQueue.close()]);
  }

  // ---------------------------------------------------------------- internals

  private stepBase() {
    return {
      handlers: this.handlers,
      engineOptions: this.options.engineOptions ?? {},
      clock: this.clock,
      logger: this.logger,
      serviceRetry: this.serviceRetry,
    };
  }

  private async result(doc: InstanceDoc): Promise<CommandResult> {
    const tasks = await this.models.Task.find({ instanceId: doc._id, status: { $in: ['open', 'claimed'] } })
      .sort({ createdAt: 1 })
      .lean<TaskDoc[]>();
    return { instance: toInstanceView(doc), openTasks: tasks.map(toTaskView) };
  }

  /**
   * The command loop: load, apply writes a previous save left pending, let `prepare` decide the
   * command (null: nothing to do), run the step and save it guarded by the revision; on a
   * conflict, start over with the newer state.
   */
  private async execute(
    instanceId: string,
    prepare: (doc: InstanceDoc) => StepCommand | null | Promise<StepCommand | null>,
  ): Promise<Executed | null> {
    const { Instance } = this.models;
    for (let attempt = 1; attempt <= this.maxConflictRetries; attempt++) {
      const doc = await Instance.findById(instanceId).lean<InstanceDoc>();
      if (!doc) throw new NotFoundError('instance', instanceId);
      if (doc.pending) {
        await this.applyEffects(doc, doc.pending);
        await this.clearPending(doc._id, doc.rev);
      }
      const command = await prepare(doc);
      if (!command) return null;
      const version = await this.options.registry.byId(doc.definitionId);
      const output = await runStep(
        {
          ...this.stepBase(),
          instanceId: doc._id,
          caseId: doc.caseId,
          processKey: doc.processKey,
          instanceStartedAt: doc.startedAt,
          sourceContext: version.sourceContext,
          state: doc.state,
          active: doc.active ?? [],
          failures: doc.failures ?? [],
          variables: doc.variables ?? {},
        },
        command,
      );
      const now = this.clock.now();
      const pending = hasEffects(output.effects) ? output.effects : null;
      const set: Partial<InstanceDoc> = {
        state: output.state,
        status: output.status,
        variables: output.variables,
        active: output.active,
        failures: output.failures,
        pending,
        openIncidents: output.failures.filter((f) => f.incidentId).length,
        pendingRetries: output.failures.filter((f) => !f.incidentId).length,
        updatedAt: now,
        ...(output.status !== 'running' ? { endedAt: now } : {}),
      };
      const update: Record<string, unknown> = { $set: set, $inc: { rev: 1 } };
      if (output.history.length > 0) update.$push = { history: { $each: output.history } };
      const saved = await Instance.updateOne({ _id: doc._id, rev: doc.rev }, update);
      if (saved.matchedCount !== 1) {
        this.logger.debug({ instanceId, rev: doc.rev, attempt }, 'revision conflict; retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
        continue;
      }
      const newRev = doc.rev + 1;
      if (pending) {
        await this.applyEffects(doc, pending);
        await this.clearPending(doc._id, newRev);
      }
      const savedDoc: InstanceDoc = {
        ...doc,
        ...set,
        rev: newRev,
        pending: null,
        history: [...(doc.history ?? []), ...output.history],
      };
      return { doc: savedDoc, output };
    }
    throw new ConcurrencyError(instanceId, this.maxConflictRetries);
  }

  private async clearPending(instanceId: string, rev: number): Promise<void> {
    await this.models.Instance.updateOne({ _id: instanceId, rev }, { $set: { pending: null } });
  }

  /** Applies derived writes; every write is idempotent, so applying twice (or concurrently) is harmless. */
  private async applyEffects(meta: InstanceMeta, effects: Effects): Promise<void> {
    const { Task, Timer, Incident } = this.models;
    const base = { instanceId: meta._id, caseId: meta.caseId, processKey: meta.processKey };
    const upsert = async (write: () => Promise<unknown>) => {
      try {
        await write();
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    };

    await Promise.all(
      effects.tasksCreated.map((task) =>
        upsert(() =>
          Task.updateOne(
            { _id: task.taskId },
            {
              $setOnInsert: {
                executionId: task.taskId,
                engineExecutionId: task.executionId,
                ...base,
                elementId: task.elementId,
                ...(task.name ? { name: task.name } : {}),
                ...(task.formKey ? { formKey: task.formKey } : {}),
                candidateGroups: task.candidateGroups,
                candidateUsers: task.candidateUsers,
                ...(task.assignee ? { assignee: task.assignee } : {}),
                ...(task.dueDate ? { dueDate: task.dueDate } : {}),
                ...(task.followUpDate ? { followUpDate: task.followUpDate } : {}),
                status: task.assignee ? 'claimed' : 'open',
                createdAt: task.createdAt,
                completion: null,
                ...(meta.labels ? { labels: meta.labels } : {}),
              },
            },
            { upsert: true },
          ),
        ),
      ),
    );
    await Promise.all(
      effects.tasksClosed.map((closed) =>
        Task.updateOne(
          { _id: closed.taskId, status: { $in: ['open', 'claimed'] } },
          {
            $set: {
              status: closed.reason === 'completed' ? 'completed' : 'closed',
              closedReason: closed.reason,
              closedAt: closed.at,
              completion: null,
              ...(closed.by ? { completedBy: closed.by } : {}),
              ...(closed.output ? { output: closed.output } : {}),
            },
          },
        ),
      ),
    );

    await Promise.all(
      effects.timersScheduled.map(async (timer) => {
        await upsert(() =>
          Timer.updateOne(
            { _id: timer.timerId },
            {
              $setOnInsert: {
                ...base,
                elementId: timer.elementId,
                ...(timer.name ? { name: timer.name } : {}),
                executionId: timer.executionId,
                activityExecutionId: timer.activityExecutionId,
                ...(timer.timerType ? { timerType: timer.timerType } : {}),
                ...(timer.timerValue ? { timerValue: timer.timerValue } : {}),
                dueAt: timer.dueAt,
                status: 'scheduled',
                createdAt: timer.createdAt,
              },
            },
            { upsert: true },
          ),
        );
        await this.addTimerJob(timer.timerId, timer.dueAt);
      }),
    );
    await Promise.all(
      effects.timersFired.map((fired) =>
        Timer.updateOne({ _id: fired.timerId, status: 'scheduled' }, { $set: { status: 'fired', firedAt: fired.at } }),
      ),
    );
    await Promise.all(
      effects.timersCancelled.map(async (cancelled) => {
        await Timer.updateOne({ _id: cancelled.timerId, status: 'scheduled' }, { $set: { status: 'cancelled', cancelledAt: cancelled.at } });
        await this.timerQueue.remove(cancelled.timerId).catch(() => 0);
      }),
    );

    for (const opened of effects.incidentsOpened) {
      await Incident.updateOne(
        { _id: opened.incidentId },
        {
          $set: { status: 'open', attempts: opened.attempts, lastError: opened.lastError, updatedAt: opened.at },
          $setOnInsert: {
            kind: 'service',
            ...base,
            elementId: opened.elementId,
            executionId: opened.executionId,
            handler: opened.handler,
            createdAt: opened.at,
          },
        },
        { upsert: true },
      ).catch((error: unknown) => {
        if (!isDuplicateKeyError(error)) throw error;
      });
      this.logger.warn({ incidentId: opened.incidentId, instanceId: meta._id, elementId: opened.elementId }, 'incident raised');
    }
    for (const updated of effects.incidentsUpdated) {
      await Incident.updateOne(
        { _id: updated.incidentId, status: 'open' },
        { $set: { attempts: updated.attempts, lastError: updated.lastError, updatedAt: updated.at } },
      );
    }
    for (const resolved of effects.incidentsResolved) {
      await Incident.updateOne(
        { _id: resolved.incidentId, status: 'open' },
        { $set: { status: 'resolved', resolvedAt: resolved.at, resolvedBy: resolved.by, resolution: resolved.resolution, updatedAt: resolved.at } },
      );
    }

    if (effects.retries.length > 0) {
      await this.timerQueue.addBulk(
        effects.retries.map((retry) => ({
          name: 'service-retry',
          data: { kind: 'service-retry', instanceId: meta._id, executionId: retry.executionId, attempt: retry.attempt },
          opts: { ...timerJobOptions, jobId: retryJobId(meta._id, retry.executionId, retry.attempt), delay: retry.delayMs },
        })),
      );
    }
    if (effects.jobs.length > 0) {
      await this.jobQueue.addBulk(
        effects.jobs.map((job) => ({
          name: job.name,
          data: { ...job.data, instanceId: meta._id, caseId: meta.caseId },
          opts: { ...outboundJobOptions, jobId: job.jobId },
        })),
      );
    }
  }

  private async addTimerJob(timerId: string, dueAt: Date): Promise<void> {
    const delay = Math.max(0, dueAt.getTime() - this.clock.now().getTime());
    await this.timerQueue.add('timer', { kind: 'timer', timerId }, { ...timerJobOptions, jobId: timerId, delay });
  }

  /** Makes sure a scheduled timer has a live job; returns true if one had to be created. */
  private async ensureTimerJob(timerId: string, dueAt: Date): Promise<boolean> {
    const job = await this.timerQueue.getJob(timerId);
    if (job) {
      const state = await job.getState();
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return false;
      await job.remove().catch(() => undefined);
    }
    await this.addTimerJob(timerId, dueAt);
    return true;
  }

  private async raiseTimerIncident(timer: { _id: string; instanceId: string; caseId: string; processKey: string; elementId: string }, error: EngineRunError) {
    const now = this.clock.now();
    const incidentId = `${timer._id}-incident`;
    await this.models.Incident.updateOne(
      { _id: incidentId },
      {
        $set: { status: 'open', lastError: error.message, updatedAt: now },
        $inc: { attempts: 1 },
        $setOnInsert: {
          kind: 'timer',
          instanceId: timer.instanceId,
          caseId: timer.caseId,
          processKey: timer.processKey,
          elementId: timer.elementId,
          timerId: timer._id,
          createdAt: now,
        },
      },
      { upsert: true },
    );
    await this.models.Timer.updateOne({ _id: timer._id }, { $set: { incidentId } });
    this.logger.error({ incidentId, timerId: timer._id, err: error.message }, 'timer run failed; incident raised');
  }

  private async resolveIncident(incidentId: string, actor: Actor, resolution: string): Promise<void> {
    const now = this.clock.now();
    await this.models.Incident.updateOne(
      { _id: incidentId, status: 'open' },
      { $set: { status: 'resolved', resolvedAt: now, resolvedBy: actor.id, resolution, updatedAt: now } },
    );
  }
}
