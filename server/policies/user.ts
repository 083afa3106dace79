import { allow } from './policy.js';

/** Users and their roles: admins manage staff users; citizens are created by their own sign-in. */
export interface UserFacts {
  readonly id: string | null;
}

declare module './policy.js' {
  interface PolicyResources {
    user: { facts: UserFacts; actions: 'list' | 'create' | 'update' };
  }
}

allow('admin', ['list', 'create', 'update'], 'user');
