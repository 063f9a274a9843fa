import { parseArgs } from 'node:util';
import { createEventStore } from '@digit/event-store';
import { openPersonalDataProtection, PERSONAL_DATA_FIELDS } from '@digit/personal-data';
import { createDatabase, resolveKeyEncryptionKey, schemaName, serviceConfigFromEnv } from '@digit/runtime';
import { replayCommand } from './replay.command.js';
import { verifyCommand } from './verify.command.js';

const USAGE = `usage:
  npm run audit -- verify [--seal <position>:<hash>]
  npm run audit -- replay --as-of <YYYY-MM-DD | ISO instant> [--out <file.json>]`;

/** The auditors' command line over the event store of DATABASE_URL; returns the exit code. */
export const runAudit = async (
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
): Promise<number> => {
  const [command, ...rest] = argv;
  let values: { seal?: string; 'as-of'?: string; out?: string };
  try {
    values = parseArgs({ args: [...rest], options: { seal: { type: 'string' }, 'as-of': { type: 'string' }, out: { type: 'string' } } }).values;
  } catch (error) {
    out(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (command !== 'verify' && command !== 'replay') {
    out(USAGE);
    return 2;
  }
  const config = serviceConfigFromEnv(env);
  const db = createDatabase(config.databaseUrl);
  try {
    if (command === 'verify') return await verifyCommand(createEventStore({ db, schema: schemaName(config, 'event_store') }), values, out);
    // Replays read personal fields as the services do: decrypted, or "erased" once a key is destroyed.
    const protection = await openPersonalDataProtection({
      db,
      schema: schemaName(config, 'personal_data'),
      catalogue: PERSONAL_DATA_FIELDS,
      keyEncryptionKey: await resolveKeyEncryptionKey(config),
    });
    const store = createEventStore({ db, schema: schemaName(config, 'event_store'), personalData: protection.hook });
    return await replayCommand(store, values, out);
  } catch (error) {
    out(`${command === 'verify' ? 'Vérification' : 'Reconstruction'} impossible : ${(error as Error).message}`);
    return 2;
  } finally {
    await db.destroy();
  }
};
