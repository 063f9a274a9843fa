/** One jest run for the whole workspace; `*.unit.spec.ts` need nothing, `*.int.spec.ts` need PostgreSQL and NATS. */
const kind = process.env.TEST_KIND; // 'unit' | 'int' | undefined (all)
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleNameMapper: {
    // A service's start (its package's `./app` export), for the auditors' replay.
    '^@digit/([a-z-]+)-service/app$': '<rootDir>/services/$1/src/$1.app.ts',
    '^@digit/([a-z-]+)-service/(.+)$': '<rootDir>/services/$1/src/$2/index.ts',
    '^@digit/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: [`<rootDir>/{libs,services,tools,infra,bench}/**/*.${kind ?? '{unit,int}'}.spec.ts`],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/jest.global-setup.js',
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/tools/jest-summary-reporter.js'],
};
