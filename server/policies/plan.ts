import { coordinates, consentCovers, inUnit, isParty, type CaseAccessFacts } from './case.js';
import { allow } from './policy.js';

/**
 * The plan of a case; its facts are the case's. Group members see it only when the consent covers
 * them. Staff who may change it see every version and compare them (read-versions).
 */
declare module './policy.js' {
  interface PolicyResources {
    plan: { facts: CaseAccessFacts; actions: 'read' | 'update' | 'approve' | 'read-versions' };
  }
}

allow('citizen', ['read', 'approve'], 'plan', isParty);
allow('ke-caseworker', ['read', 'update', 'read-versions'], 'plan', inUnit);
allow('coordinator', ['read', 'update', 'read-versions'], 'plan', coordinates);
allow('group-member', 'read', 'plan', consentCovers);
