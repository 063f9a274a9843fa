import type { Bus } from '@digit/messaging';
import { latestInBucket, openSealBucket } from './seal-bucket.js';
import type { SealConfig } from './seal-config.js';
import type { SealPublicKey } from './seal-keys.js';
import { latestInSealLog, sealLogFile } from './seal-log.js';
import { isSignedBy, type SignedSeal } from './signed-seal.js';

/** Where each anchor stands for one history, as read (nothing judged yet). */
export interface AnchoredSeals {
  readonly history: string;
  readonly file: { readonly path: string; readonly seal: SignedSeal | undefined; readonly unreadableLines: number };
  /** Undefined when the bucket could not be asked (no NATS given or reachable: `reason`). */
  readonly bucket: { readonly seal: SignedSeal | undefined; readonly unreadable: boolean } | { readonly unavailable: string };
}

export const readAnchoredSeals = async (options: {
  history: string;
  config: Pick<SealConfig, 'dataDir'>;
  bus: Bus | undefined;
}): Promise<AnchoredSeals> => {
  const path = sealLogFile(options.config, options.history);
  const file = { path, ...(await latestInSealLog(path)) };
  if (!options.bus) return { history: options.history, file, bucket: { unavailable: 'NATS injoignable' } };
  try {
    const kv = await openSealBucket(options.bus);
    const bucket = kv ? await latestInBucket(kv, options.history) : { seal: undefined, unreadable: false };
    return { history: options.history, file, bucket };
  } catch (error) {
    return { history: options.history, file, bucket: { unavailable: (error as Error).message } };
  }
};

export type AnchorJudgement =
  /** `latest`: the seal of highest position; `seals`: every valid anchored seal (the history must reach each). */
  | { readonly ok: true; readonly latest: SignedSeal | undefined; readonly seals: readonly SignedSeal[]; readonly notes: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Both anchors are signed by the same key, so neither outranks the other: the seal of higher
 * position is the latest (the other is an older seal, still binding), and both must be
 * genuine, of this history, and agree where they seal the same position. Messages in French:
 * auditors read them.
 */
export const judgeAnchoredSeals = (anchored: AnchoredSeals, key: SealPublicKey | undefined): AnchorJudgement => {
  const notes: string[] = [];
  const found: { where: string; seal: SignedSeal }[] = [];
  // A torn line (a crash mid-append) proves nothing either way; a readable seal must be genuine.
  if (anchored.file.unreadableLines > 0)
    notes.push(`${anchored.file.unreadableLines} ligne(s) illisible(s) ignorée(s) dans ${anchored.file.path}`);
  if (anchored.file.seal) found.push({ where: `fichier ${anchored.file.path}`, seal: anchored.file.seal });
  if ('unavailable' in anchored.bucket)
    notes.push(`bucket NATS non consulté (${anchored.bucket.unavailable}) : seul le fichier est vérifié`);
  else if (anchored.bucket.unreadable) return { ok: false, reason: 'le bucket NATS des sceaux contient une valeur illisible' };
  else if (anchored.bucket.seal) found.push({ where: 'bucket NATS', seal: anchored.bucket.seal });
  if (found.length === 0) return { ok: true, latest: undefined, seals: [], notes };
  if (!key)
    return {
      ok: false,
      reason: 'un sceau est ancré mais aucune clé publique pour le vérifier : donnez --public-key <fichier> ou DIGIT_SEAL_PUBLIC_KEY_FILE',
    };
  for (const { where, seal } of found) {
    if (seal.history !== anchored.history)
      return { ok: false, reason: `le sceau du ${where} est celui d'un autre historique (${seal.history})` };
    if (!isSignedBy(seal, key))
      return {
        ok: false,
        reason: `la signature du sceau du ${where} est invalide (clé attendue ${key.keyId}, sceau signé par ${seal.keyId})`,
      };
  }
  const [first, second] = found;
  if (second && first!.seal.position === second.seal.position && first!.seal.chainHash !== second.seal.chainHash) {
    return { ok: false, reason: `les deux ancres scellent la position ${first!.seal.position} avec des empreintes différentes` };
  }
  const latest = found.reduce((a, b) => (BigInt(b.seal.position) > BigInt(a.seal.position) ? b : a));
  if (second && first!.seal.position !== second.seal.position) {
    const behind = latest === first ? second : first!;
    notes.push(
      `le ${behind.where} est en retard (position ${behind.seal.position}, contre ${latest.seal.position}) : ses deux sceaux sont vérifiés`,
    );
  }
  return { ok: true, latest: latest.seal, seals: found.map(({ seal }) => seal), notes };
};
