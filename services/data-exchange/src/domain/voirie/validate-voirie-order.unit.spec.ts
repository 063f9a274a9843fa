import { isVoirieErrorCode } from '@digit/contracts';
import { validateVoirieOrder } from './validate-voirie-order.js';
import { boulogneOrders, type VoirieOrderBody } from './voirie.fixtures.js';

type Body = Record<string, unknown>;

const numbering = boulogneOrders.numbering as unknown as Body;
const created = boulogneOrders.roadCreated as unknown as Body;
const renamed = boulogneOrders.roadRenamed as unknown as Body;
const direction = boulogneOrders.trafficDirection as unknown as Body;

const withRoad = (body: Body, road: Body): Body => ({ ...body, road: { ...(body.road as Body), ...road } });
const withNumber = (fields: Body, body: Body = numbering): Body => ({
  ...body,
  numbers: [{ ...(numbering.numbers as Body[])[0], ...fields }],
});
const without = (body: Body, field: string): Body => Object.fromEntries(Object.entries(body).filter(([key]) => key !== field));
const withoutInRoad = (field: string): Body => ({ ...numbering, road: without(numbering.road as Body, field) });

const errorsOf = async (body: unknown) => {
  const result = await validateVoirieOrder(body);
  if (result.ok) throw new Error(`expected errors for ${JSON.stringify(body).slice(0, 200)}`);
  return result.errors;
};

describe('validateVoirieOrder: a valid order passes (R-DX-1)', () => {
  it.each(Object.entries(boulogneOrders))('R-DX-1: the Boulogne fixture %s is valid', async (_, body) => {
    const result = await validateVoirieOrder(body);
    expect(result.ok).toBe(true);
  });

  it('R-DX-1: the order comes back as plain data, a number without suffix has suffix null', async () => {
    const result = await validateVoirieOrder(boulogneOrders.numbering);
    if (!result.ok) throw new Error('expected a valid order');
    expect(result.order.kind).toBe('NUMBERING');
    expect(result.order.kind === 'NUMBERING' && result.order.numbers[0]).toEqual({ number: 1, suffix: null, lon: 2.2401, lat: 48.8352 });
    expect(result.order.kind === 'NUMBERING' && result.order.numbers[2]?.suffix).toBe('bis');
    expect(JSON.parse(JSON.stringify(result.order))).toEqual(result.order);
  });

  it.each([
    ['an empty suffix means no suffix', withNumber({ suffix: '' })],
    ['a null suffix means no suffix', withNumber({ suffix: null })],
    ['a 9-character suffix', withNumber({ suffix: 'abcdefghi' })],
    ['a creation that numbers the new road at once', { ...created, numbers: numbering.numbers }],
    ['a creation with an empty numbers list', { ...created, numbers: [] }],
    ['a rename with a null direction', { ...renamed, direction: null }],
    ['number 9999', withNumber({ number: 9999 })],
    ['a road code with letters', withRoad(created, { id: '92012_B001' })],
    ['an effective date the day of signature', { ...created, effectiveAt: created.signedAt }],
  ])('R-DX-1: accepts %s', async (_, body) => {
    expect((await validateVoirieOrder(body)).ok).toBe(true);
  });
});

