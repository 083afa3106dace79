import { allow } from './policy.js';

/** BPMN process definitions: no personal data. Staff read them (each case's diagram); process owners change them. */
declare module './policy.js' {
  interface PolicyResources {
    definition: { facts: null; actions: 'read' | 'inspect' | 'update' | 'deploy' | 'migrate' };
  }
}

allow(['process-owner', 'ke-caseworker', 'coordinator'], 'read', 'definition');
// The process owners' workspace: versions, refused attempts, counts per element, differences.
allow(['process-owner', 'admin'], 'inspect', 'definition');
allow('process-owner', ['update', 'deploy', 'migrate'], 'definition');
