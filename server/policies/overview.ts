import { allow } from './policy.js';

/** The coordinating unit's overview: counts over the unit's cases, each linking to the case list behind it. */
export interface OverviewScope {
  /** The unit asked about. */
  readonly unitId: string | null;
}

declare module './policy.js' {
  interface PolicyResources {
    overview: { facts: OverviewScope; actions: 'read' };
  }
}

// The unit's KE case workers (the lead among them) see their own unit's overview.
allow('ke-caseworker', 'read', 'overview', (actor, scope) => scope.unitId !== null && scope.unitId === actor.unitId);
