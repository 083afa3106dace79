import { Schema, type Connection, type Model } from 'mongoose';
import type { TaskClosedReason, TaskLabels, TaskStatus } from '../types.js';

/**
 * A user task derived from an engine wait state. `executionId` is instance-qualified
 * (`${instanceId}-${engine execution id}`) and unique, and is also the task's `_id`.
 */
export interface TaskDoc {
  _id: string;
  executionId: string;
  engineExecutionId: string;
  instanceId: string;
  caseId: string;
  processKey: string;
  elementId: string;
  name?: string;
  formKey?: string;
  candidateGroups: string[];
  candidateUsers: string[];
  assignee?: string;
  dueDate?: Date;
  followUpDate?: Date;
  status: TaskStatus;
  closedReason?: TaskClosedReason;
  createdAt: Date;
  claimedAt?: Date;
  closedAt?: Date;
  completedBy?: string;
  /** The form data the task was completed with. */
  output?: Record<string, unknown>;
  /** Set while one completeTask call owns the completion (the atomic guard). */
  completion?: { token: string; at: Date; by: string } | null;
  /** The instance's labels when the task was created (or backfilled): opaque to the engine, searched by the work queue. */
  labels?: TaskLabels;
  /** Form data the assignee saved before completing (saveTaskDraft). */
  draft?: Record<string, unknown> | null;
  draftSavedAt?: Date | null;
  draftBy?: string | null;
}

const schema = new Schema<TaskDoc>(
  {
    _id: { type: String, required: true },
    executionId: { type: String, required: true },
    engineExecutionId: { type: String, required: true },
    instanceId: { type: String, required: true },
    caseId: { type: String, required: true },
    processKey: { type: String, required: true },
    elementId: { type: String, required: true },
    name: String,
    formKey: String,
    candidateGroups: { type: [String], default: [] },
    candidateUsers: { type: [String], default: [] },
    assignee: String,
    dueDate: Date,
    followUpDate: Date,
    status: { type: String, required: true },
    closedReason: String,
    createdAt: { type: Date, required: true },
    claimedAt: Date,
    closedAt: Date,
    completedBy: String,
    output: Schema.Types.Mixed,
    completion: { type: Schema.Types.Mixed, default: null },
    labels: Schema.Types.Mixed,
    draft: Schema.Types.Mixed,
    draftSavedAt: Date,
    draftBy: String,
  },
  { versionKey: false, minimize: false, autoIndex: false, collection: 'tasks' },
);
schema.index({ executionId: 1 }, { unique: true });
schema.index({ candidateGroups: 1, status: 1, dueDate: 1 });
schema.index({ assignee: 1, status: 1, dueDate: 1 });
schema.index({ instanceId: 1, status: 1 });
schema.index({ caseId: 1, createdAt: 1 });
// The work queue's queries (server/tasks): a unit's open tasks by each sort, a case number, due dates.
schema.index({ 'labels.unitId': 1, status: 1, dueDate: 1 });
schema.index({ 'labels.unitId': 1, status: 1, followUpDate: 1 });
schema.index({ 'labels.unitId': 1, status: 1, createdAt: 1 });
schema.index({ 'labels.unitId': 1, status: 1, 'labels.personSort': 1 });
schema.index({ 'labels.unitId': 1, candidateGroups: 1, status: 1, dueDate: 1 });
schema.index({ 'labels.caseNumber': 1 });
schema.index({ dueDate: 1, status: 1 });

export type TaskModel = Model<TaskDoc>;

export function taskModel(connection: Connection): TaskModel {
  return (connection.models.EngineTask as TaskModel | undefined) ?? connection.model<TaskDoc>('EngineTask', schema);
}
