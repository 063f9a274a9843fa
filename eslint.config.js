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
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
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
    // The metropolis simulation rebuilds every read model with the services themselves (their
    // `./app` exports, as the auditors' replay does), asks the dashboard's own query class, and
    // writes its history with the services' deciders and event types (`./domain`).
    files: ['bench/src/metropolis/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  prettier,
);