describe('validateVoirieOrder: each bad field gives its path and a French message (R-DX-2)', () => {
  it.each<[string, string, Body | unknown, string, string]>([
    // identity (R-DX-2: the id makes duplicates) and town (R-DX-3)
    ['R-DX-2', 'orderId not a UUID', { ...numbering, orderId: 'AR-2024-0153' }, 'order.orderId', 'UUID'],
    ['R-DX-2', 'orderId in upper case', { ...numbering, orderId: '3B0F8A52-6C1D-4E8F-9A27-5D4C3B2A1F02' }, 'order.orderId', 'minuscules'],
    ['R-DX-2', 'orderId missing', without(numbering, 'orderId'), 'order.orderId', 'obligatoire'],
    ['R-DX-3', 'insee of a town outside GPSO', { ...numbering, insee: '75056' }, 'order.insee', '92012'],
    ['R-DX-3', 'insee as a number', { ...numbering, insee: 92012 }, 'order.insee', 'inconnu'],
    // reference
    ['R-DX-1', 'reference empty', { ...numbering, reference: '' }, 'order.reference', 'vide'],
    ['R-DX-1', 'reference blank', { ...numbering, reference: '   ' }, 'order.reference', 'vide'],
    ['R-DX-1', 'reference too long', { ...numbering, reference: 'A'.repeat(101) }, 'order.reference', 'au plus 100'],
    ['R-DX-1', 'reference with a leading space', { ...numbering, reference: ' AR-1' }, 'order.reference', 'espace'],
    ['R-DX-1', 'reference with a line break', { ...numbering, reference: 'AR\n1' }, 'order.reference', 'contrôle'],
    ['R-DX-1', 'reference as a number', { ...numbering, reference: 153 }, 'order.reference', 'chaîne'],
    // dates
    ['R-DX-1', 'signedAt 30 February', { ...numbering, signedAt: '2024-02-30' }, 'order.signedAt', 'n’existe pas'],
    ['R-DX-1', 'signedAt month 13', { ...numbering, signedAt: '2024-13-01' }, 'order.signedAt', 'n’existe pas'],
    ['R-DX-1', 'signedAt in French format', { ...numbering, signedAt: '02/03/2024' }, 'order.signedAt', 'AAAA-MM-JJ'],
    ['R-DX-1', 'signedAt with a time', { ...numbering, signedAt: '2024-03-02T10:00:00Z' }, 'order.signedAt', 'AAAA-MM-JJ'],
    ['R-DX-1', 'signedAt as a number', { ...numbering, signedAt: 20240302 }, 'order.signedAt', 'AAAA-MM-JJ'],
    ['R-DX-1', 'signedAt year 0024', { ...numbering, signedAt: '0024-03-02' }, 'order.signedAt', 'invraisemblable'],
    [
      'R-DX-1',
      'effectiveAt 29 February of a common year',
      { ...numbering, effectiveAt: '2023-02-29' },
      'order.effectiveAt',
      'n’existe pas',
    ],
    ['R-DX-1', 'effectiveAt missing', without(numbering, 'effectiveAt'), 'order.effectiveAt', 'obligatoire'],
    [
      'R-DX-1',
      'effectiveAt before signedAt',
      { ...numbering, signedAt: '2024-04-15', effectiveAt: '2024-04-14' },
      'order.effectiveAt',
      'précède la date de signature (15/04/2024)',
    ],
    // kind
    [
      'R-DX-1',
      'kind unknown',
      { ...numbering, kind: 'ROAD_DELETED' },
      'order.kind',
      'ROAD_CREATED, ROAD_RENAMED, NUMBERING, TRAFFIC_DIRECTION',
    ],
    ['R-DX-1', 'kind in lower case', { ...numbering, kind: 'numbering' }, 'order.kind', 'inconnu'],
    // road
    ['R-DX-1', 'road missing', without(numbering, 'road'), 'order.road', 'obligatoire'],
    ['R-DX-1', 'road as a string', { ...numbering, road: '92012_0042' }, 'order.road', 'objet JSON'],
    ['R-DX-1', 'road as a list', { ...numbering, road: [numbering.road] }, 'order.road', 'objet JSON'],
    ['R-DX-1', 'road id with a dash', withRoad(numbering, { id: '92012-0042' }), 'order.road.id', '92012_0042'],
    ['R-DX-1', 'road id with a 2-character code', withRoad(numbering, { id: '92012_42' }), 'order.road.id', '4 chiffres'],
    ['R-DX-1', 'road id with a 5-character code', withRoad(numbering, { id: '92012_00420' }), 'order.road.id', '4 chiffres'],
    ['R-DX-1', 'road id in lower case', withRoad(numbering, { id: '92012_b001' }), 'order.road.id', 'majuscules (92012_B001)'],
    ['R-DX-1', 'road id 0000 (BAL "not known")', withRoad(numbering, { id: '92012_0000' }), 'order.road.id', 'non renseigné'],
    ['R-DX-1', 'road id XXXX (BAL "not known")', withRoad(numbering, { id: '92012_xxxx' }), 'order.road.id', 'non renseigné'],
    ['R-DX-1', 'road id of another town', withRoad(numbering, { id: '92040_0042' }), 'order.road.id', 'commune 92040'],
    ['R-DX-1', 'road id as a number', withRoad(numbering, { id: 920120042 }), 'order.road.id', 'chaîne'],
    ['R-DX-1', 'road id missing', withoutInRoad('id'), 'order.road.id', 'obligatoire'],
    ['R-DX-1', 'road name empty', withRoad(numbering, { name: '' }), 'order.road.name', 'vide'],
    ['R-DX-1', 'road name of 2 characters', withRoad(numbering, { name: 'Rx' }), 'order.road.name', 'au moins 3'],
    ['R-DX-1', 'road name too long', withRoad(numbering, { name: 'R'.repeat(201) }), 'order.road.name', 'au plus 200'],
    ['R-DX-1', 'road name with a trailing space', withRoad(numbering, { name: 'Allée Marie Curie ' }), 'order.road.name', 'espace'],
    ['R-DX-1', 'road name missing', withoutInRoad('name'), 'order.road.name', 'obligatoire'],
    ['R-DX-1', 'road type unknown', withRoad(numbering, { type: 'rue' }), 'order.road.type', 'voie, place'],
    ['R-DX-1', 'road type missing', withoutInRoad('type'), 'order.road.type', 'obligatoire'],
    // numbers
    ['R-DX-1', 'number 0', withNumber({ number: 0 }), 'order.numbers.0.number', 'de 1 à 9999'],
    ['R-DX-1', 'number 10000', withNumber({ number: 10000 }), 'order.numbers.0.number', 'de 1 à 9999'],
    ['R-DX-1', 'number -1', withNumber({ number: -1 }), 'order.numbers.0.number', 'de 1 à 9999'],
    ['R-DX-1', 'number 1.5', withNumber({ number: 1.5 }), 'order.numbers.0.number', 'entier'],
    ['R-DX-1', 'number as a string', withNumber({ number: '12' }), 'order.numbers.0.number', 'entier'],
    ['R-DX-1', 'number missing', { ...numbering, numbers: [{ lon: 2.24, lat: 48.835 }] }, 'order.numbers.0.number', 'obligatoire'],
    ['R-DX-1', 'suffix of 10 characters', withNumber({ suffix: 'abcdefghij' }), 'order.numbers.0.suffix', 'au plus 9'],
    ['R-DX-1', 'suffix with a dash', withNumber({ suffix: 'b-is' }), 'order.numbers.0.suffix', 'lettres et des chiffres'],
    ['R-DX-1', 'suffix with a space inside', withNumber({ suffix: 'bis A' }), 'order.numbers.0.suffix', 'sans espace'],
    ['R-DX-1', 'suffix with a leading space', withNumber({ suffix: ' bis' }), 'order.numbers.0.suffix', 'espace'],
    ['R-DX-1', 'suffix as a number', withNumber({ suffix: 2 }), 'order.numbers.0.suffix', 'chaîne'],
    ['R-DX-1', 'lon beyond 180', withNumber({ lon: 200 }), 'order.numbers.0.lon', 'de -180 à 180'],
    ['R-DX-1', 'lat beyond 90', withNumber({ lat: -95 }), 'order.numbers.0.lat', 'de -90 à 90'],
    ['R-DX-1', 'lon as a string', withNumber({ lon: '2.2401' }), 'order.numbers.0.lon', 'degrés décimaux'],
    ['R-DX-1', 'lat missing', { ...numbering, numbers: [{ number: 1, lon: 2.2401 }] }, 'order.numbers.0.lat', 'obligatoire'],
    ['R-DX-1', 'lon east of the town', withNumber({ lon: 2.3 }), 'order.numbers.0.lon', 'hors de Boulogne-Billancourt'],
    ['R-DX-1', 'lat south of the town', withNumber({ lat: 48.8 }), 'order.numbers.0.lat', 'hors de Boulogne-Billancourt'],
    ['R-DX-1', 'a point in another département', withNumber({ lon: 5.37, lat: 43.29 }), 'order.numbers.0', 'hors de Boulogne-Billancourt'],
    ['R-DX-1', 'lon and lat swapped', withNumber({ lon: 48.8352, lat: 2.2401 }), 'order.numbers.0', 'inversées'],
    ['R-DX-1', 'a number item that is not an object', { ...numbering, numbers: [12] }, 'order.numbers.0', 'objet JSON'],
    ['R-DX-1', 'a null number item', { ...numbering, numbers: [null] }, 'order.numbers.0', 'objet JSON'],
    ['R-DX-1', 'numbers not a list', { ...numbering, numbers: { number: 1 } }, 'order.numbers', 'liste'],
    ['R-DX-1', 'numbers as a string', { ...numbering, numbers: '1, 2, 3' }, 'order.numbers', 'liste'],
    [
      'R-DX-1',
      'more than 1000 numbers',
      { ...numbering, numbers: Array.from({ length: 1001 }, (_, index) => ({ number: index + 1, lon: 2.24, lat: 48.835 })) },
      'order.numbers',
      'au plus 1000',
    ],
    [
      'R-DX-1',
      'the same number twice',
      {
        ...numbering,
        numbers: [
          { number: 2, lon: 2.24, lat: 48.835 },
          { number: 2, lon: 2.241, lat: 48.836 },
        ],
      },
      'order.numbers.1',
      'deux fois',
    ],
    [
      'R-DX-1',
      'the same suffixed number twice, suffix case aside',
      {
        ...numbering,
        numbers: [
          { number: 2, suffix: 'bis', lon: 2.24, lat: 48.835 },
          { number: 2, suffix: 'BIS', lon: 2.24, lat: 48.835 },
        ],
      },
      'order.numbers.1',
      'le numéro 2 BIS figure deux fois',
    ],
    // fields that depend on the kind
    ['R-DX-1', 'numbering without numbers', without(numbering, 'numbers'), 'order.numbers', 'au moins un numéro'],
    ['R-DX-1', 'numbering with an empty list', { ...numbering, numbers: [] }, 'order.numbers', 'au moins un numéro'],
    ['R-DX-1', 'numbers in a rename', { ...renamed, numbers: numbering.numbers }, 'order.numbers', 'NUMBERING'],
    ['R-DX-1', 'numbers in a traffic direction order', { ...direction, numbers: numbering.numbers }, 'order.numbers', 'NUMBERING'],
    ['R-DX-1', 'rename without previousName', without(renamed, 'previousName'), 'order.previousName', 'obligatoire'],
    ['R-DX-1', 'rename with previousName empty', { ...renamed, previousName: '' }, 'order.previousName', 'vide'],
    [
      'R-DX-1',
      'rename to the same name',
      { ...renamed, previousName: 'allée marie  ET pierre curie' },
      'order.road.name',
      'rien à renommer',
    ],
    ['R-DX-1', 'previousName in a numbering', { ...numbering, previousName: 'Rue Ancienne' }, 'order.previousName', 'ROAD_RENAMED'],
    ['R-DX-1', 'previousName in a creation', { ...created, previousName: 'Rue Ancienne' }, 'order.previousName', 'retirez-le'],
    [
      'R-DX-1',
      'traffic direction without direction',
      without(direction, 'direction'),
      'order.direction',
      'TWO_WAY, ONE_WAY_FORWARD, ONE_WAY_BACKWARD, CLOSED',
    ],
    ['R-DX-1', 'direction unknown', { ...direction, direction: 'ONE_WAY' }, 'order.direction', 'inconnu'],
    ['R-DX-1', 'direction in a creation', { ...created, direction: 'TWO_WAY' }, 'order.direction', 'TRAFFIC_DIRECTION'],
    // mentions (R-DX-4)
    ['R-DX-4', 'mentions missing', without(numbering, 'mentions'), 'order.mentions', 'obligatoire'],
    ['R-DX-4', 'mentions null', { ...numbering, mentions: null }, 'order.mentions', 'objet JSON'],
    [
      'R-DX-4',
      'mentions source empty',
      { ...numbering, mentions: { ...(numbering.mentions as Body), source: '' } },
      'order.mentions.source',
      'vide',
    ],
    [
      'R-DX-4',
      'mentions copyright missing',
      { ...numbering, mentions: without(numbering.mentions as Body, 'copyright') },
      'order.mentions.copyright',
      'obligatoire',
    ],
    [
      'R-DX-4',
      'mentions year on 2 digits',
      { ...numbering, mentions: { ...(numbering.mentions as Body), year: 24 } },
      'order.mentions.year',
      'de 1900 à 2100',
    ],
    [
      'R-DX-4',
      'mentions year as a string',
      { ...numbering, mentions: { ...(numbering.mentions as Body), year: '2024' } },
      'order.mentions.year',
      'entier',
    ],
    // shape
    ['R-DX-2', 'an unknown field', { ...numbering, comment: 'x' }, 'order.comment', 'n’existe pas dans le contrat'],
    ['R-DX-2', 'an unknown field in road', withRoad(numbering, { code: '0042' }), 'order.road.code', 'n’existe pas dans le contrat'],
    ['R-DX-2', 'an unknown field in a number', withNumber({ x: 644221 }), 'order.numbers.0.x', 'n’existe pas dans le contrat'],
    [
      'R-DX-2',
      'a __proto__ key',
      JSON.parse(`{"__proto__":{"admin":true},${JSON.stringify(numbering).slice(1)}`),
      'order.__proto__',
      'nom réservé de JavaScript',
    ],
    [
      'R-DX-2',
      'a constructor key in road',
      withRoad(numbering, { constructor: 'x' }),
      'order.road.constructor',
      'nom réservé de JavaScript',
    ],
    ['R-DX-2', 'a body that is a list', [numbering], 'order', 'objet JSON'],
    ['R-DX-2', 'a body that is null', null, 'order', 'objet JSON'],
    ['R-DX-2', 'a body that is a string', 'ROAD_CREATED', 'order', 'objet JSON'],
  ])('%s: %s', async (_, __, body, path, fragment) => {
    const errors = await errorsOf(body);
    const atPath = errors.filter((error) => error.path === path);
    expect(atPath.map((error) => error.message).join(' | ')).toContain(fragment);
    // Issue 16: and a stable code a program reads, one the AsyncAPI document lists.
    for (const error of errors) expect(isVoirieErrorCode(error.code)).toBe(true);
  });

  it('R-DX-2: messages are French sentences, never the validator’s English', async () => {
    const errors = await errorsOf({ ...numbering, orderId: 1, road: { id: 1, name: 1, type: 1, extra: 1 }, numbers: [{}], mentions: {} });
    expect(errors.length).toBeGreaterThan(5);
    for (const { message } of errors) expect(message).not.toMatch(/\b(must|should|property|nested)\b/);
  });

  it('R-DX-2: every reason comes at once, each once', async () => {
    const body = { ...withRoad(numbering, { name: '' }), signedAt: '2024-02-30', numbers: [{ number: 0, lon: 2.3, lat: 48.835 }] };
    const errors = await errorsOf(body);
    expect(errors.map((error) => error.path).sort()).toEqual([
      'order.numbers.0.lon',
      'order.numbers.0.number',
      'order.road.name',
      'order.signedAt',
    ]);
    expect(new Set(errors.map((e) => `${e.path}:${e.message}`)).size).toBe(errors.length);
  });

  it('R-DX-2: a container of the wrong type gives one message, not one per missing field', async () => {
    const errors = await errorsOf({ ...numbering, road: [1, 2, 3] });
    expect(errors).toEqual([{ path: 'order.road', code: 'VOIRIE_WRONG_TYPE', message: expect.stringContaining('objet JSON') }]);
  });
});

describe('validateVoirieOrder and the fixtures type', () => {
  it('R-DX-1: the wire type of the fixtures is the contract body', () => {
    const body: VoirieOrderBody = boulogneOrders.roadRenamed;
    expect(Object.keys(body).sort()).toEqual([
      'effectiveAt',
      'insee',
      'kind',
      'mentions',
      'orderId',
      'previousName',
      'reference',
      'road',
      'signedAt',
    ]);
  });
});
