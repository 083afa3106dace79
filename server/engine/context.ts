/** What every engine command works with: the collections, the queues, the clock and the settings of one runtime. */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { DefinitionRegistry } from '../definitions/types.js';
import type { Logger } from '../log.js';
import type { EngineModels } from './models/index.js';
import { LiveEngines, type StepRunner } from './live-engines.js';
import { StepThreads } from './step-threads.js';
import { createJobQueue, createTimerQueue, type TimerJobData } from './queues.js';
import type { ServiceRetryPolicy, StepInput } from './step.js';
import { systemClock, type Clock, type ServiceHandler } from './types.js';

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
  /**
   * Worker threads the steps run in (default 0: on the calling thread). Steps in threads always
   * get the allowlist expressions and no scripts of server/definitions, whatever `engineOptions` says.
   */
  readonly stepThreads?: number;
  /** Live engines kept per thread, so that the next command on an instance skips the recover (default 4, about 5 MB each; 0: none). */
  readonly liveEngines?: number;
  /** How long a live engine is kept unused before it is let go (ms; default 10 s). */
  readonly liveEngineIdleMs?: number;
  /** Each thread's old-generation heap limit in MB (default: V8's, which lets an idle-looking heap grow far). */
  readonly stepThreadMemoryMb?: number;
  /** Each thread's young generation in MB (default: V8's, 48 MB). */
  readonly stepThreadYoungMb?: number;
}

/** The step's settings that stay the same for every command of a runtime. */
export type StepSettings = Pick<StepInput, 'handlers' | 'engineOptions' | 'clock' | 'logger' | 'serviceRetry'>;

export interface EngineContext {
  readonly models: EngineModels;
  readonly registry: DefinitionRegistry;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timerQueue: Queue<TimerJobData>;
  readonly jobQueue: Queue;
  readonly step: StepSettings;
  readonly steps: StepRunner;
  readonly maxConflictRetries: number;
  readonly completionLockMs: number;
  readonly taskOutputVariable: EngineRuntimeOptions['taskOutputVariable'];
}

export function engineContext(options: EngineRuntimeOptions, models: EngineModels): EngineContext {
  const clock = options.clock ?? systemClock;
  const logger = options.logger.child({ component: 'engine' });
  const serviceRetry: ServiceRetryPolicy = {
    maxAttempts: options.serviceRetry?.maxAttempts ?? 3,
    backoffMs: options.serviceRetry?.backoffMs ?? 30_000,
    timeoutMs: options.serviceRetry?.timeoutMs ?? 30_000,
  };
  return {
    models,
    registry: options.registry,
    clock,
    logger,
    timerQueue: createTimerQueue(options.redis, options.queuePrefix),
    jobQueue: createJobQueue(options.redis, options.queuePrefix),
    steps:
      (options.stepThreads ?? 0) > 0
        ? new StepThreads({ threads: options.stepThreads ?? 0, liveEngines: options.liveEngines ?? 4, liveEngineIdleMs: options.liveEngineIdleMs, memoryMb: options.stepThreadMemoryMb, youngMb: options.stepThreadYoungMb, logger })
        : new LiveEngines(options.liveEngines ?? 4, options.liveEngineIdleMs),
    step: { handlers: new Map(Object.entries(options.serviceHandlers ?? {})), engineOptions: options.engineOptions ?? {}, clock, logger, serviceRetry },
    maxConflictRetries: options.maxConflictRetries ?? 20,
    completionLockMs: options.completionLockMs ?? 120_000,
    taskOutputVariable: options.taskOutputVariable,
  };
}
