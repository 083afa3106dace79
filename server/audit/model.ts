import { Schema, type Connection, type Model } from 'mongoose';
import { roles, type Role } from '../auth/roles.js';

/**
 * One entry of the audit log: who (id, name and role at the time), did what, to which case or
 * user, through which route, when, and whether it was allowed. Append-only: this module offers
 * inserts and finds only, and every update, replace and delete through the model throws. In
 * production, also give the application's MongoDB user only insert and find on `auditlog`.
 */
export type AuditOutcome = 'allowed' | 'denied';

export interface AuditEntryDoc {
  _id: string;
  time: Date;
  actorId: string;
  actorName: string;
  actorRole: Role | 'anonymous';
  /** The actor leads their coordinating unit (a KE case worker with the lead flag). */
  actorLead?: boolean;
  /** `<resource>.<action>`, e.g. case.read, plan.update, user.create, audit.search (contract/audit.ts). */
  action: string;
  outcome: AuditOutcome;
  caseId?: string;
  /** The unit owning the case, so a unit's lead can search their unit's entries. */
  unitId?: string;
  targetUserId?: string;
  /** Method and route pattern, e.g. `GET /api/cases/:id` (never the query string). */
  route?: string;
  /** What was asked, when the action alone does not say it (a masked identity number searched for). */
  detail?: string;
}

const schema = new Schema<AuditEntryDoc>(
  {
    _id: { type: String, required: true },
    time: { type: Date, required: true },
    actorId: { type: String, required: true },
    actorName: { type: String, default: '' },
    actorRole: { type: String, required: true, enum: [...roles, 'anonymous'] },
    actorLead: Boolean,
    action: { type: String, required: true },
    outcome: { type: String, required: true, enum: ['allowed', 'denied'] },
    caseId: String,
    unitId: String,
    targetUserId: String,
    route: String,
    detail: String,
  },
  { versionKey: false, autoIndex: false, collection: 'auditlog', strict: 'throw' },
);
// The search pages newest first from each of these, for a case, a user, a unit (a lead's search),
// a unit's actions, an action (an admin's) or everything; a resource's actions (`case.`) are read
// as their few distinct names (see the embedded server's planner).
schema.index({ caseId: 1, time: -1 });
schema.index({ actorId: 1, time: -1 });
schema.index({ unitId: 1, time: -1 });
schema.index({ unitId: 1, action: 1, time: -1 });
schema.index({ action: 1, time: -1 });
schema.index({ time: -1 });

const refuse = function (): never {
  throw new Error('the audit log is append-only');
};
for (const operation of [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'findOneAndReplace',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
] as const) {
  schema.pre(operation, refuse);
}
schema.pre('save', function () {
  if (!this.isNew) refuse();
});
schema.pre(['deleteOne', 'updateOne'], { document: true, query: false }, refuse);
schema.pre('bulkWrite', function (operations) {
  if (operations.some((op) => !('insertOne' in op))) refuse();
});

export type AuditEntryModel = Model<AuditEntryDoc>;

export function auditEntryModel(connection: Connection): AuditEntryModel {
  return (connection.models.AuditEntry as AuditEntryModel | undefined) ?? connection.model<AuditEntryDoc>('AuditEntry', schema);
}
