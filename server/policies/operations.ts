import { allow } from './policy.js';

/** The operations view of the background queues (Bull Board): admins only. */
declare module './policy.js' {
  interface PolicyResources {
    operations: { facts: Record<string, never>; actions: 'read' };
  }
}

allow('admin', ['read'], 'operations');
