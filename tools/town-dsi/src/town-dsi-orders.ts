import { randomInt, randomUUID } from 'node:crypto';
import { townName, voirieOrdersSubject, type Insee } from '@digit/contracts';

/**
 * What a town's DSI sends in one demonstration run (CONTRACT.md "Towns' DSIs → DIGIT"): one order
 * of each kind, then resends and bad messages, each with the answer DIGIT should give. The roads
 * get fresh codes on every run, so that a run never collides with an earlier one.
 */
export type ExpectedAnswer = 'accepted' | 'rejected' | 'duplicate' | 'deduplicated-by-jetstream';

export interface DsiMessage {
  /** What the message is, in French, for the printed lines. */
  readonly label: string;
  /** Logical subject (no namespace). */
  readonly subject: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The id the outcome will carry. */
  readonly orderId: string;
  readonly expected: ExpectedAnswer;
}

export interface DsiScenario {
  readonly insee: Insee;
  readonly roadId: string;
  readonly squareId: string;
  readonly messages: readonly DsiMessage[];
}

/** Near each town hall (WGS84), so that every position lies inside the town. */
const TOWN_CENTRES: Readonly<Record<Insee, readonly [number, number]>> = {
  '92012': [2.2401, 48.8352],
  '92022': [2.1875, 48.8075],
  '92040': [2.266, 48.8235],
  '92047': [2.1675, 48.829],
  '92048': [2.226, 48.8055],
  '92072': [2.212, 48.8225],
  '92075': [2.29, 48.821],
  '92077': [2.187, 48.8245],
};

const CODE_CHARACTERS = '0123456789ABCDEFGHJKLMNPQRSTUVWYZ';
const roadCode = (first: string): string =>
  first + Array.from({ length: 3 }, () => CODE_CHARACTERS[randomInt(CODE_CHARACTERS.length)]).join('');

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** The largest body DIGIT reads is 64 KiB; this one is just above it, and below what the stream stores. */
const OVERSIZED_BYTES = 64 * 1024 + 512;

