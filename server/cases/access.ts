import { Types } from 'mongoose';
import type { CaseAccessFacts, CaseFactsLookup } from '../policies/case.js';
import type { CaseDoc, CaseModels } from './models.js';

const caseNumberPattern = /^IP-\d{4}-\d{6}$/;

/** What access rules may read about a case. */
export function toAccessFacts(doc: Pick<CaseDoc, '_id' | 'caseNumber' | 'person' | 'representativeNationalIds' | 'unitId' | 'coordinatorId' | 'groupMemberIds' | 'consent'>): CaseAccessFacts {
  return {
    id: doc._id.toHexString(),
    caseNumber: doc.caseNumber,
    personNationalId: doc.person.nationalId,
    representativeNationalIds: doc.representativeNationalIds ?? [],
    unitId: doc.unitId,
    coordinatorId: doc.coordinatorId ?? null,
    groupMemberIds: doc.groupMemberIds ?? [],
    consent: { active: doc.consent?.active === true, sharedWith: 'group' },
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

/** The CaseFactsLookup the policies expect. */
export function caseFactsLookup(models: CaseModels): CaseFactsLookup {
  return async (caseId) => {
    const doc = await findCase(models, caseId);
    return doc ? toAccessFacts(doc) : null;
  };
}
