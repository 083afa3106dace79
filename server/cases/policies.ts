import { isParty, type CaseAccessFacts } from '../policies/case.js';
import { allow } from '../policies/policy.js';

/**
 * What the person (or their parent, guardian or representative on the case) does on their own
 * case beyond reading it. Kept beside the case commands until server/policies/case.ts takes them.
 */
declare module '../policies/policy.js' {
  interface PolicyResources {
    'case-person': { facts: CaseAccessFacts; actions: 'give-consent' | 'withdraw-consent' | 'request-coordinator-change' };
  }
}

allow('citizen', ['give-consent', 'withdraw-consent', 'request-coordinator-change'], 'case-person', isParty);
