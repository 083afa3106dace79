/**
 * When a plan last saw activity, for the inactive-plan reminder, behind one small query. A case
 * has a plan once its process has reached the plan work (a task of `planTaskElementIds`), and keeps
 * it until the case is closed. Its last activity is the latest task of the case created or
 * completed: drafting, sending for approval, the person's answer, a review. The living plan may
 * replace this source with its own record of changes (every saved edit then counts).
 */
import type { Model } from 'mongoose';
import type { CaseDoc } from '../cases/models.js';
import type { TaskDoc } from '../engine/index.js';

export interface PlanActivity {
  readonly caseId: string;
  readonly lastActivityAt: Date;
}

export interface PlanActivitySource {
  /** Every open case with a plan, with its last activity. */
  activePlans(): Promise<PlanActivity[]>;
  /** The plan's last activity now; null when the case has no plan or is closed. */
  lastActivity(caseId: string): Promise<Date | null>;
}

export function taskPlanActivitySource(deps: { readonly tasks: Model<TaskDoc>; readonly cases: Model<CaseDoc>; readonly planTaskElementIds: readonly string[] }): PlanActivitySource {
  async function lastActivity(caseId: string): Promise<Date | null> {
    if (!/^[0-9a-f]{24}$/i.test(caseId)) return null;
    const open = await deps.cases.exists({ _id: caseId, closedAt: null });
    if (!open) return null;
    const tasks = await deps.tasks.find({ caseId }, { elementId: 1, createdAt: 1, closedAt: 1 }).lean<Pick<TaskDoc, 'elementId' | 'createdAt' | 'closedAt'>[]>();
    if (!tasks.some((task) => deps.planTaskElementIds.includes(task.elementId))) return null;
    let latest = 0;
    for (const task of tasks) latest = Math.max(latest, task.createdAt.getTime(), task.closedAt?.getTime() ?? 0);
    return new Date(latest);
  }
  return {
    lastActivity,
    async activePlans() {
      const caseIds = (await deps.tasks.distinct('caseId', { elementId: { $in: [...deps.planTaskElementIds] } })) as string[];
      const plans: PlanActivity[] = [];
      for (const caseId of caseIds) {
        const at = await lastActivity(caseId);
        if (at) plans.push({ caseId, lastActivityAt: at });
      }
      return plans;
    },
  };
}
