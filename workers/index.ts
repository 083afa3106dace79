import type { Model } from 'mongoose';
import type { Config } from '../server/config.js';
import type { Infrastructure } from '../server/infrastructure.js';
import type { Logger } from '../server/log.js';
import { caseModels, ensureCaseIndexes, type CaseModels } from '../server/cases/models.js';
import { caseEventApplier } from '../server/commands/caseEventApplier.js';
import { deliverToOutbox, outboxModel, type OutboxEntry } from '../server/notifications/outbox.js';
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
  /**
   * Case events (coordinator-appointed, closed-no-consent, …). By default every worker process
   * applies them to the case (server/commands/caseEventApplier.ts); tests may pass another.
   */
  onCaseEvent?: (job: OutboundJobData & { readonly jobId: string }) => Promise<void>;
}): Promise<Workers> {
  const { config, logger, infrastructure, services } = context;
  const outbox = outboxModel(infrastructure.db);
  await outbox.init();
  const cases = caseModels(infrastructure.db);
  // The unique dedupe key of the person's messages keeps case events idempotent in a worker-only process too.
  await ensureCaseIndexes(cases);

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
    deliver: jobDelivery({ outbox, cases, logger, messagesPerDay: config.caseMessagesPerDay, ...(context.onCaseEvent ? { onCaseEvent: context.onCaseEvent } : {}) }),
  });
  await Promise.all([timers.ready(), jobs.ready()]);
  return {
    async close() {
      await Promise.all([timers.close(), jobs.close()]);
    },
  };
}

/**
 * What the job worker does with each job: letters and notifications go to the outbox, case events
 * are applied to the case (server/commands/caseEventApplier.ts) unless another handler is given.
 */
export function jobDelivery(deps: {
  outbox: Model<OutboxEntry>;
  cases: CaseModels;
  logger: Logger;
  onCaseEvent?: (job: OutboundJobData & { readonly jobId: string }) => Promise<void>;
  /** Messages of one kind one case gets per day at most (CASE_MESSAGES_PER_DAY). */
  messagesPerDay?: number;
}): (job: OutboundJobData & { readonly name: string; readonly jobId: string }) => Promise<void> {
  const caseEvents = { models: deps.cases, logger: deps.logger.child({ component: 'case-events' }) };
  const onCaseEvent =
    deps.onCaseEvent ??
    (async (job: OutboundJobData) => {
      await caseEventApplier(caseEvents, job);
    });
  return async (job) => {
    if (job.kind === 'case-event') {
      await onCaseEvent(job);
      return;
    }
    const delivered = await deliverToOutbox(deps.outbox, { ...job, kind: job.kind }, new Date(), deps.messagesPerDay);
    if (!delivered) deps.logger.warn({ caseId: job.caseId, template: job.template, jobId: job.jobId }, 'message held back: the case has had as many of this kind today as allowed');
  };
}
