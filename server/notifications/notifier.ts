/**
 * The notifier port: records a notification under its unique key, enqueues its sending with the
 * same deterministic job id, and sends it (SMTP through nodemailer, or, with no SMTP_URL, keeps it
 * in the outbox and logs it). Sending is claimed in MongoDB, so two workers never send the same
 * message, and a message that still fails after the job's last attempt is marked failed.
 *
 * A worker that records many notifications at once (the reminder worker) enqueues one sending job
 * for all of them: its id is derived from their keys, and each message in it is still claimed,
 * retried and marked failed on its own.
 */
import { createHash } from 'node:crypto';
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

/** One message (`key`), or the messages a worker recorded together (`keys`). */
export type NotificationJobData = { readonly key: string } | { readonly keys: readonly string[] };

export function notificationKeys(data: NotificationJobData): readonly string[] {
  return 'keys' in data ? data.keys : [data.key];
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

/** The job id of one sending job for many messages: the same keys give the same id, in any order. */
export function notificationBatchJobId(keys: readonly string[]): string {
  return `notify-batch-${createHash('sha256').update([...keys].sort().join('\n')).digest('hex').slice(0, 40)}`;
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

/**
 * Records notifications with one unordered `insert` command (the driver's bulk machinery costs more
 * than the insert itself at reminder rates); a key recorded before is a duplicate, not an error.
 */
async function recordAll(deps: NotifierDeps, docs: readonly NotificationDoc[]): Promise<void> {
  const db = deps.notifications.db.db;
  if (!db) throw new Error('the database connection is not open');
  const reply = await db.command({ insert: deps.notifications.collection.collectionName, documents: docs, ordered: false });
  const writeErrors = (reply.writeErrors ?? []) as { code?: number; errmsg?: string }[];
  const other = writeErrors.find((e) => e.code !== 11000);
  if (other) throw new Error(`notifications not recorded: ${other.errmsg ?? `code ${other.code}`}`);
  if (reply.writeConcernError) throw new Error(`notifications not recorded: ${String(reply.writeConcernError.errmsg ?? 'write concern error')}`);
}

/**
 * `notify` for a worker that records many notifications at once (the reminder worker): the
 * notifications of the jobs in progress together are recorded with one unordered insert, then one
 * job sends them all. The same effect as `notify`, once per key: a key recorded again (a retried
 * reminder) may be in a second sending job, and the claim in MongoDB sends it once.
 */
export function batchedNotifier(deps: NotifierDeps): (input: NewNotification) => Promise<void> {
  return microBatch<NewNotification, void>(async (inputs) => {
    const now = deps.now?.() ?? new Date();
    const unique = [...new Map(inputs.map((input) => [input.key, input])).values()];
    await recordAll(deps, unique.map((input) => notificationDoc(deps, input, now)));
    // Also the keys recorded before: their first attempt may have died between recording and enqueueing.
    const keys = unique.map((input) => input.key);
    await deps.queue.add('send', { keys }, { ...notificationJobOptions, ...deps.jobOptions, jobId: notificationBatchJobId(keys) });
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

export interface SendManyResult {
  readonly outcomes: Readonly<Partial<Record<SendOutcome, number>>>;
  /** The messages not sent this time (sending refused, or another worker holds them). */
  readonly errors: readonly { readonly key: string; readonly error: unknown }[];
}

/**
 * Sends the messages of one sending job one after the other, each as `sendNotification` sends it: a
 * message sent or kept before is not sent again, and on the job's last attempt one that fails is
 * marked failed. One failing message does not hold back the others. One at a time, as one job per
 * message was: a worker killed in the middle of a job has at most one message with the mail server.
 */
export async function sendNotifications(deps: SenderDeps, keys: readonly string[], lastAttempt: boolean): Promise<SendManyResult> {
  const outcomes: Partial<Record<SendOutcome, number>> = {};
  const errors: { key: string; error: unknown }[] = [];
  for (const key of keys) {
    try {
      const outcome = await sendNotification(deps, key, lastAttempt);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    } catch (error) {
      errors.push({ key, error });
    }
  }
  return { outcomes, errors };
}
