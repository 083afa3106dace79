/**
 * Takes letter, notification and case-event jobs from the `engine-jobs` queue and hands them to
 * `deliver` (the notifier / case service port the application wires in). BullMQ retries a job
 * whose delivery throws; `deliver` must be idempotent per `idempotencyKey`.
 */
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobQueueName } from '../../server/engine/queues.js';
import type { Logger } from '../../server/log.js';
import type { OutboundJobData } from '../../server/definitions/service-handlers.js';

export interface JobWorker {
  ready(): Promise<void>;
  /** Stops taking jobs and waits for the running ones to finish. */
  close(): Promise<void>;
}

export async function startJobWorker(options: {
  readonly connection: Redis;
  readonly logger: Logger;
  readonly deliver: (job: OutboundJobData & { readonly name: string; readonly jobId: string }) => Promise<void>;
  readonly concurrency?: number;
  readonly queuePrefix?: string;
}): Promise<JobWorker> {
  const logger = options.logger.child({ component: 'job-worker' });
  const worker = new Worker<OutboundJobData>(
    jobQueueName,
    async (job) => {
      await options.deliver({ ...job.data, name: job.name, jobId: job.id ?? '' });
    },
    {
      connection: options.connection,
      concurrency: options.concurrency ?? 5,
      ...(options.queuePrefix ? { prefix: options.queuePrefix } : {}),
    },
  );
  worker.on('failed', (job, error) => logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error.message }, 'job failed'));
  worker.on('error', (error) => logger.error({ err: error.message }, 'job worker error'));
  return {
    ready: () => worker.waitUntilReady().then(() => undefined),
    close: () => worker.close(),
  };
}
