import { Schema, type Connection, type Model } from 'mongoose';
import type { IncidentStatus } from '../types.js';

/**
 * Something staff must look at: a service handler that failed all its automatic attempts
 * (kind 'service'), or a timer whose run stopped with an engine error (kind 'timer').
 */
export interface IncidentDoc {
  _id: string;
  kind: 'service' | 'timer';
  instanceId: string;
  caseId: string;
  processKey: string;
  elementId: string;
  executionId?: string;
  handler?: string;
  timerId?: string;
  attempts: number;
  lastError: string;
  status: IncidentStatus;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt?: Date;
  resolvedBy?: string;
  resolution?: string;
}

const schema = new Schema<IncidentDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    instanceId: { type: String, required: true },
    caseId: { type: String, required: true },
    processKey: { type: String, required: true },
    elementId: { type: String, required: true },
    executionId: String,
    handler: String,
    timerId: String,
    attempts: { type: Number, required: true },
    lastError: { type: String, required: true },
    status: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    resolvedAt: Date,
    resolvedBy: String,
    resolution: String,
  },
  { versionKey: false, minimize: false, autoIndex: false, collection: 'incidents' },
);
schema.index({ status: 1, createdAt: -1 });
schema.index({ instanceId: 1, status: 1 });

export type IncidentModel = Model<IncidentDoc>;

export function incidentModel(connection: Connection): IncidentModel {
  return (connection.models.EngineIncident as IncidentModel | undefined) ?? connection.model<IncidentDoc>('EngineIncident', schema);
}
