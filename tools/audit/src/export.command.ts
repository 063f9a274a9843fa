import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import type { EventStore } from '@digit/event-store';
import { parseArchiveRange, planHistoryArchive, writeHistoryArchive, type SealSources } from '@digit/history-archive';
import { frenchCount } from './paris-time.js';
import { describeSignedSeal } from './verify.command.js';

/** A bar on the terminal only (stdout a TTY): a redirected or piped run prints its lines alone. */
const progressBar = (enabled: boolean, total: number) => {
  if (!enabled || total === 0) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      format: 'Export |{bar}| {percentage} % | {value}/{total} événements | reste {eta_formatted}',
      stream: process.stdout,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
};

/**
 * `export --out <file> [--from <instant>] [--to <instant>]`: the self-contained archive of the
 * history (issue 14). Written aside and renamed when complete, so a failed export leaves no
 * file that looks like an archive.
 */
export const exportCommand = async (
  store: EventStore,
  options: { out?: string; from?: string; to?: string },
  sources: SealSources,
  terminal: { progress: boolean },
  out: (line: string) => void,
): Promise<number> => {
  if (!options.out) throw new Error("--out <fichier> est obligatoire : le chemin de l'archive à écrire (.tar.gz)");
  const plan = await planHistoryArchive(store, parseArchiveRange(options), sources);
  const { manifest } = plan;
  const span = manifest.firstPosition
    ? `positions ${manifest.firstPosition} à ${manifest.lastPosition}`
    : 'aucun événement dans cet intervalle';
  out(`Export de l'historique ${manifest.history} : ${frenchCount(manifest.eventCount)} événement(s), ${span}, vers ${options.out}.`);
  const partial = `${options.out}.partial`;
  const bar = progressBar(terminal.progress, manifest.eventCount);
  try {
    await writeHistoryArchive(store, plan, createWriteStream(partial), (exported) => bar?.update(exported));
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    bar?.stop();
  }
  await rename(partial, options.out);
  const megabytes = ((await stat(options.out)).size / 1e6).toLocaleString('fr-FR', { maximumFractionDigits: 1 });
  out(`Archive écrite : ${options.out} (${megabytes} Mo). Sceau de tête : ${manifest.headSeal.position}:${manifest.headSeal.chainHash}`);
  if (manifest.anchoredSeal) out(`Sceau ancré signé inclus : ${describeSignedSeal(manifest.anchoredSeal)}.`);
  for (const note of plan.notes) out(`Note : ${note}.`);
  out(`Vérification hors ligne : npm run audit -- verify --archive ${options.out}`);
  return 0;
};
