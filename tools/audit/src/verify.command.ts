import { verifyHistory, type EventStore, type Seal } from '@digit/event-store';

const parseSeal = (text: string | undefined): Seal | undefined => {
  if (!text) return undefined;
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text);
  if (!match) throw new Error('--seal attend <position>:<empreinte sha256 hexadécimale>, tel qu’affiché par une vérification précédente');
  return { position: BigInt(match[1]!), chainHash: match[2]! };
};

/** `verify [--seal <position>:<hash>]`: 0 when the whole chain holds, 1 with the first bad position. */
export const verifyCommand = async (store: EventStore, options: { seal?: string }, out: (line: string) => void): Promise<number> => {
  const report = await verifyHistory(store, { expectedSeal: parseSeal(options.seal) });
  if (report.ok) {
    out(`Historique intègre : ${report.eventsChecked} événement(s) vérifié(s).`);
    out(`Sceau de tête (à conserver pour la prochaine vérification) : --seal ${report.head.position}:${report.head.chainHash}`);
    return 0;
  }
  out(`Historique altéré : première position en défaut ${report.position} (${report.reason}).`);
  out(`${report.eventsChecked} événement(s) vérifié(s) avant cette position.`);
  return 1;
};
