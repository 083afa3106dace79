import { coordinates, consentCovers, inUnit, isParty, type CaseAccessFacts } from './case.js';
import { allow } from './policy.js';

/** The plan of a case; its facts are the case's. Group members see it only when the consent covers them. */
declare module './policy.js' {
  interface PolicyResources {
    plan: { facts: CaseAccessFacts; actions: 'read' | 'update' | 'approve' };
  }
}

allow('citizen', ['read', 'approve'], 'plan', isParty);
allow('ke-caseworker', ['read', 'update'], 'plan', inUnit);
allow('coordinator', ['read', 'update'], 'plan', coordinates);
allow('group-member', 'read', 'plan', consentCovers);
