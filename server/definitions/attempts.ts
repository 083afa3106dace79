import { Types, type Connection, type Model } from 'mongoose';
import { Schema } from 'mongoose';
import type { DefinitionProblem } from './check.js';

/** Who deployed a version or tried to: a process owner in the browser; absent for a file in processes/. */
export interface DeployedBy {
  readonly id: string;
  readonly name: string;
}

/**
 * A refused attempt to deploy a BPMN file (from processes/ or uploaded), kept so that process
 * owners see why a change did not go live. The problems name elements, never case data.
 */
export interface RefusedAttemptDoc {
  _id: string;
  /** The executable process's id when the file could be read that far. */
  processKey?: string;
  fileName: string;
  contentHash: string;
  at: Date;
  deployedBy?: DeployedBy;
  problems: DefinitionProblem[];
}

const schema = new Schema<RefusedAttemptDoc>(
  {
    _id: { type: String, required: true },
    processKey: String,
    fileName: { type: String, required: true },
    contentHash: { type: String, required: true },
    at: { type: Date, required: true },
    deployedBy: { type: Schema.Types.Mixed },
    problems: { type: Schema.Types.Mixed, default: [] },
  },
  { collection: 'definition_refusals', versionKey: false, minimize: false, autoIndex: true },
);
schema.index({ processKey: 1, at: -1 });
schema.index({ fileName: 1, at: -1 });

export type RefusedAttemptModel = Model<RefusedAttemptDoc>;

export function refusedAttemptModel(connection: Connection): RefusedAttemptModel {
  return (connection.models.DefinitionRefusal as RefusedAttemptModel | undefined) ?? connection.model<RefusedAttemptDoc>('DefinitionRefusal', schema);
}

export function newAttemptId(): string {
  return new Types.ObjectId().toHexString();
}
