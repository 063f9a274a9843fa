import { parseArgs } from 'node:util';
import { sealConfigFromEnv } from '@digit/history-seal';

const USAGE = `usage:
  npm run audit -- verify [--seal <position>:<hash>] [--public-key <clé.pem>]
  npm run audit -- verify --archive <archive.tar.gz> [--public-key <clé.pem>]
  npm run audit -- export --out <archive.tar.gz> [--from <AAAA-MM-JJ | instant ISO>] [--to <AAAA-MM-JJ | instant ISO>]
  npm run audit -- replay [--archive <archive.tar.gz>] --as-of <AAAA-MM-JJ | instant ISO> [--insee <insee>] [--out <rejeu.jsonl>]`;

const OPTIONS = {
  seal: { type: 'string' },
  'as-of': { type: 'string' },
  out: { type: 'string' },
  archive: { type: 'string' },
  'public-key': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  insee: { type: 'string' },
  /** The replayed services stay up for the process that started the replay (the dashboard). */
  serve: { type: 'boolean' },
} as const;

const COMMANDS = ['verify', 'export', 'replay'] as const;
export type AuditCommand = (typeof COMMANDS)[number];
export type AuditOptions = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

const failureTitle: Record<AuditCommand, string> = { verify: 'Vérification', export: 'Export', replay: 'Reconstruction' };

/**
 * The auditors' command line; returns the exit code. `verify --archive` reads the archive alone
 * (no database, no network); `verify` and `export` read the event store of DATABASE_URL and the
 * anchored seals (DIGIT_DATA_DIR, and the NATS bucket when NATS answers); `replay` needs
 * DATABASE_URL's PostgreSQL even for an archive (its services run on schemas of its own there)
 * and starts a NATS server of its own.
 */
export const runAudit = async (
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
  terminal: { progress: boolean } = { progress: false },
): Promise<number> => {
  const [command, ...rest] = argv;
  let values: AuditOptions;
  try {
    values = parseArgs({ args: [...rest], options: OPTIONS }).values;
  } catch (error) {
    out(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!COMMANDS.includes(command as AuditCommand)) {
    out(USAGE);
    return 2;
  }
  const name = command as AuditCommand;
  try {
    if (name === 'verify' && values.archive) {
      // The archive's code alone: no database driver, no bus, no services' rules.
      const { verifyArchiveCommand } = await import('./verify-archive.command.js');
      return await verifyArchiveCommand(values.archive, values, sealConfigFromEnv(env), out);
    }
    if (name === 'replay') {
      const { replayCommand } = await import('./replay.command.js');
      return await replayCommand(values, env, out);
    }
    const { runDatabaseCommand } = await import('./database-commands.js');
    return await runDatabaseCommand(name, values, env, terminal, out);
  } catch (error) {
    out(`${failureTitle[name]} impossible : ${(error as Error).message}`);
    return 2;
  }
};
