/**
 * Renamed elements in a migration (see migration.ts): the saved state's reference fields rewritten,
 * and the rename of task and timer documents written down first, so that a process stopping in
 * between leaves nothing half done.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { ElementMapping } from './migration.js';
import { engineModels } from './models/index.js';
import { packState, unpackState, type SavedState } from './saved-state.js';

/** The fields of bpmn-elements' saved state that refer to an element by its id. */
const referenceKeys = new Set(['id', 'targetId', 'sourceId', 'attachedTo']);

/**
 * The saved state with renamed element ids rewritten in the reference fields. Variables
 * (`environment`) are data, not references, and are left as they are.
 */
export function renameInState(state: SavedState, mapping: ElementMapping): Buffer {
  const rename = (value: unknown) => (typeof value === 'string' && Object.hasOwn(mapping, value) ? mapping[value] : value);
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'environment') out[key] = value;
      else if (referenceKeys.has(key)) out[key] = rename(value);
      else if (key === 'discardSequence' && Array.isArray(value)) out[key] = value.map(rename);
      else out[key] = walk(value);
    }
    return out;
  };
  return packState(walk(unpackState(state)) as object);
}

/**
 * A rename in progress: written before the instance is saved on the target, removed once its task
 * and timer documents carry the new ids. One left behind (the process stopped in between) is
 * finished or dropped by finishRenames.
 */
export interface RenameDoc {
  _id: string;
  toVersionId: string;
  tasks: { id: string; elementId: string; name?: string }[];
  timers: { id: string; elementId: string; name?: string }[];
  at: Date;
}

const renameSchema = new Schema<RenameDoc>(
  {
    _id: { type: String, required: true },
    toVersionId: { type: String, required: true },
    tasks: { type: Schema.Types.Mixed, default: [] },
    timers: { type: Schema.Types.Mixed, default: [] },
    at: { type: Date, required: true },
  },
  { collection: 'migration_renames', versionKey: false, minimize: false, autoIndex: false },
);

export function renameModel(connection: Connection): Model<RenameDoc> {
  return (connection.models.MigrationRename as Model<RenameDoc> | undefined) ?? connection.model<RenameDoc>('MigrationRename', renameSchema);
}

export async function applyRename(connection: Connection, rename: RenameDoc): Promise<void> {
  const { Task, Timer } = engineModels(connection);
  const set = (item: { elementId: string; name?: string }) => ({ $set: { elementId: item.elementId, ...(item.name ? { name: item.name } : {}) } });
  await Promise.all([...rename.tasks.map((task) => Task.updateOne({ _id: task.id }, set(task))), ...rename.timers.map((timer) => Timer.updateOne({ _id: timer.id }, set(timer)))]);
  await renameModel(connection).deleteOne({ _id: rename._id });
}

/** Finishes renames a stopped process left: applied when the instance was saved on the target, dropped when it was not. */
export async function finishRenames(connection: Connection): Promise<number> {
  const { Instance } = engineModels(connection);
  const left = await renameModel(connection).find({}).lean<RenameDoc[]>();
  for (const rename of left) {
    const instance = await Instance.findById(rename._id, { definitionId: 1 }).lean();
    if (instance?.definitionId === rename.toVersionId) await applyRename(connection, rename);
    else await renameModel(connection).deleteOne({ _id: rename._id });
  }
  return left.length;
}
