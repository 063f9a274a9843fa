import { createEventStore } from '@digit/event-store';
import { loadPublicKey, sealConfigFromEnv } from '@digit/history-seal';
import { createDatabase, schemaName, serviceConfigFromEnv } from '@digit/runtime';
import type { AuditCommand, AuditOptions } from './audit-cli.js';
import { exportCommand } from './export.command.js';
import { connectBusIfReachable } from './optional-bus.js';
import { verifyCommand } from './verify.command.js';

/** `verify` and `export` over the event store of DATABASE_URL, with the anchored seals (DIGIT_DATA_DIR, and NATS's bucket when NATS answers). */
export const runDatabaseCommand = async (
  name: Exclude<AuditCommand, 'replay'>,
  values: AuditOptions,
  env: NodeJS.ProcessEnv,
  terminal: { progress: boolean },
  out: (line: string) => void,
): Promise<number> => {
  const config = serviceConfigFromEnv(env);
  const sealConfig = sealConfigFromEnv(env);
  const db = createDatabase(config.databaseUrl);
  const bus = await connectBusIfReachable(config.natsUrl, config.natsNamespace);
  try {
    const store = createEventStore({ db, schema: schemaName(config, 'event_store') });
    if (name === 'verify') return await verifyCommand(store, values, { config: sealConfig, bus }, out);
    return await exportCommand(
      store,
      values,
      { config: sealConfig, bus, publicKey: await loadPublicKey(sealConfig, values['public-key']) },
      terminal,
      out,
    );
  } finally {
    await bus?.close();
    await db.destroy();
  }
};
