/**
 * The reminder worker: fires due reminders (queue `reminders`, server/notifications/reminders.ts)
 * and schedules them from MongoDB: all of them at start, then every few minutes those of new tasks
 * and timers. Any number of these may run: job ids and notification keys are deterministic.
 */
import { DelayedError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../../server/log.js';
import { fireReminder, reminderQueueName, scheduleReminders, type ReminderDeps, type ReminderJobData } from '../../server/notifications/reminders.js';

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
  /** How often the reminders of new tasks, timers and meetings are scheduled (REMINDER_SCAN_INTERVAL; default 5 minutes). */
  readonly scanEveryMs?: number;
}): Promise<ReminderWorker> {
  const logger = options.logger.child({ component: 'reminder-worker' });
  const { deps } = options;
  const scanEveryMs = options.scanEveryMs ?? 5 * 60_000;
  // Each scan looks at what was created since the previous one began (less one interval, for
  // writes of other processes still in flight and their clocks): a late scan, or a clock that
  // stepped forward, misses nothing.
  let previousScanAt = deps.now();
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
  let scanning: Promise<void> | undefined;
  const scan = setInterval(() => {
    if (scanning) return; // still at it: the next scan looks back far enough
    const previous = previousScanAt;
    previousScanAt = deps.now();
    scanning = scheduleReminders(deps, { createdSince: new Date(previous.getTime() - scanEveryMs) })
      .then(() => options.alsoOnScan?.())
      .then(() => undefined)
      .catch((error: unknown) => {
        previousScanAt = previous; // the next scan looks back as far as this one did
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'reminder scan failed');
      })
      .finally(() => {
        scanning = undefined;
      });
  }, scanEveryMs);
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
