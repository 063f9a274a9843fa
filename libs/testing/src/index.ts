export { deciderSpec } from './decider-spec.js';
export { createTestDatabase, testDatabaseUrl } from './test-database.js';
export type { TestDatabase } from './test-database.js';
export { createTestNats, testNatsUrl } from './test-nats.js';
export type { TestNats } from './test-nats.js';
export { SERVICE_NAMES, startServiceProcess } from './service-process.js';
export type { ServiceName, ServiceProcess } from './service-process.js';
export { freePort } from './free-port.js';
export { allowHistoryRewrite } from './history-rewrite.js';
