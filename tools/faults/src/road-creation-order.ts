import { randomUUID } from 'node:crypto';
import { INSEE_CODES } from '@digit/contracts';

/**
 * A road creation as a town's DSI writes it (CONTRACT.md): the eight towns in turn, a new road
 * each time; `referencePrefix` tells the scenario's orders apart (`AR-CRASH-12`).
 */
export const roadCreationOrder = (index: number, referencePrefix: string) => {
  const insee = INSEE_CODES[index % INSEE_CODES.length]!;
  return {
    orderId: randomUUID(),
    insee,
    reference: `${referencePrefix}-${index}`,
    signedAt: '2024-03-02',
    effectiveAt: '2024-04-01',
    kind: 'ROAD_CREATED',
    road: {
      id: `${insee}_${String(Math.floor(index / INSEE_CODES.length) + 1).padStart(4, '0')}`,
      name: `Rue d'essai ${index}`,
      type: 'voie',
    },
    mentions: { source: 'Ville de test', copyright: 'Ville de test', year: 2024 },
  };
};
