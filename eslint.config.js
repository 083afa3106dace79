import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layersPlugin from './scripts/lint/layers.mjs';

/**
 * The layers, top to bottom (README, Architecture): each may import itself and what `mayImport`
 * names, nothing above it. Paths ending in '/' are folders; the longest matching path wins.
 */
const below = {
  base: ['forms', 'contract'],
  auth: ['base', 'forms', 'contract'],
  definitions: ['auth', 'base', 'forms', 'contract'],
};
const domain = ['cases', 'tasks', 'notifications', 'letters', 'documents', 'plans'];
const middle = ['engine', 'policies', 'audit', 'definitions', 'auth', 'base', 'forms', 'contract'];
const layers = [
  // Composition roots: they wire everything together and nothing imports them.
  { name: 'composition', paths: ['server/main.ts', 'server/services.ts', 'server/case-services.ts', 'workers/main.ts', 'workers/index.ts'], mayImport: '*' },
  { name: 'http', paths: ['server/http/'], mayImport: ['commands', ...domain, ...middle] },
  { name: 'workers', paths: ['workers/'], mayImport: ['commands', ...domain, ...middle] },
  { name: 'commands', paths: ['server/commands/'], mayImport: [...domain, ...middle] },
  ...domain.map((name) => ({ name, paths: [`server/${name}/`], mayImport: [...domain.filter((other) => other !== name), ...middle] })),
  { name: 'engine', paths: ['server/engine/'], mayImport: below.definitions.concat('definitions') },
  { name: 'audit', paths: ['server/audit/'], mayImport: below.definitions },
  // Policies are pure rules over facts: no database, no HTTP, no audit.
  { name: 'policies', paths: ['server/policies/'], mayImport: ['auth', 'forms', 'contract'] },
  { name: 'definitions', paths: ['server/definitions/'], mayImport: below.definitions },
  { name: 'auth', paths: ['server/auth/', 'server/users/'], mayImport: below.auth },
  {
    name: 'base',
    // The definition limits and ISO durations are plain values and functions the configuration reads.
    paths: ['server/config.ts', 'server/definitions/limits.ts', 'server/definitions/iso.ts', 'server/infrastructure.ts', 'server/lifecycle.ts', 'server/log.ts', 'server/mongo-errors.ts', 'server/embedded/', 'server/population-register/'],
    mayImport: below.base,
  },
  { name: 'contract', paths: ['contract/'], mayImport: ['forms'] },
  { name: 'forms', paths: ['forms/'], mayImport: [] },
  { name: 'web', paths: ['web/'], mayImport: ['forms', 'contract'] },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/dist/', 'data/', 'coverage/', 'test-output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['server/**', 'workers/**', 'forms/**', 'contract/**', 'web/**'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/one-way': ['error', { root: import.meta.dirname, layers }] },
  },
  { files: ['**/*.mjs'], languageOptions: { globals: globals.node } },
  { files: ['scripts/**', 'bench/**', 'test/**'], rules: { 'no-console': 'off' } },
);
