import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { MeasureReport, PlanDraft, PlanReview, PlanVersionContext, PlanVersionStatus, ResponsibilityGroup } from '../../contract/plan.js';

/**
 * The plan of a case (one per case, its _id the case's): the draft the coordinator works on, the
 * responsibility group, the reviews and the group members' reports on their measures. The draft
 * and the group each carry a revision number; a write names the revision it was made from and is
 * refused when someone else saved in between (concurrent edits are detected, never overwritten).
 */
export interface PlanDoc {
  _id: Types.ObjectId;
  unitId: string;
  revision: number;
  draft: PlanDraft;
  draftSavedAt: Date | null;
  draftSavedBy: string | null;
  groupRevision: number;
  group: ResponsibilityGroup;
  reviews: (Omit<PlanReview, 'at'> & { at: Date })[];
  reports: (Omit<MeasureReport, 'at'> & { at: Date; byId: string })[];
  createdAt: Date;
}

/**
 * One version of a plan, frozen when it was sent to the person: its content never changes. Only
 * the answer is written, once, while the version is `sent` (approved, changes requested, or
 * superseded when a version was left unanswered); the model refuses every other update.
 */
export interface PlanVersionDoc extends PlanVersionContext {
  /** `<case id>-<number>`: two sends of the same number cannot both be stored. */
  _id: string;
  caseId: Types.ObjectId;
  number: number;
  content: PlanDraft;
  sentAt: Date;
  sentBy: { id: string; name: string };
  status: PlanVersionStatus;
  answeredAt: Date | null;
  comment: string | null;
}

const planSchema = new Schema<PlanDoc>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: String, required: true },
    revision: { type: Number, required: true },
    draft: { type: Schema.Types.Mixed, required: true },
    draftSavedAt: { type: Date, default: null },
    draftSavedBy: { type: String, default: null },
    groupRevision: { type: Number, required: true },
    group: { type: Schema.Types.Mixed, required: true },
    reviews: { type: Schema.Types.Mixed, default: [] },
    reports: { type: Schema.Types.Mixed, default: [] },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, autoIndex: false, collection: 'plans' },
);

const answerFields = new Set(['status', 'answeredAt', 'comment']);

/** An update may only answer a version still `sent`, and only write its answer. */
function onlyAnswer(filter: Record<string, unknown>, update: unknown): void {
  if (filter.status !== 'sent') throw new Error('plan versions are frozen: only a version still sent may be answered');
  const set = (update as { $set?: Record<string, unknown> } | null)?.$set;
  const operators = Object.keys((update as Record<string, unknown> | null) ?? {});
  if (!set || operators.some((op) => op !== '$set') || Object.keys(set).some((field) => !answerFields.has(field))) {
    throw new Error('plan versions are frozen: only the answer of a sent version may be written');
  }
}

const versionSchema = new Schema<PlanVersionDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    number: { type: Number, required: true },
    content: { type: Schema.Types.Mixed, required: true },
    coordinator: { type: Schema.Types.Mixed, default: null },
    consent: { type: Schema.Types.Mixed, required: true },
    sentAt: { type: Date, required: true },
    sentBy: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true },
    answeredAt: { type: Date, default: null },
    comment: { type: String, default: null },
  },
  { versionKey: false, minimize: false, autoIndex: false, collection: 'plan_versions' },
);
versionSchema.index({ caseId: 1, number: -1 });
for (const operation of ['updateOne', 'updateMany', 'findOneAndUpdate'] as const) {
  versionSchema.pre(operation, function frozen() {
    onlyAnswer(this.getFilter() as Record<string, unknown>, this.getUpdate());
  });
}
for (const operation of ['replaceOne', 'findOneAndReplace'] as const) {
  versionSchema.pre(operation, () => {
    throw new Error('plan versions are frozen: a version is never replaced');
  });
}
versionSchema.pre('save', function onlyNew() {
  if (!this.isNew) throw new Error('plan versions are frozen: a version is never changed');
});

export interface PlanModels {
  readonly Plan: Model<PlanDoc>;
  readonly PlanVersion: Model<PlanVersionDoc>;
}

function model<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}

export function planModels(connection: Connection): PlanModels {
  return { Plan: model(connection, 'Plan', planSchema), PlanVersion: model(connection, 'PlanVersion', versionSchema) };
}

export async function ensurePlanIndexes(models: PlanModels): Promise<void> {
  await Promise.all([models.Plan.createIndexes(), models.PlanVersion.createIndexes()]);
}

export const emptyDraft = (): PlanDraft => ({ goals: [], participants: [], measures: [], otherPlans: [] });
