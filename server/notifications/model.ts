import { Schema, type Connection, type Model } from 'mongoose';
import type { DocumentLanguage } from '../documents/index.js';
import type { NotificationKind } from './messages.js';

/**
 * One e-mail notification, recorded under its unique key before it is sent, so that a rule or a
 * letter that fires twice, a retried job or two workers never send it twice. With no SMTP server
 * configured, messages are `kept`: they stay here (the outbox staff read in the app) and are logged.
 */
export type NotificationStatus = 'pending' | 'sent' | 'kept' | 'failed';

export interface NotificationDoc {
  /** Deterministic: rule + subject + occasion, e.g. `letter-ready-<letter id>`, `task-due-soon-<task id>-<due date>`. */
  _id: string;
  kind: NotificationKind;
  caseId: string | null;
  to: { userId: string | null; email: string | null };
  language: DocumentLanguage;
  subject: string;
  text: string;
  status: NotificationStatus;
  attempts: number;
  /** A worker sending it holds it until then; after that another may take over. */
  claimedUntil: Date | null;
  lastError: string | null;
  messageId: string | null;
  createdAt: Date;
  sentAt: Date | null;
  failedAt: Date | null;
}

const schema = new Schema<NotificationDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    caseId: { type: String, default: null },
    to: { type: Schema.Types.Mixed, required: true },
    language: { type: String, required: true },
    subject: { type: String, required: true },
    text: { type: String, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    claimedUntil: { type: Date, default: null },
    lastError: { type: String, default: null },
    messageId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
    failedAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false, autoIndex: false, collection: 'notifications' },
);
// Only the indexes the lists read (a lead's failed notifications, a staff member's own): every
// notification recorded updates each of them.
schema.index({ status: 1, failedAt: -1 });
schema.index({ 'to.userId': 1, createdAt: -1 });

export function notificationModel(connection: Connection): Model<NotificationDoc> {
  return (connection.models.Notification as Model<NotificationDoc> | undefined) ?? connection.model<NotificationDoc>('Notification', schema);
}
