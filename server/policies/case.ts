import type { SessionUser } from '../auth/types.js';
import { allow } from './policy.js';

/**
 * What access rules need to know about a case. The case model implements this (it is all a
 * policy may read); `CaseFactsLookup` finds it by case id or case number.
 *
 * Citizens are matched by national identity number, not by user id: the person in a request may be
 * a child who never signs in, and a parent's user exists only after their first sign-in. The case
 * model keeps representativeNationalIds current (a parent's right ends when the child may consent).
 */
export interface CaseAccessFacts {
  /** The case id (ObjectId as hex). */
  readonly id: string;
  readonly caseNumber?: string;
  /** The person the case is about. */
  readonly personNationalId: string;
  /** Parents, guardians and holders of a power of attorney registered on the case (verified). */
  readonly representativeNationalIds: readonly string[];
  /** Who sent the request as a parent, guardian or proxy not yet verified: they see only their submission. */
  readonly claimantNationalIds?: readonly string[];
  /** The coordinating unit that owns the case. */
  readonly unitId: string;
  /** User id of the appointed coordinator. */
  readonly coordinatorId: string | null;
  /** User ids of the responsibility group's members. */
  readonly groupMemberIds: readonly string[];
  readonly consent: ConsentScope;
}

export interface ConsentScope {
  /** Consent to make the plan and share information is given, and not withdrawn or expired. */
  readonly active: boolean;
  /** Whom the person agreed to share the plan with: the whole responsibility group, or these members (user ids). */
  readonly sharedWith: 'group' | readonly string[];
}

/** Finds a case's access facts by id or case number; null when there is no such case. */
export type CaseFactsLookup = (caseId: string) => Promise<CaseAccessFacts | null>;

declare module './policy.js' {
  interface PolicyResources {
    case: {
      facts: CaseAccessFacts;
      actions: 'read' | 'read-submission' | 'update' | 'read-access-log' | 'give-consent' | 'withdraw-consent' | 'request-coordinator-change' | 'read-as-staff' | 'resolve-duplicate';
    };
  }
}

export const isParty = (actor: SessionUser, c: CaseAccessFacts): boolean =>
  actor.nationalId !== undefined && (c.personNationalId === actor.nationalId || c.representativeNationalIds.includes(actor.nationalId));
export const isClaimant = (actor: SessionUser, c: CaseAccessFacts): boolean => actor.nationalId !== undefined && (c.claimantNationalIds ?? []).includes(actor.nationalId);
export const inUnit = (actor: SessionUser, c: CaseAccessFacts): boolean => actor.unitId !== undefined && c.unitId === actor.unitId;
export const coordinates = (actor: SessionUser, c: CaseAccessFacts): boolean => c.coordinatorId !== null && c.coordinatorId === actor.id;
export const consentCovers = (actor: SessionUser, c: CaseAccessFacts): boolean =>
  c.groupMemberIds.includes(actor.id) && c.consent.active && (c.consent.sharedWith === 'group' || c.consent.sharedWith.includes(actor.id));

allow('citizen', ['read', 'read-access-log'], 'case', isParty);
// A parent, guardian or proxy not yet verified: only the request they sent and its receipt.
allow('citizen', 'read-submission', 'case', isClaimant);
// What the person (or their parent, guardian or representative on the case) does on their own case beyond reading it.
allow('citizen', ['give-consent', 'withdraw-consent', 'request-coordinator-change'], 'case', isParty);
allow('ke-caseworker', ['read', 'update'], 'case', inUnit);
allow('ke-caseworker', 'read-access-log', 'case', (actor, c) => actor.lead === true && inUnit(actor, c));
allow('coordinator', ['read', 'update'], 'case', coordinates);
// The staff case list and case page (server/http/routes/staff-cases.ts); duplicate requests are the unit's to decide.
allow('ke-caseworker', ['read-as-staff', 'resolve-duplicate'], 'case', inUnit);
allow('coordinator', 'read-as-staff', 'case', coordinates);
