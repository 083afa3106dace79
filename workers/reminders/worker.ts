/**
 * The reminder worker: fires due reminders (queue `reminders`, server/notifications/reminders.ts)
 * and schedules them from MongoDB: all of them at start, then every few minutes those of new tasks
 * and timers. Any number of these may run: job ids and notification keys are deterministic.
 */
import { DelayedError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../../server/log.js';
import { fireReminder, reminderQueueName, reminderSettings, scheduleReminders, type ReminderDeps, type ReminderJobData } from '../../server/notifications/reminders.js';

export interface ReminderWorker {
  ready(): Promise<void>;
  close(): Promise<void>;
}

export async function startReminderWorker(options: {
  readonly connection: Redis;
  readonly deps: ReminderDeps;
  readonly logger: Logger;
  readonly concurrency?: number;
  readonly queuePrefix?: string;
  /** Schedule every reminder from MongoDB before taking jobs (default true). */
  readonly scheduleOnStart?: boolean;
  /** Another repair to run at start and with every scan (e.g. receipt letters Redis lost). */
  readonly alsoOnScan?: () => Promise<number>;
}): Promise<ReminderWorker> {
  const logger = options.logger.child({ component: 'reminder-worker' });
  const { deps } = options;
  if (options.scheduleOnStart ?? true) {
    const scheduled = await scheduleReminders(deps);
    const repaired = (await options.alsoOnScan?.()) ?? 0;
    logger.info({ scheduled, repaired }, 'reminders scheduled from MongoDB');
  }
  const worker = new Worker<ReminderJobData>(
    reminderQueueName,
    async (job, token) => {
      const result = await fireReminder(deps, job.data);
      if (result.outcome === 'not-due' && token) {
        // Came too early (clock skew, or a date that moved later): put it back until it is due.
        await job.moveToDelayed(result.fireAt.getTime(), token);
        throw new DelayedError();
      }
      return result.outcome;
    },
    { connection: options.connection, concurrency: options.concurrency ?? 10, ...(options.queuePrefix ? { prefix: options.queuePrefix } : {}) },
  );
  worker.on('failed', (job, error) => logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error.message }, 'reminder failed'));
  worker.on('error', (error) => logger.error({ err: error.message }, 'reminder worker error'));
  let scanning = Promise.resolve();
  const scan = setInterval(() => {
    scanning = scheduleReminders(deps, { createdSince: new Date(deps.now().getTime() - 3 * reminderSettings.scanEveryMs) })
      .then(() => options.alsoOnScan?.())
      .then(() => undefined)
      .catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'reminder scan failed'));
  }, reminderSettings.scanEveryMs);
  scan.unref();
  return {
    ready: () => worker.waitUntilReady().then(() => undefined),
    async close() {
      clearInterval(scan);
      await scanning;
      await worker.close();
    },
  };
}
