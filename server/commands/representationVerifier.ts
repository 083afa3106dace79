import type { CaseDoc } from '../cases/models.js';
import type { CaseCommandContext } from './requestSubmitter.js';

/**
 * The case worker has verified a representative's claim (in the signature check: a power of
 * attorney read, a parent's custody confirmed by other means): the claimant becomes a
 * representative on the case and gets the person's access. Returns false when there was no such
 * claim (already verified, or never made). The caller authorizes the case worker and audits.
 */
export async function representationVerifier(ctx: CaseCommandContext, input: { caseDoc: Pick<CaseDoc, '_id'>; nationalId: string }): Promise<boolean> {
  const result = await ctx.models.Case.updateOne(
    { _id: input.caseDoc._id, 'claimedRepresentatives.nationalId': input.nationalId },
    { $pull: { claimedRepresentatives: { nationalId: input.nationalId } }, $addToSet: { representativeNationalIds: input.nationalId } },
  );
  if (result.modifiedCount === 1) ctx.logger.info({ caseId: input.caseDoc._id.toHexString() }, 'representative verified by the case worker');
  return result.modifiedCount === 1;
}
