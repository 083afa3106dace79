/**
 * The timer worker: takes due timer jobs (and automatic service retries) from BullMQ and
 * advances the instance through the engine runtime. Any number of these may run; a timer fires
 * at most once because the runtime guards it with the timer document and the instance revision.
 */
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../../server/log.js';
import { timerQueueName, type TimerJobData } from '../../server/engine/queues.js';
import type { EngineRuntime } from '../../server/engine/types.js';

export interface TimerWorker {
  /** Stops taking jobs and waits for the running ones to finish. */
  close(): Promise<void>;
  /** Resolves when the worker is connected and taking jobs. */
  ready(): Promise<void>;
}

export interface TimerWorkerOptions {
  readonly runtime: EngineRuntime;
  /** ioredis connection with `maxRetriesPerRequest: null`; BullMQ duplicates it for blocking calls. */
  readonly connection: Redis;
  readonly logger: Logger;
  /** Jobs run in parallel per process (default 10). */
  readonly concurrency?: number;
  /** BullMQ key prefix; must be the runtime's. */
  readonly queuePrefix?: string;
  /** Re-create timers missing from Redis before taking jobs (default true). */
  readonly restoreOnStart?: boolean;
  /** BullMQ lock duration; a job of a crashed worker is taken over after about this long (default 30 s). */
  readonly lockDurationMs?: number;
  /** How often BullMQ looks for stalled jobs (default 30 s). */
  readonly stalledIntervalMs?: number;
}

/** Handles one job; exported so tests can run a due job directly. */
export async function processTimerJob(runtime: EngineRuntime, job: Pick<Job<TimerJobData>, 'data'>, logger: Logger) {
  const data = job.data;
  if (data.kind === 'timer') {
    const result = await runtime.fireTimer({ timerId: data.timerId });
    logger.debug({ timerId: data.timerId, outcome: result.outcome }, 'timer job');
    return result;
  }
  await runtime.retryService({ instanceId: data.instanceId, executionId: data.executionId, attempt: data.attempt });
  return { outcome: 'retried' as const };
}

export async function startTimerWorker(options: TimerWorkerOptions): Promise<TimerWorker> {
  const logger = options.logger.child({ component: 'timer-worker' });
  if (options.restoreOnStart ?? true) await options.runtime.restoreTimers();
  const worker = new Worker<TimerJobData>(
    timerQueueName,
    async (job, token) => {
      const result = await processTimerJob(options.runtime, job, logger);
      if (result.outcome === 'not-due' && 'dueAt' in result && result.dueAt && token) {
        // Came too early (clock skew): put it back until it is due.
        await job.moveToDelayed(result.dueAt.getTime(), token);
        throw new DelayedError();
      }
      return result.outcome;
    },
    {
      connection: options.connection,
      concurrency: options.concurrency ?? 10,
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
      ...(options.queuePrefix ? { prefix: options.queuePrefix } : {}),
    },
  );
  worker.on('failed', (job, error) => {
    logger.error({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error.message }, 'timer job failed');
  });
  worker.on('error', (error) => logger.error({ err: error.message }, 'timer worker error'));
  return {
    ready: () => worker.waitUntilReady().then(() => undefined),
    close: () => worker.close(),
  };
}
