import { allow } from './policy.js';

/** The audit log. `unitId` null means entries of every unit. */
export interface AuditScope {
  readonly unitId: string | null;
}

declare module './policy.js' {
  interface PolicyResources {
    audit: { facts: AuditScope; actions: 'search' };
  }
}

// Admins investigate across units (including the log of user administration); a unit's lead sees their unit.
allow('admin', 'search', 'audit');
allow('ke-caseworker', 'search', 'audit', (actor, scope) => actor.lead === true && scope.unitId !== null && scope.unitId === actor.unitId);
