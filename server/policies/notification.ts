import { allow } from './policy.js';

/**
 * E-mail notifications. Every staff member sets the language of their own notifications; a unit's
 * lead sees the notifications about the unit's cases that could not be delivered.
 */
export interface NotificationScope {
  readonly unitId: string | null;
}

declare module './policy.js' {
  interface PolicyResources {
    'notification-settings': { facts: Record<string, never>; actions: 'read' | 'update' };
    'failed-notifications': { facts: NotificationScope; actions: 'read' };
  }
}

allow('ke-caseworker', ['read', 'update'], 'notification-settings');
allow('coordinator', ['read', 'update'], 'notification-settings');
allow('group-member', ['read', 'update'], 'notification-settings');
allow('ke-caseworker', 'read', 'failed-notifications', (actor, scope) => actor.lead === true && scope.unitId !== null && scope.unitId === actor.unitId);
