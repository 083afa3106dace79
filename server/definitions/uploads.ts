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
  status: 'checking' | 'deployed' | 'unchanged' | 'reactivated' | 'refused' | 'failed';
  /** The version it became or equals, once deployed. */
  versionNumber?: number;
  problems: DefinitionProblem[];
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
    finishedAt: Date,
  },
  { collection: 'definition_uploads', versionKey: false, minimize: false, autoIndex: false },
);

export type UploadModel = Model<UploadDoc>;

export function uploadModel(connection: Connection): UploadModel {
  return (connection.models.DefinitionUpload as UploadModel | undefined) ?? connection.model<UploadDoc>('DefinitionUpload', schema);
}
