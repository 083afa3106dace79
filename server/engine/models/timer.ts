import { Schema, type Connection, type Model } from 'mongoose';
import type { TimerStatus } from '../types.js';

/**
 * A durable timer: the engine's timer with its due time. The BullMQ delayed job with the same id
 * fires it; restoreTimers re-creates the job from here when Redis lost it.
 */
export interface TimerDoc {
  _id: string;
  instanceId: string;
  caseId: string;
  processKey: string;
  elementId: string;
  name?: string;
  /** Engine execution id of the timer event definition. */
  executionId: string;
  /** Engine execution id of the boundary/catch event holding the timer. */
  activityExecutionId: string;
  timerType?: string;
  timerValue?: string;
  dueAt: Date;
  status: TimerStatus;
  createdAt: Date;
  firedAt?: Date;
  cancelledAt?: Date;
  incidentId?: string;
}

const schema = new Schema<TimerDoc>(
  {
    _id: { type: String, required: true },
    instanceId: { type: String, required: true },
    caseId: { type: String, required: true },
    processKey: { type: String, required: true },
    elementId: { type: String, required: true },
    name: String,
    executionId: { type: String, required: true },
    activityExecutionId: { type: String, required: true },
    timerType: String,
    timerValue: String,
    dueAt: { type: Date, required: true },
    status: { type: String, required: true },
    createdAt: { type: Date, required: true },
    firedAt: Date,
    cancelledAt: Date,
    incidentId: String,
  },
  { versionKey: false, minimize: false, autoIndex: false, collection: 'timers' },
);
schema.index({ status: 1, dueAt: 1 });
schema.index({ instanceId: 1, status: 1 });

export type TimerModel = Model<TimerDoc>;

export function timerModel(connection: Connection): TimerModel {
  return (connection.models.EngineTimer as TimerModel | undefined) ?? connection.model<TimerDoc>('EngineTimer', schema);
}
