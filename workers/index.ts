import type { Model } from 'mongoose';
import type { Config } from '../server/config.js';
import type { Infrastructure } from '../server/infrastructure.js';
import type { Logger } from '../server/log.js';
import { caseModels, ensureCaseIndexes, type CaseModels } from '../server/cases/models.js';
import { caseEventApplier } from '../server/commands/caseEventApplier.js';
import { ensureLetterIndexes, letterModel } from '../server/letters/model.js';
import { letterWriter, type LetterContext } from '../server/letters/writer.js';
import { markReceiptDelivered, queueMissingReceiptLetters } from '../server/letters/receipt.js';
import { notifyProcessMessage } from '../server/notifications/process-messages.js';
import { planMeetingSource } from '../server/notifications/meetings.js';
import { taskPlanActivitySource } from '../server/notifications/plan-activity.js';
import { engineModels } from '../server/engine/index.js';
import { notificationModel } from '../server/notifications/model.js';
import { createReminderQueue, reminderSettings } from '../server/notifications/reminders.js';
import { userModel, type UserModel } from '../server/users/model.js';
import { createNotificationQueue, notify, smtpTransport, type NotifierDeps } from '../server/notifications/notifier.js';
import { createJobQueue } from '../server/engine/queues.js';
import { deliverToOutbox, outboxModel, type OutboxEntry } from '../server/notifications/outbox.js';
import type { Services } from '../server/services.js';
import { startJobWorker } from './jobs/worker.js';
import type { OutboundJobData } from '../server/definitions/service-handlers.js';
import { startNotificationWorker } from './notifications/worker.js';
import { checkRedisEvictionPolicy } from './redis-policy.js';
import { startReminderWorker } from './reminders/worker.js';
import { startTimerWorker } from './timers/worker.js';

export interface Workers {
  /** Stops taking jobs and waits for the jobs in progress to finish. */
  close(): Promise<void>;
}

/**
 * Starts every background worker of the product on the shared Redis and MongoDB: the timer
 * worker (due BPMN timers and service retries; it first re-creates timers Redis lost), the job
 * worker (letters, notifications and case events the process produces), the notification sender
 * and the reminder worker (it first schedules every reminder from MongoDB).
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
  await checkRedisEvictionPolicy(infrastructure, { production: config.nodeEnv === 'production', logger });
  const outbox = outboxModel(infrastructure.db);
  await outbox.init();
  const cases = caseModels(infrastructure.db);
  // The unique dedupe key of the person's messages keeps case events idempotent in a worker-only process too.
  await ensureCaseIndexes(cases);

  const letters = letterModel(infrastructure.db);
  const notifications = notificationModel(infrastructure.db);
  // The models do not build indexes by themselves (autoIndex off): build them here, once per start.
  await Promise.all([ensureLetterIndexes(letters), notifications.createIndexes()]);
  const notificationQueue = createNotificationQueue(infrastructure.createRedisConnection());
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : null;
  if (!transport) logger.info('no SMTP_URL: notifications are kept in the outbox and logged');

  const timers = await startTimerWorker({
    runtime: services.engine,
    connection: infrastructure.createRedisConnection(),
    logger,
    concurrency: config.workerConcurrency,
  });
  const users = userModel(infrastructure.db);
  const jobs = await startJobWorker({
    connection: infrastructure.createRedisConnection(),
    logger,
    concurrency: config.workerConcurrency,
    deliver: jobDelivery({
      outbox,
      cases,
      users,
      logger,
      messagesPerDay: config.caseMessagesPerDay,
      letters: { cases, letters, municipalityName: config.municipalityName },
      notifier: { notifications, queue: notificationQueue, publicUrl: config.publicUrl },
      ...(context.onCaseEvent ? { onCaseEvent: context.onCaseEvent } : {}),
    }),
  });
  const sender = startNotificationWorker({
    connection: infrastructure.createRedisConnection(),
    sender: { notifications, transport, logger },
    logger,
    concurrency: config.workerConcurrency,
  });
  const reminderQueue = createReminderQueue(infrastructure.createRedisConnection());
  const jobQueue = createJobQueue(infrastructure.createRedisConnection());
  const { Task, Timer } = engineModels(infrastructure.db);
  const now = () => new Date();
  const reminders = await startReminderWorker({
    connection: infrastructure.createRedisConnection(),
    deps: {
      tasks: Task,
      timers: Timer,
      cases: cases.Case,
      users,
      queue: reminderQueue,
      notifier: { notifications, queue: notificationQueue, publicUrl: config.publicUrl },
      now,
      meetings: planMeetingSource(infrastructure.db),
      plans: taskPlanActivitySource({ tasks: Task, cases: cases.Case, planTaskElementIds: reminderSettings.planTaskElementIds }),
    },
    // Receipts whose letter was never queued (Redis away at intake) or was lost with Redis.
    alsoOnScan: () => queueMissingReceiptLetters({ cases, queue: jobQueue, now }),
    logger,
    concurrency: config.reminderConcurrency,
    scanEveryMs: config.reminderScanIntervalMs,
  });
  await Promise.all([timers.ready(), jobs.ready(), sender.ready(), reminders.ready()]);
  return {
    async close() {
      await Promise.all([timers.close(), jobs.close(), sender.close(), reminders.close()]);
      await Promise.all([notificationQueue.close(), reminderQueue.close(), jobQueue.close()]);
      transport?.close();
    },
  };
}

/**
 * What the job worker does with each job: a letter is rendered and stored (server/letters) and its
 * recipient notified; other notifications go to the outbox; case events are applied to the case
 * (server/commands/caseEventApplier.ts) unless another handler is given.
 */
