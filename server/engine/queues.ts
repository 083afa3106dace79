/**
 * BullMQ queues of the engine. The same names and prefix must be used by the runtime (which
 * adds jobs) and the workers (which take them).
 */
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';

/** Durable timers and automatic service retries; workers/timers takes them. */
export const timerQueueName = 'engine-timers';
/** Letters, notifications and case events the service handlers produce; workers/jobs takes them. */
export const jobQueueName = 'engine-jobs';

export type TimerJobData =
  | { readonly kind: 'timer'; readonly timerId: string }
  | { readonly kind: 'service-retry'; readonly instanceId: string; readonly executionId: string; readonly attempt: number };

export const timerJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

export const outboundJobOptions: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 5000 },
  // Completed jobs are kept a while so that adding the same job id again stays a no-op.
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export function retryJobId(instanceId: string, executionId: string, attempt: number): string {
  return `retry-${instanceId}-${executionId}-${attempt}`;
}

export function createTimerQueue(connection: ConnectionOptions, prefix?: string): Queue<TimerJobData> {
  return new Queue<TimerJobData>(timerQueueName, { connection, ...(prefix ? { prefix } : {}) });
}

export function createJobQueue(connection: ConnectionOptions, prefix?: string): Queue {
  return new Queue(jobQueueName, { connection, ...(prefix ? { prefix } : {}) });
}
