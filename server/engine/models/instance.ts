import { Schema, type Connection, type Model } from 'mongoose';
import type { ActiveElement, HistoryEntry, InstanceStatus, ServiceFailure, TaskLabels } from '../types.js';
import type { Effects } from '../effects.js';
import type { StoredState } from '../saved-state.js';

/**
 * One process instance. `state` is bpmn-engine's state without the BPMN source, packed (the
 * instance's definition version is `definitionId`); every save is guarded by `rev`. `pending`
 * holds the derived writes of the last save until they are applied (an outbox), so a process
 * that dies between the save and those writes loses nothing.
 */
export interface InstanceDoc {
  _id: string;
  processKey: string;
  definitionId: string;
  caseId: string;
  rev: number;
  status: InstanceStatus;
  /** Packed (saved-state.ts); read back as BSON binary data, or as text from before it was packed. */
  state: StoredState;
  variables: Record<string, unknown>;
  active: ActiveElement[];
  failures: ServiceFailure[];
  history: HistoryEntry[];
  pending: Effects | null;
  /** Service failures with an open incident. */
  openIncidents: number;
  /** Service failures waiting for an automatic retry (restoreTimers re-creates their jobs). */
  pendingRetries: number;
  startedAt: Date;
  startedBy: string;
  updatedAt: Date;
  endedAt?: Date;
  /** Set by the caller at start (or later with labelInstance); copied onto every task the instance creates. */
  labels?: TaskLabels;
}

const schema = new Schema<InstanceDoc>(
  {
    _id: { type: String, required: true },
    processKey: { type: String, required: true },
    definitionId: { type: String, required: true },
    caseId: { type: String, required: true },
    rev: { type: Number, required: true },
    status: { type: String, required: true },
    state: { type: Schema.Types.Mixed, required: true },
    variables: { type: Schema.Types.Mixed, default: {} },
    active: { type: Schema.Types.Mixed, default: [] },
    failures: { type: Schema.Types.Mixed, default: [] },
    history: { type: Schema.Types.Mixed, default: [] },
    pending: { type: Schema.Types.Mixed, default: null },
    openIncidents: { type: Number, default: 0 },
    pendingRetries: { type: Number, default: 0 },
    startedAt: { type: Date, required: true },
    startedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    endedAt: { type: Date },
    labels: Schema.Types.Mixed,
  },
  { versionKey: false, minimize: false, autoIndex: false, collection: 'instances' },
);
schema.index({ caseId: 1 });
schema.index({ status: 1, processKey: 1 });
schema.index({ pendingRetries: 1 }, { partialFilterExpression: { pendingRetries: { $gt: 0 } } });

export type InstanceModel = Model<InstanceDoc>;

export function instanceModel(connection: Connection): InstanceModel {
  return (connection.models.EngineInstance as InstanceModel | undefined) ?? connection.model<InstanceDoc>('EngineInstance', schema);
}
