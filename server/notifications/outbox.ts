import { Schema, type Connection, type Model } from 'mongoose';
import type { OutboundJobData } from '../definitions/service-handlers.js';
import { todayInNorway } from '../../forms/national-id.js';

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

/** How many messages of one kind (template) one case gets per day, whatever its process asks for. */
export const defaultMessagesPerDay = 3;

interface DailyCountDoc {
  /** `<case id>:<template>:<YYYY-MM-DD in Norway>` */
  _id: string;
  count: number;
  expiresAt: Date;
}

const dailyCountSchema = new Schema<DailyCountDoc>(
  { _id: { type: String, required: true }, count: { type: Number, required: true }, expiresAt: { type: Date, required: true } },
  { collection: 'outbox_daily_counts', versionKey: false },
);
dailyCountSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

function dailyCountModel(connection: Connection): Model<DailyCountDoc> {
  return (connection.models.OutboxDailyCount as Model<DailyCountDoc> | undefined) ?? connection.model<DailyCountDoc>('OutboxDailyCount', dailyCountSchema);
}

/**
 * Puts a letter or notification job in the outbox once, keyed by the job's deterministic id. A
 * case gets at most `messagesPerDay` messages of one template a day: a definition whose timer
 * fires too often (a version deployed before the timer limits, which running cases keep) cannot
 * flood a person. Returns false when the message was held back for that reason.
 */
export async function deliverToOutbox(
  model: Model<OutboxEntry>,
  job: OutboundJobData & { readonly jobId: string; readonly kind: 'letter' | 'notification' },
  now: Date = new Date(),
  messagesPerDay: number = defaultMessagesPerDay,
): Promise<boolean> {
  if (await model.exists({ _id: job.jobId })) return true;
  const counts = dailyCountModel(model.db);
  const counted = await counts
    .findOneAndUpdate(
      { _id: `${job.caseId}:${job.template}:${todayInNorway(now)}` },
      { $inc: { count: 1 }, $setOnInsert: { expiresAt: new Date(now.getTime() + 2 * 24 * 3600 * 1000) } },
      { upsert: true, returnDocument: 'after' },
    )
    .lean<DailyCountDoc>();
  if ((counted?.count ?? 0) > messagesPerDay) return false;
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
  return true;
}
