import type { StoredEvent } from '@digit/contracts';
import type { Database, DatabaseTransaction, Projection } from '@digit/event-store';
import { migrateProcessingLog, processingLogProjection } from './processing-log.read-model.js';
import { migrateRegister, registerProjection } from './register.read-model.js';
import { migrateTraining, trainingProjection } from './training.read-model.js';

export const migratePrivacyReadModels = async (db: Database, schema: string): Promise<void> => {
  await migrateRegister(db, schema);
  await migrateProcessingLog(db, schema);
  await migrateTraining(db, schema);
};

/**
 * The privacy read models fed by one subscription (one polling loop instead of three on a small
 * machine), each event applied to the models whose streams it belongs to, in one transaction.
 */
export const privacyReadModels = (schema: string): Projection => {
  const parts = [registerProjection(schema), processingLogProjection(schema), trainingProjection(schema)];
  const wants = (part: Projection, event: StoredEvent) => part.streamPrefixes?.some((prefix) => event.streamId.startsWith(prefix)) ?? true;
  return {
    name: 'privacy:read_models',
    streamPrefixes: [...new Set(parts.flatMap((part) => part.streamPrefixes ?? []))],
    async apply(trx: DatabaseTransaction, event: StoredEvent) {
      for (const part of parts) if (wants(part, event)) await part.apply(trx, event);
    },
  };
};
