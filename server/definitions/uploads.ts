import { Schema, type Connection, type Model } from 'mongoose';
import type { DeployedBy } from './attempts.js';
import type { DefinitionProblem } from './check.js';

/**
 * A file a process owner uploaded, while it is checked and after: the check of a large file may
 * take longer than an API answer may wait, so the upload is answered at once and its outcome is
 * read from here.
 */
export interface UploadDoc {
  _id: string;
  processKey: string;
  fileName: string;
  uploadedBy: DeployedBy;
  at: Date;
  /** interrupted: the process checking it stopped before the check ended (upload it again). */
  status: 'checking' | 'deployed' | 'unchanged' | 'reactivated' | 'refused' | 'failed' | 'interrupted';
  /** The version it became or equals, once deployed. */
  versionNumber?: number;
  problems: DefinitionProblem[];
  /** The file in processes/ the accepted version was also written to, when the product may write there. */
  writtenTo?: string;
  finishedAt?: Date;
}

const schema = new Schema<UploadDoc>(
  {
    _id: { type: String, required: true },
    processKey: { type: String, required: true },
    fileName: { type: String, required: true },
    uploadedBy: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
    status: { type: String, required: true },
    versionNumber: Number,
    problems: { type: Schema.Types.Mixed, default: [] },
    writtenTo: String,
    finishedAt: Date,
  },
  { collection: 'definition_uploads', versionKey: false, minimize: false, autoIndex: false },
);

export type UploadModel = Model<UploadDoc>;

export function uploadModel(connection: Connection): UploadModel {
  return (connection.models.DefinitionUpload as UploadModel | undefined) ?? connection.model<UploadDoc>('DefinitionUpload', schema);
}

/** A check ends within its thread's timeout (30 s); an upload still "checking" after this has lost its process. */
export const staleUploadMs = 120_000;

/** Marks uploads whose check no process finishes any more as interrupted. */
export async function markInterruptedUploads(connection: Connection, now: Date = new Date()): Promise<number> {
  const result = await uploadModel(connection).updateMany(
    { status: 'checking', at: { $lt: new Date(now.getTime() - staleUploadMs) } },
    { $set: { status: 'interrupted', finishedAt: now } },
  );
  return result.modifiedCount;
}
