import { createEventStore } from '@digit/event-store';
import { loadPublicKey, sealConfigFromEnv } from '@digit/history-seal';
import { openPersonalDataProtection, PERSONAL_DATA_FIELDS } from '@digit/personal-data';
import { createDatabase, resolveKeyEncryptionKey, schemaName, serviceConfigFromEnv } from '@digit/runtime';
import type { AuditCommand, AuditOptions } from './audit-cli.js';
import { exportCommand } from './export.command.js';
import { connectBusIfReachable } from './optional-bus.js';
import { replayCommand } from './replay.command.js';
import { verifyCommand } from './verify.command.js';

/** `verify`, `export` and `replay` over the event store of DATABASE_URL (`verify` and `export` with the anchored seals: DIGIT_DATA_DIR, and NATS's bucket when NATS answers). */
export const runDatabaseCommand = async (
  name: AuditCommand,
  values: AuditOptions,
  env: NodeJS.ProcessEnv,
  terminal: { progress: boolean },
  out: (line: string) => void,
): Promise<number> => {
  const config = serviceConfigFromEnv(env);
  const sealConfig = sealConfigFromEnv(env);
  const db = createDatabase(config.databaseUrl);
  const bus = name === 'replay' ? undefined : await connectBusIfReachable(config.natsUrl, config.natsNamespace);
  try {
    const store = createEventStore({ db, schema: schemaName(config, 'event_store') });
    if (name === 'verify') return await verifyCommand(store, values, { config: sealConfig, bus }, out);
    if (name === 'export') return await exportCommand(store, values, { config: sealConfig, bus, publicKey: await loadPublicKey(sealConfig, values['public-key']) }, terminal, out);
    // Replays read personal fields as the services do: decrypted, or "erased" once a key is destroyed.
    const protection = await openPersonalDataProtection({
      db,
      schema: schemaName(config, 'personal_data'),
      catalogue: PERSONAL_DATA_FIELDS,
      keyEncryptionKey: await resolveKeyEncryptionKey(config),
    });
    return await replayCommand(createEventStore({ db, schema: schemaName(config, 'event_store'), personalData: protection.hook }), values, out);
  } finally {
    await bus?.close();
    await db.destroy();
  }
};