export function jobDelivery(deps: {
  outbox: Model<OutboxEntry>;
  cases: CaseModels;
  /** Staff the process's notifications name (the coordinator); without it, those stay in the outbox only. */
  users?: UserModel;
  logger: Logger;
  /** Without them (tests of case events only), letters go to the outbox as their template name. */
  letters?: LetterContext;
  notifier?: NotifierDeps;
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
    // Every letter and notification is recorded in the outbox first, under the per-case daily cap.
    const delivered = await deliverToOutbox(deps.outbox, { ...job, kind: job.kind }, new Date(), deps.messagesPerDay);
    if (!delivered) {
      deps.logger.warn({ caseId: job.caseId, template: job.template, jobId: job.jobId }, 'message held back: the case has had as many of this kind today as allowed');
      return;
    }
    if (job.kind === 'letter' && deps.letters) await deliverLetter(deps.letters, deps.notifier, deps.logger, job);
    if (job.kind === 'notification' && deps.notifier && deps.users) await notifyProcessMessage({ cases: deps.cases, users: deps.users, notifier: deps.notifier }, job);
  };
}

/** Renders and stores the letter (once per job), then tells its recipient a letter is ready (once per letter). */
async function deliverLetter(letters: LetterContext, notifier: NotifierDeps | undefined, logger: Logger, job: OutboundJobData & { readonly jobId: string }): Promise<void> {
  const result = await letterWriter(letters, job);
  if (result.outcome === 'ignored') {
    logger.warn({ caseId: job.caseId, template: job.template, reason: result.reason }, 'letter job ignored');
    return;
  }
  const { letter } = result;
  if (result.outcome === 'written') logger.info({ caseId: job.caseId, template: letter.template, letterId: letter._id.toHexString() }, 'letter written');
  if (!notifier) return;
  await notify(notifier, {
    key: `letter-ready-${letter._id.toHexString()}`,
    kind: 'letter-ready',
    caseId: job.caseId,
    to: { userId: null, email: letter.to.email },
    language: letter.language,
    path: `/mine-saker/${letter.caseId.toHexString()}`,
  });
  if (letter.template === 'receipt') await markReceiptDelivered(letters.cases, job.caseId, new Date());
}
