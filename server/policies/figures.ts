import { allow } from './policy.js';

/** Figures: counts and durations over cases, never personal data. */
declare module './policy.js' {
  interface PolicyResources {
    figures: { facts: null; actions: 'read' };
  }
}

allow(['process-owner', 'admin'], 'read', 'figures');
allow('ke-caseworker', 'read', 'figures', (actor) => actor.lead === true);
