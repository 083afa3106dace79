import type { CaseDoc, ClaimedRepresentative } from '../cases/models.js';
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

/** The claim a signature registered in the signature check confirms, by who signed. */
const claimRoleOfSigner: Readonly<Record<string, ClaimedRepresentative['role']>> = { parent: 'parent', guardian: 'guardian', 'power-of-attorney': 'proxy' };

/**
 * The signature check's task was completed with a valid signature by a parent, a guardian or a
 * holder of a power of attorney: the claims of that kind on the case are verified. Returns how many.
 */
export async function signedClaimsVerifier(ctx: CaseCommandContext, input: { caseId: string; signature: Readonly<Record<string, unknown>> }): Promise<number> {
  const role = typeof input.signature.signedBy === 'string' ? claimRoleOfSigner[input.signature.signedBy] : undefined;
  if (input.signature.valid !== true || !role) return 0;
  const caseDoc = await ctx.models.Case.findById(input.caseId, { claimedRepresentatives: 1 }).lean<Pick<CaseDoc, '_id' | 'claimedRepresentatives'>>();
  if (!caseDoc) return 0;
  let verified = 0;
  for (const claim of caseDoc.claimedRepresentatives ?? []) {
    if (claim.role === role && (await representationVerifier(ctx, { caseDoc, nationalId: claim.nationalId }))) verified++;
  }
  return verified;
}
