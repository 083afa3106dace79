import { allow } from './policy.js';

/** BPMN process definitions: no personal data. Staff read them (each case's diagram); process owners change them. */
declare module './policy.js' {
  interface PolicyResources {
    definition: { facts: null; actions: 'read' | 'update' | 'deploy' };
  }
}

allow(['process-owner', 'ke-caseworker', 'coordinator'], 'read', 'definition');
allow('process-owner', ['update', 'deploy'], 'definition');
