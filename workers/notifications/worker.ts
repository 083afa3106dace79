/**
 * Sends the recorded notifications (queue `notifications`): a job carries one message, or the
 * messages the reminder worker recorded together; it is retried with backoff while any of its
 * messages is not sent, and its last failed attempt marks those failed (server/notifications/notifier.ts).
 */
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../../server/log.js';
import { notificationQueueName, sendNotification, sendNotifications, type NotificationJobData, type SenderDeps } from '../../server/notifications/notifier.js';

export interface NotificationWorker {
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function startNotificationWorker(options: {
  readonly connection: Redis;
  readonly sender: SenderDeps;
  readonly logger: Logger;
  readonly concurrency?: number;
  readonly queuePrefix?: string;
  /** BullMQ lock duration; a job of a crashed worker is taken over after about this long (default 30 s). */
  readonly lockDurationMs?: number;
  /** How often BullMQ looks for stalled jobs (default 30 s). */
  readonly stalledIntervalMs?: number;
}): NotificationWorker {
  const logger = options.logger.child({ component: 'notification-worker' });
  const worker = new Worker<NotificationJobData>(
    notificationQueueName,
    async (job) => {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (!('keys' in job.data)) return sendNotification(options.sender, job.data.key, lastAttempt);
      const { outcomes, errors } = await sendNotifications(options.sender, job.data.keys, lastAttempt);
      if (errors.length > 0) {
        // Retried with backoff; the messages sent meanwhile are not sent again.
        const first = errors[0]!.error;
        throw new Error(`${errors.length} of ${job.data.keys.length} notifications not sent: ${first instanceof Error ? first.message : String(first)}`);
      }
      return outcomes;
    },
    {
      connection: options.connection,
      concurrency: options.concurrency ?? 5,
      ...(options.queuePrefix ? { prefix: options.queuePrefix } : {}),
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    },
  );
  worker.on('error', (error) => logger.error({ err: error.message }, 'notification worker error'));
  return {
    ready: () => worker.waitUntilReady().then(() => undefined),
    close: () => worker.close(),
  };
}
