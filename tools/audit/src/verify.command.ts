import { historyIdentity, verifyHistory, type EventStore, type Seal } from '@digit/event-store';
import type { Bus } from '@digit/messaging';
import { judgeAnchoredSeals, loadPublicKey, readAnchoredSeals, sealOf, type SealConfig, type SignedSeal } from '@digit/history-seal';
import { frenchCount, parisTime } from './paris-time.js';

const parseSeal = (text: string | undefined): Seal | undefined => {
  if (!text) return undefined;
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text);
  if (!match) throw new Error('--seal attend <position>:<empreinte sha256 hexadécimale>, tel qu’affiché par une vérification précédente');
  return { position: BigInt(match[1]!), chainHash: match[2]! };
};

export const describeSignedSeal = (seal: SignedSeal): string =>
  `position ${seal.position}, scellé le ${parisTime(seal.sealedAt)} (heure de Paris), clé ${seal.keyId}`;

/**
 * `verify [--seal <position>:<hash>] [--public-key <file>]`: 0 when the whole chain holds and
 * reaches every anchored signed seal (R-SEC-5) and the auditor's own seal, 1 with the first bad
 * position otherwise (or when an anchored seal is forged or the anchors disagree).
 */
export const verifyCommand = async (
  store: EventStore,
  options: { seal?: string; 'public-key'?: string },
  anchors: { config: SealConfig; bus: Bus | undefined },
  out: (line: string) => void,
): Promise<number> => {
  const manual = parseSeal(options.seal);
  const history = await historyIdentity(store);
  // Anchors first: whatever they seal was in the history before the walk below starts.
  const anchored = await readAnchoredSeals({ history, config: anchors.config, bus: anchors.bus });
  const judged = judgeAnchoredSeals(anchored, await loadPublicKey(anchors.config, options['public-key']));
  if (!judged.ok) {
    out(`Sceau ancré invalide : ${judged.reason}.`);
    return 1;
  }
  const report = await verifyHistory(store, { expectedSeals: [...(manual ? [manual] : []), ...judged.seals.map(sealOf)] });
  for (const note of judged.notes) out(`Note : ${note}.`);
  if (!report.ok) {
    out(`Historique altéré : première position en défaut ${report.position} (${report.reason}).`);
    const sealed = judged.seals.find((seal) => BigInt(seal.position) === report.position);
    if (sealed) out(`Sceau ancré signé en cause : ${describeSignedSeal(sealed)}.`);
    out(`${frenchCount(report.eventsChecked)} événement(s) vérifié(s) avant cette position.`);
    return 1;
  }
  out(`Historique intègre : ${report.eventsChecked} événement(s) vérifié(s).`);
  if (judged.latest) out(`Dernier sceau ancré signé, atteint par la chaîne : ${describeSignedSeal(judged.latest)}.`);
  else
    out(
      `Aucun sceau ancré pour l'historique ${history} (${anchored.file.path}, bucket NATS) : seule la cohérence interne de la chaîne est vérifiée.`,
    );
  out(`Sceau de tête (à conserver pour la prochaine vérification) : --seal ${report.head.position}:${report.head.chainHash}`);
  return 0;
};
