export { schemaName, serviceConfigFromEnv } from './service-config.js';
export type { ServiceConfig } from './service-config.js';
export { createDatabase, openServiceInfra } from './service-infra.js';
export type { ServiceInfra } from './service-infra.js';
export { runService } from './run-service.js';
export { dataDirectory, readRunningSystem, writeFileAtomically, writeRunningSystem } from './data-dir.js';
export type { RunningSystem } from './data-dir.js';
