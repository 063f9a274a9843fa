import { getLabel, validate } from '@ban-team/validateur-bal';
import type { Insee } from '@digit/contracts';
import { parseBalBaseline, type BalLineError } from '../domain/voirie/bal-baseline.js';
import type { BalCheck } from './bal-baseline.check.js';

/**
 * Runs as a child process (bal-baseline.check.ts): the official validator holds the whole file's
 * rows at once (about 370 MB of heap for 60,000 lines), far beyond the service's bounded heap.
 *
 * DIGIT calls no third-party service: the validator's lookup of the commune's BAN identifier
 * (plateforme.adresse.data.gouv.fr) is answered "unknown", which it treats as the API being
 * unreachable: only the consistency of the id_ban_* columns with the BAN goes unchecked.
 */
globalThis.fetch = (async () => new Response(JSON.stringify({ status: 'error' }), { status: 200 })) as typeof fetch;

const BAL_PROFILE = '1.4';
const BLOCKING = 'E';

const decode = (data: Uint8Array): string => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('windows-1252').decode(data);
  }
};

const labelled = (code: string): string => `${getLabel(code) ?? code} (${code})`;

const check = async ({ bytes, insee }: { bytes: Uint8Array; insee: Insee }): Promise<BalCheck> => {
  const report = await validate(Buffer.from(bytes), { profile: BAL_PROFILE });
  if (!('rows' in report))
    return { ok: false, errors: [{ line: 0, message: 'le fichier n’a pas pu être lu comme un CSV BAL (séparateur ;, en-tête attendu)' }] };
  const errors: BalLineError[] = [
    ...report.profilErrors.filter((error) => error.level === BLOCKING).map((error) => ({ line: 0, message: labelled(error.code) })),
    ...report.notFoundFields
      .filter((field) => field.level === BLOCKING)
      .map((field) => ({ line: 1, message: `colonne obligatoire absente : ${field.schemaName}` })),
    ...report.rows.flatMap((row) =>
      row.errors.filter((error) => error.level === BLOCKING).map((error) => ({ line: row.line, message: labelled(error.code) })),
    ),
  ];
  if (errors.length > 0) return { ok: false, errors };
  return parseBalBaseline(decode(bytes), insee);
};

process.once('message', async (request: { bytes: Uint8Array; insee: Insee }) => {
  process.send!(await check(request), () => process.exit(0));
});
