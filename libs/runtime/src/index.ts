export { dataDirectory, schemaName, serviceConfigFromEnv } from './service-config.js';
export type { DigitEnvironment, ServiceConfig } from './service-config.js';
export { KEY_ENCRYPTION_KEY_FILE, resolveKeyEncryptionKey } from './key-encryption-key.js';
export { createDatabase, openServiceInfra } from './service-infra.js';
export type { ServiceInfra } from './service-infra.js';
export { runService } from './run-service.js';
export { databaseRoleName, ensureDatabaseRoles, SERVICE_SCHEMAS, serviceDatabaseUrl } from './database-roles.js';
export type { DatabaseRoles } from './database-roles.js';
