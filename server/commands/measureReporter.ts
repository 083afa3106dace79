import type { FormData } from '../../forms/index.js';
import type { MeasureStatus } from '../../forms/plan.js';
import type { SessionUser } from '../auth/types.js';
import type { CaseDoc } from '../cases/models.js';
import { loadPlan, planModels } from '../plans/index.js';
import type { CaseCommandContext } from './requestSubmitter.js';

/**
 * Whoever carries a measure reports how it goes (status and a note). Kept beside the plan, not
 * written into the coordinator's draft: a report never collides with the coordinator's typing, and
 * the coordinator sees it in the workspace and takes it into the next version.
 */
export async function measureReporter(
  ctx: CaseCommandContext,
  input: { caseDoc: CaseDoc; user: SessionUser; measureId: string; report: { status: MeasureStatus; note?: string } },
): Promise<void> {
  await loadPlan(ctx, input.caseDoc);
  const { Plan } = planModels(ctx.models.Case.db);
  const now = (ctx.clock ?? { now: () => new Date() }).now();
  await Plan.updateOne(
    { _id: input.caseDoc._id },
    { $push: { reports: { measureId: input.measureId, status: input.report.status, ...(input.report.note ? { note: input.report.note } : {}), at: now, byName: input.user.name, byId: input.user.id } } },
  );
}

export type MeasureReportInput = FormData<'plan'>['measures'][number];