export const townDsiScenario = (insee: Insee): DsiScenario => {
  const [lon, lat] = TOWN_CENTRES[insee];
  const roadId = `${insee}_${roadCode('D')}`;
  const squareId = `${insee}_${roadCode('P')}`;
  const mentions = { source: `Ville de ${townName(insee)}`, copyright: `© Ville de ${townName(insee)}`, year: 2024 };
  const subject = voirieOrdersSubject(insee);
  const order = (fields: Record<string, unknown>) => ({ orderId: randomUUID(), insee, mentions, ...fields });
  const send = (label: string, body: Record<string, unknown>, expected: ExpectedAnswer = 'accepted'): DsiMessage => ({
    label,
    subject,
    body: JSON.stringify(body),
    headers: { ...JSON_HEADERS, 'Nats-Msg-Id': String(body.orderId) },
    orderId: String(body.orderId),
    expected,
  });
  const road = { id: roadId, name: 'Allée Marie Curie', type: 'voie' };
  const created = order({ reference: 'AR-2024-0153', signedAt: '2024-03-02', effectiveAt: '2024-04-01', kind: 'ROAD_CREATED', road });
  const numbers = [
    { number: 1, lon, lat },
    { number: 2, lon: lon + 0.00012, lat: lat + 0.00008 },
    { number: 2, suffix: 'bis', lon: lon + 0.00016, lat: lat + 0.00012 },
    { number: 3, lon: lon + 0.00031, lat: lat + 0.00021 },
    { number: 4, lon: lon + 0.0004, lat: lat + 0.0003 },
  ];
  const malformedId = randomUUID();
  const otherTown = insee === '92040' ? '92012' : '92040';
  const wrongType = order({
    reference: 'AR-2024-0400',
    signedAt: '2024-11-02',
    effectiveAt: '2024-12-01',
    kind: 'ROAD_CREATED',
    road: { id: `${insee}_${roadCode('T')}`, name: 'Rue du Texte', type: 'voie' },
  });
  const oversized = order({
    reference: 'x'.repeat(OVERSIZED_BYTES),
    signedAt: '2024-11-02',
    effectiveAt: '2024-12-01',
    kind: 'ROAD_CREATED',
    road: { id: `${insee}_${roadCode('O')}`, name: 'Rue Trop Longue', type: 'voie' },
  });
  return {
    insee,
    roadId,
    squareId,
    messages: [
      send(`création de la voie ${roadId} « Allée Marie Curie »`, created),
      send(
        `numérotation de ${roadId} (1, 2, 2 bis, 3, 4)`,
        order({ reference: 'AR-2024-0187', signedAt: '2024-04-15', effectiveAt: '2024-05-01', kind: 'NUMBERING', road, numbers }),
      ),
      send(
        `sens de circulation de ${roadId} : sens unique`,
        order({
          reference: 'AR-2024-0201',
          signedAt: '2024-05-20',
          effectiveAt: '2024-06-01',
          kind: 'TRAFFIC_DIRECTION',
          road,
          direction: 'ONE_WAY_FORWARD',
        }),
      ),
      send(
        `renommage de ${roadId} en « Allée Marie et Pierre Curie »`,
        order({
          reference: 'AR-2024-0311',
          signedAt: '2024-09-10',
          effectiveAt: '2024-10-01',
          kind: 'ROAD_RENAMED',
          road: { ...road, name: 'Allée Marie et Pierre Curie' },
          previousName: 'Allée Marie Curie',
        }),
      ),
      send(
        `création de la place ${squareId} « Place des Tilleuls »`,
        order({
          reference: 'AR-2024-0322',
          signedAt: '2024-09-16',
          effectiveAt: '2024-10-15',
          kind: 'ROAD_CREATED',
          road: { id: squareId, name: 'Place des Tilleuls', type: 'place' },
        }),
      ),
      send('même création renvoyée aussitôt (même Nats-Msg-Id)', created, 'deduplicated-by-jetstream'),
      {
        ...send('même création renvoyée après la fenêtre de déduplication (sans Nats-Msg-Id)', created, 'duplicate'),
        headers: JSON_HEADERS,
      },
      {
        label: 'JSON mal formé',
        subject,
        body: `{"orderId": "${malformedId}", "insee": "${insee}", "kind": "ROAD_CREATED", `,
        headers: { ...JSON_HEADERS, 'Nats-Msg-Id': malformedId },
        orderId: malformedId,
        expected: 'rejected',
      },
      send(`arrêté au nom d’une autre commune (${otherTown})`, { ...created, orderId: randomUUID(), insee: otherTown }, 'rejected'),
      send(
        'renommage d’une voie inconnue du registre',
        order({
          reference: 'AR-2024-0350',
          signedAt: '2024-10-02',
          effectiveAt: '2024-11-01',
          kind: 'ROAD_RENAMED',
          road: { id: `${insee}_${roadCode('U')}`, name: 'Rue Nouvelle', type: 'voie' },
          previousName: 'Rue Ancienne',
        }),
        'rejected',
      ),
      send(
        'numérotation qui nomme la voie « Rue Fausse » (le registre dit « Allée Marie et Pierre Curie »)',
        order({
          reference: 'AR-2024-0360',
          signedAt: '2024-10-20',
          effectiveAt: '2024-11-01',
          kind: 'NUMBERING',
          road: { ...road, name: 'Rue Fausse' },
          numbers: [{ number: 8, lon, lat }],
        }),
        'rejected',
      ),
      send(
        'identifiant d’arrêté qui n’est pas un UUID (AR-2024-0361)',
        {
          ...order({ reference: 'AR-2024-0361', signedAt: '2024-10-20', effectiveAt: '2024-11-01', kind: 'NUMBERING', road, numbers }),
          orderId: 'AR-2024-0361',
        },
        'rejected',
      ),
      send(`message trop volumineux (${Math.round(OVERSIZED_BYTES / 1024)} Kio)`, oversized, 'rejected'),
      {
        ...send('mauvais type de contenu (text/plain)', wrongType, 'rejected'),
        headers: { 'Content-Type': 'text/plain', 'Nats-Msg-Id': String(wrongType.orderId) },
      },
    ],
  };
};
