// Flat ESLint config for the whole workspace: typescript-eslint's recommended rules plus the Nx
// module-boundaries rule that keeps each service alone (services talk through libs/contracts and NATS).
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier/flat';
import { createProjectGraphAsync } from 'nx/src/devkit-exports.js';
import tseslint from 'typescript-eslint';

// The boundaries rule only reads Nx's cached project graph and silently skips when there is none
// (fresh clone) or misses new imports when it is stale: compute it first, in process (no daemon,
// no network; nx.json sets useDaemonProcess false and neverConnectToCloud).
await createProjectGraphAsync({ exitOnError: true });

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '.nx/**', 'tmp/**', '.data/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          // Imports resolve to projects by package name (@digit/<name>, npm workspaces, no tsconfig
          // paths); a relative import into another project is refused as such.
          depConstraints: [
            // A service may use the shared libraries only: never another service.
            { sourceTag: 'scope:service', onlyDependOnLibsWithTags: ['scope:lib'] },
            { sourceTag: 'scope:lib', onlyDependOnLibsWithTags: ['scope:lib'] },
            // Command-line tools (audit, start) use the libraries too, never a service's code.
            { sourceTag: 'scope:tool', onlyDependOnLibsWithTags: ['scope:lib'] },
            // The public contract stands alone so that any party can depend on it.
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // System tests assemble several services in one process, on purpose: the only place allowed
    // to import services' code (Nx forbids importing applications, whatever the tags).
    files: ['tools/system-tests/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // The auditors' replay runs the services themselves in replay mode (the `./app` exports of their
    // packages), so that every read model is rebuilt and answered by exactly the code that serves it;
    // its tests build histories with the services' own deciders (`./domain`).
    files: ['tools/audit/src/replay/replayed-system.ts', 'tools/audit/src/**/*.int.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // Typed rules: a promise nobody awaits loses its error; a switch over a union misses a new member.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
    },
  },
  {
    // Tests read JSON answers as they come (any): an assertion, not the compiler, checks their shape.
    files: ['**/*.spec.ts', '**/*.test-fixtures.ts', 'libs/testing/**/*.ts', 'tools/system-tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    // The metropolis simulation rebuilds every read model with the services themselves (their
    // `./app` exports, as the auditors' replay does), asks the dashboard's own query class, and
    // writes its history with the services' deciders and event types (`./domain`).
    files: ['bench/src/metropolis/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  prettier,
);
