import type { CaseModels } from '../cases/models.js';
import { findCase } from '../cases/access.js';
import type { TaskModel } from '../engine/models/index.js';
import type { EngineRuntime } from '../engine/types.js';
import { caseTaskLabels } from './labels.js';

/**
 * Labels the open tasks of instances started before instances carried labels, from their cases
 * (at startup; cheap when there is nothing to do, and idempotent). Returns how many instances it labelled.
 */
export async function labelUnlabelledTasks(ctx: { readonly models: CaseModels; readonly engine: EngineRuntime }, Task: TaskModel): Promise<number> {
  const unlabelled = await Task.find({ status: { $in: ['open', 'claimed'] }, labels: { $exists: false } }, { instanceId: 1, caseId: 1 }).lean<{ instanceId: string; caseId: string }[]>();
  const byInstance = new Map(unlabelled.map((task) => [task.instanceId, task.caseId]));
  let labelled = 0;
  for (const [instanceId, caseId] of byInstance) {
    const theCase = await findCase(ctx.models, caseId);
    if (!theCase) continue;
    await ctx.engine.labelInstance({ instanceId, labels: caseTaskLabels(theCase) });
    labelled++;
  }
  return labelled;
}
