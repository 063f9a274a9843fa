import { INSEE_CODES, TOWN_BOUNDING_BOXES } from '@digit/contracts';
import { MAX_ORDER_BYTES, type VoirieMessage } from './parse-voirie-order.js';
import { seededRandom, seededUuid, type SeededRandom } from './seeded-random.js';
import { TRAFFIC_DIRECTIONS, VOIRIE_ORDER_KINDS } from './voirie-order.js';
import { voirieMessageOf, type VoirieOrderBody } from './voirie.fixtures.js';

/** A generated message and the name of what was done to it, to replay and explain a failure. */
export interface FuzzedVoirieMessage extends VoirieMessage {
  readonly mutation: string;
}

type Json = Record<string, unknown>;
type Mutation = (random: SeededRandom, body: Json, sent: readonly FuzzedVoirieMessage[]) => Omit<FuzzedVoirieMessage, 'mutation'>;

const ROAD_CODES = ['0001', '0002', '0003', '0042', 'B001'];
const ROAD_NAMES = ['Rue des Lilas', 'Rue du Château', 'Rue Gallieni', 'Place de Sèvres'];
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const clone = (body: Json): Json => structuredClone(body);

/** A plausible order of any kind for Boulogne, on a small pool of roads so that registry rules fire. */
export const randomVoirieOrderBody = (random: SeededRandom): VoirieOrderBody => {
  const box = TOWN_BOUNDING_BOXES['92012'];
  const kind = random.pick(VOIRIE_ORDER_KINDS);
  const signed = `2024-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
  const point = (): { lon: number; lat: number } => ({
    lon: Number((box.minLon + 0.01 + random.next() * (box.maxLon - box.minLon - 0.02)).toFixed(6)),
    lat: Number((box.minLat + 0.01 + random.next() * (box.maxLat - box.minLat - 0.02)).toFixed(6)),
  });
  const numbers = Array.from({ length: random.int(1, 6) }, (_, index) => ({
    number: index * 2 + random.int(1, 2),
    ...(random.chance(0.2) ? { suffix: random.pick(['bis', 'ter', 'A']) } : {}),
    ...point(),
  }));
  const name = random.pick(ROAD_NAMES);
  return {
    orderId: seededUuid(random),
    insee: '92012',
    reference: `AR-2024-${String(random.int(1, 9999)).padStart(4, '0')}`,
    signedAt: signed,
    effectiveAt: signed.replace(/^2024/, '2025'),
    kind,
    road: { id: `92012_${random.pick(ROAD_CODES)}`, name, type: random.pick(['voie', 'place']) },
    ...(kind === 'ROAD_RENAMED' ? { previousName: random.pick(ROAD_NAMES.filter((other) => other !== name)) } : {}),
    ...(kind === 'NUMBERING' || (kind === 'ROAD_CREATED' && random.chance(0.3)) ? { numbers } : {}),
    ...(kind === 'TRAFFIC_DIRECTION' ? { direction: random.pick(TRAFFIC_DIRECTIONS) } : {}),
    mentions: { source: 'Ville de Boulogne-Billancourt', copyright: '© Ville de Boulogne-Billancourt', year: 2024 },
  };
};

const randomJsonValue = (random: SeededRandom): unknown =>
  random.pick<unknown>([
    null,
    true,
    0,
    -1,
    1.5,
    1e308,
    '',
    ' ',
    'x'.repeat(random.int(1, 300)),
    [],
    [1, 'a'],
    {},
    { a: 1 },
    '2024-02-30',
    '92012',
    'ROAD_CREATED',
  ]);

const randomText = (random: SeededRandom): string =>
  String.fromCodePoint(
    ...Array.from({ length: random.int(0, 40) }, () =>
      random.pick([0, 9, 10, 0x22, 0x5c, 0x41, 0xe9, 0x2028, 0xfffd, 0x1f600, random.int(32, 0x2fff)]),
    ),
  );

const fieldPaths = (body: Json): string[][] => [
  ...Object.keys(body).map((key) => [key]),
  ...['id', 'name', 'type'].map((key) => ['road', key]),
  ...['source', 'copyright', 'year'].map((key) => ['mentions', key]),
  ...(Array.isArray(body.numbers) ? ['number', 'suffix', 'lon', 'lat'].map((key) => ['numbers', '0', key]) : []),
];

const setPath = (body: Json, path: readonly string[], value: unknown): Json => {
  const copy = clone(body);
  let target: unknown = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof target !== 'object' || target === null) return copy;
    target = (target as Json)[key];
  }
  if (typeof target === 'object' && target !== null) (target as Json)[path[path.length - 1]!] = value;
  return copy;
};

const deletePath = (body: Json, path: readonly string[]): Json => {
  const copy = clone(body);
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Json)[key] : undefined), copy);
  if (typeof parent === 'object' && parent !== null) delete (parent as Json)[path[path.length - 1]!];
  return copy;
};

const MUTATIONS: Record<string, Mutation> = {
  valid: (_, body) => voirieMessageOf(body),
  resend: (random, body, sent) => {
    const earlier = sent.filter((message) => message.mutation === 'valid');
    return earlier.length > 0 ? random.pick(earlier) : voirieMessageOf(body);
  },
  dropField: (random, body) => voirieMessageOf(deletePath(body, random.pick(fieldPaths(body)))),
  wrongValue: (random, body) => voirieMessageOf(setPath(body, random.pick(fieldPaths(body)), randomJsonValue(random))),
  randomText: (random, body) => voirieMessageOf(setPath(body, random.pick(fieldPaths(body)), randomText(random))),
  unknownField: (random, body) => voirieMessageOf({ ...body, [random.pick(['extra', 'Kind', 'road_id', 'previous_name'])]: 1 }),
  prototypeKey: (random, body) => {
    const json = JSON.stringify(body);
    const key = random.pick(['__proto__', 'constructor', 'prototype']);
    return { ...voirieMessageOf(body), data: encode(json.replace('{', `{"${key}":{"isAdmin":true},`)) };
  },
  numberOutOfRange: (random, body) =>
    voirieMessageOf(
      setPath(body, ['numbers', '0', random.pick(['number', 'lon', 'lat'])], random.pick([0, 10000, -1, 1.5, 200, -95, 48.8, 2.24])),
    ),
  swapLonLat: (_, body) => {
    const numbers = Array.isArray(body.numbers) ? (body.numbers as Json[]).map((n) => ({ ...n, lon: n.lat, lat: n.lon })) : [];
    return voirieMessageOf({ ...body, kind: 'NUMBERING', numbers });
  },
  changeKind: (random, body) => voirieMessageOf({ ...body, kind: random.pick(VOIRIE_ORDER_KINDS) }),
  badDate: (random, body) =>
    voirieMessageOf({
      ...body,
      [random.pick(['signedAt', 'effectiveAt'])]: random.pick([
        '2024-02-30',
        '2024-13-01',
        '24-03-01',
        '2024-3-1',
        '0024-03-01',
        '2023-12-31',
        '2099-01-01',
      ]),
    }),
  otherTownSubject: (random, body) => voirieMessageOf(body, { insee: random.pick(INSEE_CODES.filter((insee) => insee !== '92012')) }),
  otherTownBody: (random, body) => voirieMessageOf({ ...body, insee: random.pick(['92040', '75056', '', '9201']) }, { insee: '92012' }),
  badSubject: (random, body) => ({
    ...voirieMessageOf(body),
    subject: random.pick(['digit.towns.99999.voirie.orders', 'digit.towns..voirie.orders', 'digit.towns.92012.voirie.outcomes', '']),
  }),
  wrongContentType: (random, body) =>
    voirieMessageOf(body, {
      headers: { 'Content-Type': random.pick(['text/plain', 'application/xml', 'application/json; charset=latin1', '']) },
    }),
  msgIdMismatch: (random, body) => voirieMessageOf(body, { headers: { 'Nats-Msg-Id': seededUuid(random) } }),
  truncated: (random, body) => {
    const message = voirieMessageOf(body);
    return { ...message, data: message.data.slice(0, random.int(0, message.data.length - 1)) };
  },
  randomBytes: (random, body) => ({
    ...voirieMessageOf(body),
    data: Uint8Array.from({ length: random.int(0, 512) }, () => random.int(0, 255)),
  }),
  notAnObject: (random, body) => ({
    ...voirieMessageOf(body),
    data: encode(random.pick(['null', '42', '"x"', '[]', 'true', '[{}]', ' '])),
  }),
  byteOrderMark: (_, body) => {
    const message = voirieMessageOf(body);
    return { ...message, data: Uint8Array.from([0xef, 0xbb, 0xbf, ...message.data]) };
  },
  deepNesting: (random, body) => {
    const depth = random.int(50, 5000);
    const json = JSON.stringify(body)
      .replace('"voie"', `${'['.repeat(depth)}${']'.repeat(depth)}`)
      .replace('"place"', `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
    return { ...voirieMessageOf(body), data: encode(json) };
  },
  manyNumbers: (random, body) => {
    const count = random.pick([1001, 1200]);
    const numbers = Array.from({ length: count }, (_, index) => ({ number: (index % 9999) + 1, lon: 2.24, lat: 48.835 }));
    return voirieMessageOf({ ...body, kind: 'NUMBERING', numbers });
  },
  oversized: (random, body) => voirieMessageOf({ ...body, reference: 'x'.repeat(MAX_ORDER_BYTES + random.int(1, 4096)) }),
};

const MUTATION_NAMES = Object.keys(MUTATIONS);

/**
 * `count` messages for the orders subject of Boulogne (and, mutated, of others), valid and broken,
 * fully determined by `seed`. About one in six is a valid order, some are resends of earlier ones.
 */
export const fuzzVoirieMessages = (seed: number, count: number): FuzzedVoirieMessage[] => {
  const random = seededRandom(seed);
  const sent: FuzzedVoirieMessage[] = [];
  for (let index = 0; index < count; index += 1) {
    const mutation = random.chance(0.15) ? 'valid' : random.pick(MUTATION_NAMES);
    const body = randomVoirieOrderBody(random) as unknown as Json;
    sent.push({ mutation, ...MUTATIONS[mutation]!(random, body, sent) });
  }
  return sent;
};
