/**
 * The notifier port: records a notification under its unique key, enqueues its sending with the
 * same deterministic job id, and sends it (SMTP through nodemailer, or, with no SMTP_URL, keeps it
 * in the outbox and logs it). Sending is claimed in MongoDB, so two workers never send the same
 * message, and a message that still fails after the job's last attempt is marked failed.
 */
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { Model } from 'mongoose';
import nodemailer from 'nodemailer';
import type { DocumentLanguage } from '../documents/index.js';
import type { Logger } from '../log.js';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { microBatch } from './batch.js';
import { notificationText, type NotificationKind } from './messages.js';
import type { NotificationDoc } from './model.js';

export const notificationQueueName = 'notifications';

export interface NotificationJobData {
  readonly key: string;
}

export const notificationJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export function createNotificationQueue(connection: ConnectionOptions, prefix?: string): Queue<NotificationJobData> {
  return new Queue<NotificationJobData>(notificationQueueName, { connection, ...(prefix ? { prefix } : {}) });
}

/** BullMQ job ids may not contain ':'. */
export function notificationJobId(key: string): string {
  return `notify-${key.replace(/:/g, '_')}`;
}

/** Delivers one message outside the product; returns the message id. */
export interface MailTransport {
  send(message: { to: string; subject: string; text: string; messageId?: string }): Promise<string>;
  close(): void;
}

export function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      const info = await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text, ...(message.messageId ? { messageId: message.messageId } : {}) });
      return String(info.messageId ?? '');
    },
    close: () => transporter.close(),
  };
}

export interface NewNotification {
  readonly key: string;
  readonly kind: NotificationKind;
  readonly caseId: string | null;
  readonly to: { readonly userId: string | null; readonly email: string | null };
  readonly language: DocumentLanguage;
  /** Where the link points, a path on PUBLIC_URL. */
  readonly path: string;
}

export interface NotifierDeps {
  readonly notifications: Model<NotificationDoc>;
  readonly queue: Queue<NotificationJobData>;
  readonly publicUrl: string;
  readonly now?: () => Date;
  /** Attempts and backoff of the sending job (default notificationJobOptions). */
  readonly jobOptions?: JobsOptions;
}

function notificationDoc(deps: NotifierDeps, input: NewNotification, now: Date): NotificationDoc {
  const { subject, text } = notificationText(input.kind, input.language, `${deps.publicUrl}${input.path}`);
  return {
    _id: input.key,
    kind: input.kind,
    caseId: input.caseId,
    to: { userId: input.to.userId, email: input.to.email },
    language: input.language,
    subject,
    text,
    status: 'pending',
    attempts: 0,
    claimedUntil: null,
    lastError: null,
    messageId: null,
    createdAt: now,
    sentAt: null,
    failedAt: null,
  };
}

/** Every write error of an unordered insert is a duplicate key (the notification was recorded before). */
function onlyDuplicates(error: unknown): boolean {
  if (isDuplicateKeyError(error) && !(error as { writeErrors?: unknown }).writeErrors) return true;
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return list.length > 0 && list.every((e: { code?: unknown; err?: { code?: unknown } }) => (e.code ?? e.err?.code) === 11000);
}

/**
 * `notify` for a worker that records many notifications at once (the reminder worker): the
 * notifications of the jobs in progress together are recorded with one unordered insert and their
 * sending jobs added with one call. The same effect as `notify`, once per key.
 */
export function batchedNotifier(deps: NotifierDeps): (input: NewNotification) => Promise<void> {
  return microBatch<NewNotification, void>(async (inputs) => {
    const now = deps.now?.() ?? new Date();
    const unique = [...new Map(inputs.map((input) => [input.key, input])).values()];
    try {
      await deps.notifications.collection.insertMany(unique.map((input) => notificationDoc(deps, input, now)) as never[], { ordered: false });
    } catch (error) {
      if (!onlyDuplicates(error)) throw error;
    }
    await deps.queue.addBulk(unique.map((input) => ({ name: 'send', data: { key: input.key }, opts: { ...notificationJobOptions, ...deps.jobOptions, jobId: notificationJobId(input.key) } })));
    return inputs.map(() => undefined);
  });
}

/** Records the notification once (its key is unique) and enqueues its sending once (deterministic job id). */
export async function notify(deps: NotifierDeps, input: NewNotification): Promise<void> {
  const doc = notificationDoc(deps, input, deps.now?.() ?? new Date());
  try {
    await deps.notifications.create(doc);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  // Also after a duplicate: the first attempt may have died between recording and enqueueing.
  await deps.queue.add('send', { key: input.key }, { ...notificationJobOptions, ...deps.jobOptions, jobId: notificationJobId(input.key) });
}

export interface SenderDeps {
  readonly notifications: Model<NotificationDoc>;
  /** Null: no SMTP configured, messages are kept in the outbox. */
  readonly transport: MailTransport | null;
  readonly logger: Logger;
  /** How long a worker may take to send one message before another may take it over. */
  readonly claimMs?: number;
  readonly now?: () => Date;
}

export type SendOutcome = 'sent' | 'kept' | 'done-before' | 'unknown';

export class NotificationBusyError extends Error {
  constructor(key: string) {
    super(`notification ${key} is being sent by another worker`);
    this.name = 'NotificationBusyError';
  }
}

/**
 * Sends one recorded notification. `lastAttempt`: when this attempt fails too, the notification is
 * marked failed (the lead sees it) instead of being left pending.
 */
export async function sendNotification(deps: SenderDeps, key: string, lastAttempt: boolean): Promise<SendOutcome> {
  const now = deps.now?.() ?? new Date();
  const claimed = await deps.notifications.findOneAndUpdate(
    { _id: key, status: 'pending', $or: [{ claimedUntil: null }, { claimedUntil: { $lt: now } }] },
    { $set: { claimedUntil: new Date(now.getTime() + (deps.claimMs ?? 60_000)) }, $inc: { attempts: 1 } },
    { returnDocument: 'after' },
  ).lean<NotificationDoc>();
  if (!claimed) {
    const current = await deps.notifications.findById(key, { status: 1 }).lean<Pick<NotificationDoc, 'status'>>();
    if (!current) return 'unknown';
    if (current.status !== 'pending') return 'done-before';
    throw new NotificationBusyError(key);
  }
  if (!deps.transport || !claimed.to.email) {
    await deps.notifications.updateOne({ _id: key }, { $set: { status: 'kept', claimedUntil: null } });
    deps.logger.info({ notification: key, kind: claimed.kind, caseId: claimed.caseId, email: claimed.to.email !== null }, 'notification kept in the outbox');
    return 'kept';
  }
  try {
    // The same Message-ID on every attempt: a receiving system can tell a resend after a crash from a new message.
    const messageId = await deps.transport.send({ to: claimed.to.email, subject: claimed.subject, text: claimed.text, messageId: `<${key}@individuell-plan.invalid>` });
    await deps.notifications.updateOne({ _id: key }, { $set: { status: 'sent', sentAt: deps.now?.() ?? new Date(), messageId, claimedUntil: null, lastError: null } });
    return 'sent';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await deps.notifications.updateOne(
      { _id: key },
      { $set: { claimedUntil: null, lastError: message.slice(0, 500), ...(lastAttempt ? { status: 'failed', failedAt: deps.now?.() ?? new Date() } : {}) } },
    );
    deps.logger.warn({ notification: key, kind: claimed.kind, lastAttempt, err: message }, lastAttempt ? 'notification failed' : 'notification not sent: will retry');
    throw error;
  }
}
