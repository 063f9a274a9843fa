import { parseArgs } from 'node:util';
import { createEventStore } from '@digit/event-store';
import { loadPublicKey, sealConfigFromEnv } from '@digit/history-seal';
import { keyEncryptionKeyFromBase64, openPersonalDataProtection, PERSONAL_DATA_FIELDS } from '@digit/personal-data';
import { createDatabase, schemaName, serviceConfigFromEnv } from '@digit/runtime';
import { exportCommand } from './export.command.js';
import { connectBusIfReachable } from './optional-bus.js';
import { replayCommand } from './replay.command.js';
import { verifyArchiveCommand } from './verify-archive.command.js';
import { verifyCommand } from './verify.command.js';

const USAGE = `usage:
  npm run audit -- verify [--seal <position>:<hash>] [--public-key <clé.pem>]
  npm run audit -- verify --archive <archive.tar.gz> [--public-key <clé.pem>]
  npm run audit -- export --out <archive.tar.gz> [--from <AAAA-MM-JJ | instant ISO>] [--to <AAAA-MM-JJ | instant ISO>]
  npm run audit -- replay --as-of <YYYY-MM-DD | ISO instant> [--out <file.json>]`;

const OPTIONS = {
  seal: { type: 'string' },
  'as-of': { type: 'string' },
  out: { type: 'string' },
  archive: { type: 'string' },
  'public-key': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

const COMMANDS = ['verify', 'export', 'replay'] as const;

const failureTitle: Record<(typeof COMMANDS)[number], string> = { verify: 'Vérification', export: 'Export', replay: 'Reconstruction' };

/**
 * The auditors' command line; returns the exit code. `verify --archive` reads the archive alone
 * (no database, no network); the others read the event store of DATABASE_URL, and `verify` and
 * `export` the anchored seals (DIGIT_DATA_DIR, and the NATS bucket when NATS answers).
 */
export const runAudit = async (
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
  terminal: { progress: boolean } = { progress: false },
): Promise<number> => {
  const [command, ...rest] = argv;
  let values: { [K in keyof typeof OPTIONS]?: string };
  try {
    values = parseArgs({ args: [...rest], options: OPTIONS }).values;
  } catch (error) {
    out(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!COMMANDS.includes(command as (typeof COMMANDS)[number])) {
    out(USAGE);
    return 2;
  }
  const name = command as (typeof COMMANDS)[number];
  if (name === 'verify' && values.archive) {
    try {
      return await verifyArchiveCommand(values.archive, values, sealConfigFromEnv(env), out);
    } catch (error) {
      out(`Vérification impossible : ${(error as Error).message}`);
      return 2;
    }
  }
  const config = serviceConfigFromEnv(env);
  const db = createDatabase(config.databaseUrl);
  const bus = name === 'replay' ? undefined : await connectBusIfReachable(config.natsUrl, config.natsNamespace);
  try {
    const store = createEventStore({ db, schema: schemaName(config, 'event_store') });
    if (name === 'verify') return await verifyCommand(store, values, { config: sealConfigFromEnv(env), bus }, out);
    if (name === 'export') {
      const sealConfig = sealConfigFromEnv(env);
      return await exportCommand(store, values, { config: sealConfig, bus, publicKey: await loadPublicKey(sealConfig, values['public-key']) }, terminal, out);
    }
    // Replays read personal fields as the services do: decrypted, or "erased" once a key is destroyed.
    const protection = await openPersonalDataProtection({
      db,
      schema: schemaName(config, 'personal_data'),
      catalogue: PERSONAL_DATA_FIELDS,
      keyEncryptionKey: keyEncryptionKeyFromBase64(config.personalDataKek),
    });
    return await replayCommand(createEventStore({ db, schema: schemaName(config, 'event_store'), personalData: protection.hook }), values, out);
  } catch (error) {
    out(`${failureTitle[name]} impossible : ${(error as Error).message}`);
    return 2;
  } finally {
    await bus?.close();
    await db.destroy();
  }
};
