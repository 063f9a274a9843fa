import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { verifyHistoryArchive } from '@digit/history-archive';
import { loadPublicKey, type SealConfig } from '@digit/history-seal';
import { frenchCount, parisTime } from './paris-time.js';
import { describeSignedSeal } from './verify.command.js';

/**
 * `verify --archive <file> [--public-key <file>]`: the archive alone, no database, no network:
 * 0 when intact, 1 with the first bad position (or what is wrong with the manifest).
 */
export const verifyArchiveCommand = async (
  file: string,
  options: { 'public-key'?: string },
  config: SealConfig,
  out: (line: string) => void,
): Promise<number> => {
  // A file that cannot be read says nothing of the history: exit 2, not 1.
  await access(file, constants.R_OK).catch(() => {
    throw new Error(`impossible de lire ${file}`);
  });
  // Only a key the auditor names is pinned: the archive carries its own otherwise.
  const pinned = options['public-key'] ? await loadPublicKey(config, options['public-key']) : undefined;
  const report = await verifyHistoryArchive(createReadStream(file), { publicKey: pinned });
  if (!report.ok) {
    out(
      report.position === undefined
        ? `Archive altérée : ${report.reason}.`
        : `Archive altérée : première position en défaut ${report.position} (${report.reason}).`,
    );
    out(`${frenchCount(report.eventsChecked)} événement(s) vérifié(s) avant le défaut.`);
    return 1;
  }
  const { manifest } = report;
  const span = manifest.firstPosition ? `positions ${manifest.firstPosition} à ${manifest.lastPosition}` : 'aucun événement';
  out(`Archive intègre : ${frenchCount(report.eventsChecked)} événement(s) vérifié(s) (${span}) de l'historique ${manifest.history}.`);
  out(
    `Écrite le ${parisTime(manifest.createdAt)} par ${manifest.codeVersion.package}${manifest.codeVersion.commit ? ` (commit ${manifest.codeVersion.commit})` : ''}.`,
  );
  if (report.anchoredSeal) out(`Sceau ancré signé vérifié : ${describeSignedSeal(report.anchoredSeal.seal)}.`);
  out(`Sceau de tête : ${manifest.headSeal.position}:${manifest.headSeal.chainHash}`);
  for (const note of report.notes) out(`Note : ${note}.`);
  return 0;
};
