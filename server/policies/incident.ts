import { inUnit, type CaseAccessFacts } from './case.js';
import { allow } from './policy.js';

/**
 * The incidents of a case's process (a service handler that kept failing, a timer that could not
 * run): internal errors that may quote case data, so only for the unit's KE case workers (the lead
 * is one of them) — not for the person, other staff or admins, who manage users, not cases. Its
 * facts are the case's.
 */
declare module './policy.js' {
  interface PolicyResources {
    incident: { facts: CaseAccessFacts; actions: 'read' | 'retry' };
  }
}

allow('ke-caseworker', ['read', 'retry'], 'incident', inUnit);
