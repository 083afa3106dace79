import { Schema, type Connection, type Model } from 'mongoose';
import type { OutboundJobData } from '../definitions/service-handlers.js';

/**
 * The embedded default notifier: letters and notifications are kept in an outbox collection that
 * staff and the person can read in the app. Delivery is idempotent per job key, so a retried job
 * never produces a second message.
 */
export interface OutboxEntry {
  _id: string;
  kind: 'letter' | 'notification';
  template: string;
  caseId: string;
  instanceId: string;
  variables: Record<string, unknown>;
  createdAt: Date;
}

const outboxSchema = new Schema<OutboxEntry>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['letter', 'notification'] },
    template: { type: String, required: true },
    caseId: { type: String, required: true },
    instanceId: { type: String, required: true },
    variables: { type: Schema.Types.Mixed, default: {} },
    createdAt: { type: Date, required: true },
  },
  { collection: 'outbox', versionKey: false, minimize: false },
);
outboxSchema.index({ caseId: 1, createdAt: 1 });

export function outboxModel(connection: Connection): Model<OutboxEntry> {
  return (connection.models.Outbox as Model<OutboxEntry> | undefined) ?? connection.model<OutboxEntry>('Outbox', outboxSchema);
}

/** Puts a letter or notification job in the outbox once, keyed by the job's deterministic id. */
export async function deliverToOutbox(
  model: Model<OutboxEntry>,
  job: OutboundJobData & { readonly jobId: string; readonly kind: 'letter' | 'notification' },
  now: Date = new Date(),
): Promise<void> {
  await model.updateOne(
    { _id: job.jobId },
    {
      $setOnInsert: {
        kind: job.kind,
        template: job.template,
        caseId: job.caseId,
        instanceId: job.instanceId,
        variables: job.variables,
        createdAt: now,
      },
    },
    { upsert: true },
  );
}
