import type { Linter as LinterClass, Resolver } from 'bpmnlint';

/**
 * bpmnlint 11 is CommonJS and requires ES-module-only packages; loaded on first use with Node's
 * require (see lint.ts). bpmnlint 12 is ESM but needs Node 24.
 */
const { createRequire } = process.getBuiltinModule('node:module');
const nativeRequire = createRequire(import.meta.url);

export function loadLinter(): typeof LinterClass {
  return (nativeRequire('bpmnlint') as { Linter: typeof LinterClass }).Linter;
}

export function createNodeResolver(): Resolver {
  const NodeResolver = nativeRequire('bpmnlint/lib/resolver/node-resolver.js') as new () => Resolver;
  return new NodeResolver();
}
