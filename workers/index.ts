import type { Config } from '../server/config.js';
import type { Infrastructure } from '../server/infrastructure.js';
import type { Logger } from '../server/log.js';
import { deliverToOutbox, outboxModel } from '../server/notifications/outbox.js';
import type { Services } from '../server/services.js';
import { startJobWorker } from './jobs/worker.js';
import type { OutboundJobData } from './jobs/types.js';
import { startTimerWorker } from './timers/worker.js';

export interface Workers {
  /** Stops taking jobs and waits for the jobs in progress to finish. */
  close(): Promise<void>;
}

/**
 * Starts every background worker of the product on the shared Redis and MongoDB: the timer
 * worker (due BPMN timers and service retries; it first re-creates timers Redis lost) and the job
 * worker (letters, notifications and case events the process produces).
 */
export async function startWorkers(context: {
  config: Config;
  logger: Logger;
  infrastructure: Infrastructure;
  services: Services;
  /** Case events (closed-no-consent, …) go to the case service; until one is registered they are logged. */
  onCaseEvent?: (job: OutboundJobData) => Promise<void>;
}): Promise<Workers> {
  const { config, logger, infrastructure, services } = context;
  const outbox = outboxModel(infrastructure.db);
  await outbox.init();

  const timers = await startTimerWorker({
    runtime: services.engine,
    connection: infrastructure.createRedisConnection(),
    logger,
    concurrency: config.workerConcurrency,
  });
  const jobs = await startJobWorker({
    connection: infrastructure.createRedisConnection(),
    logger,
    concurrency: config.workerConcurrency,
    deliver: async (job) => {
      if (job.kind === 'case-event') {
        if (context.onCaseEvent) await context.onCaseEvent(job);
        else logger.info({ caseId: job.caseId, event: job.template }, 'case event');
        return;
      }
      await deliverToOutbox(outbox, { ...job, kind: job.kind });
    },
  });
  await Promise.all([timers.ready(), jobs.ready()]);
  return {
    async close() {
      await Promise.all([timers.close(), jobs.close()]);
    },
  };
}
