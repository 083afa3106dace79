import type { CaseDoc } from '../cases/models.js';
import { planLetterJob, planLetterJobId } from '../letters/jobs.js';
import { letterModel } from '../letters/model.js';
import { planModels } from '../plans/index.js';
import { CaseCommandError } from './errors.js';
import type { CaseCommandContext } from './requestSubmitter.js';

/**
 * Sends the person a version of their plan as a letter (the plan as its attachment): the version
 * waiting for their approval or the approved one. One letter per version: asking again finds the
 * letter already written (or its job already queued) and queues nothing new.
 */
export async function planLetterSender(ctx: CaseCommandContext, input: { caseDoc: CaseDoc; planVersion: number }): Promise<{ readonly alreadySent: boolean }> {
  const { caseDoc, planVersion } = input;
  if (!ctx.queueLetter) throw new Error('plan letters need the job queue');
  const version = await planModels(ctx.models.Case.db).PlanVersion.findOne({ caseId: caseDoc._id, number: planVersion }, { status: 1 }).lean();
  if (!version) throw new CaseCommandError(`plan version ${planVersion} not found`, 'unknown-version');
  if (version.status !== 'approved' && version.status !== 'sent') throw new CaseCommandError(`plan version ${planVersion} is ${version.status}`, 'version-not-current');
  const caseId = caseDoc._id.toHexString();
  const written = await letterModel(ctx.models.Case.db).exists({ key: planLetterJobId(caseId, planVersion) });
  if (written) return { alreadySent: true };
  await ctx.queueLetter(planLetterJob({ caseId, instanceId: caseDoc.instanceId, planVersion }));
  return { alreadySent: false };
}
