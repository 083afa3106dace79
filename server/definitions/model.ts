import { Schema, type Connection, type Model } from 'mongoose';
import type { DeployedBy } from './attempts.js';

/** One deployed definition version, as stored in the `definitions` collection. */
export interface DefinitionDocument {
  /** sha256 of the BPMN source (hex): the version id. */
  _id: string;
  processKey: string;
  /** 1, 2, 3 … per processKey, in deployment order. */
  number: number;
  fileName: string;
  deployedAt: Date;
  /**
   * When this version last became the newest for its process: its first deployment, or a later
   * deployment of the same content (a file reverted to an earlier version).
   */
  activatedAt: Date;
  source: string;
  /** The process owner who deployed it from the browser; absent when it came from the file in processes/. */
  deployedBy?: DeployedBy;
}

export const definitionSchema = new Schema<DefinitionDocument>(
  {
    _id: { type: String, required: true },
    processKey: { type: String, required: true },
    number: { type: Number, required: true },
    fileName: { type: String, required: true },
    deployedAt: { type: Date, required: true },
    activatedAt: { type: Date, required: true },
    source: { type: String, required: true },
    deployedBy: { type: Schema.Types.Mixed },
  },
  { collection: 'definitions', versionKey: false, autoIndex: true },
);

// The id is unique as _id; the number is unique per process.
definitionSchema.index({ processKey: 1, number: 1 }, { unique: true });
definitionSchema.index({ processKey: 1, activatedAt: -1 });

export const definitionModelName = 'Definition';

export function definitionModel(connection: Connection): Model<DefinitionDocument> {
  return (connection.models[definitionModelName] as Model<DefinitionDocument> | undefined) ?? connection.model<DefinitionDocument>(definitionModelName, definitionSchema);
}
