import { historyIdentity, type EventStore } from '@digit/event-store';
import type { Bus } from '@digit/messaging';
import {
  isSignedBy,
  judgeAnchoredSeals,
  readAnchoredSeals,
  sealInLogAtOrBelow,
  type SealConfig,
  type SealPublicKey,
  type SignedSeal,
} from '@digit/history-seal';

/** Where the anchored seals of a history are read, and the key they are checked with. */
export interface SealSources {
  readonly config: Pick<SealConfig, 'dataDir'>;
  /** Undefined: the bucket is not asked (the file alone is read). */
  readonly bus: Bus | undefined;
  readonly publicKey: SealPublicKey | undefined;
}

const highest = (seals: readonly SignedSeal[]): SignedSeal | undefined =>
  seals.reduce<SignedSeal | undefined>((best, seal) => (!best || BigInt(seal.position) > BigInt(best.position) ? seal : best), undefined);

/**
 * The signed seal an archive carries: up to the head, the latest anchored one (when it lies
 * beyond the archive's last event, the history was cut, and the archive shows it); cut at an
 * earlier instant, the latest anchored seal at or below its last event, from the bucket or the
 * seal log. Notes (French) say why none could be included.
 */
export const anchoredSealForArchive = async (
  store: EventStore,
  sources: SealSources,
  archive: { lastPosition: bigint; upToHead: boolean },
): Promise<{ seal: SignedSeal | undefined; notes: readonly string[] }> => {
  const history = await historyIdentity(store);
  const anchored = await readAnchoredSeals({ history, config: sources.config, bus: sources.bus });
  const judged = judgeAnchoredSeals(anchored, sources.publicKey);
  if (!judged.ok) return { seal: undefined, notes: [`aucun sceau signé inclus : ${judged.reason}`] };
  if (archive.upToHead || !judged.latest || BigInt(judged.latest.position) <= archive.lastPosition)
    return { seal: judged.latest, notes: judged.notes };
  const key = sources.publicKey!;
  const fromLog = await sealInLogAtOrBelow(
    anchored.file.path,
    archive.lastPosition,
    (seal) => seal.history === history && isSignedBy(seal, key),
  );
  const seal = highest([
    ...judged.seals.filter((candidate) => BigInt(candidate.position) <= archive.lastPosition),
    ...(fromLog ? [fromLog] : []),
  ]);
  return { seal, notes: seal ? judged.notes : [...judged.notes, `aucun sceau signé ancré à la position ${archive.lastPosition} ou avant`] };
};
