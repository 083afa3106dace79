import { Types } from 'mongoose';
import { todayInNorway } from '../../forms/national-id.js';
import type { CaseAccessFacts, CaseFactsLookup } from '../policies/case.js';
import type { CaseDoc, CaseModels } from './models.js';

const caseNumberPattern = /^IP-\d{4}-\d{6}$/;

/**
 * Whether the person's consent holds today: given, not withdrawn, and not past its end date
 * (`validUntil`, a date in Norway). Nothing flips `active` when a consent runs out, so the date is
 * checked here, where every access decision reads it.
 */
export function consentActive(consent: CaseDoc['consent'] | undefined, today: string = todayInNorway()): boolean {
  if (!consent || consent.active !== true || consent.withdrawnAt) return false;
  return !consent.validUntil || consent.validUntil >= today;
}

/** What access rules may read about a case. */
export function toAccessFacts(
  doc: Pick<CaseDoc, '_id' | 'caseNumber' | 'person' | 'representativeNationalIds' | 'claimedRepresentatives' | 'unitId' | 'coordinatorId' | 'groupMemberIds' | 'consent'>,
  today: string = todayInNorway(),
): CaseAccessFacts {
  return {
    id: doc._id.toHexString(),
    caseNumber: doc.caseNumber,
    personNationalId: doc.person.nationalId,
    representativeNationalIds: doc.representativeNationalIds ?? [],
    claimantNationalIds: (doc.claimedRepresentatives ?? []).map((claim) => claim.nationalId),
    unitId: doc.unitId,
    coordinatorId: doc.coordinatorId ?? null,
    groupMemberIds: doc.groupMemberIds ?? [],
    consent: { active: consentActive(doc.consent, today), sharedWith: 'group' },
  };
}

/** Finds a case by its id (24 hex digits) or its case number. */
export async function findCase(models: CaseModels, idOrNumber: string): Promise<CaseDoc | null> {
  if (Types.ObjectId.isValid(idOrNumber) && /^[0-9a-f]{24}$/i.test(idOrNumber)) {
    return models.Case.findById(idOrNumber).lean<CaseDoc>();
  }
  if (caseNumberPattern.test(idOrNumber)) return models.Case.findOne({ caseNumber: idOrNumber }).lean<CaseDoc>();
  return null;
}

/** The case numbers of cases by id (24 hex digits); a case not found is left out. */
export function caseNumbersLookup(models: CaseModels): (ids: readonly string[]) => Promise<Map<string, string>> {
  return async (ids) => {
    const valid = [...new Set(ids)].filter((id) => /^[0-9a-f]{24}$/i.test(id));
    if (valid.length === 0) return new Map();
    const docs = await models.Case.find({ _id: { $in: valid } }, { caseNumber: 1 }).lean<Pick<CaseDoc, '_id' | 'caseNumber'>[]>();
    return new Map(docs.map((doc) => [doc._id.toHexString(), doc.caseNumber]));
  };
}

/** The CaseFactsLookup the policies expect. */
export function caseFactsLookup(models: CaseModels): CaseFactsLookup {
  return async (caseId) => {
    const doc = await findCase(models, caseId);
    return doc ? toAccessFacts(doc) : null;
  };
}
