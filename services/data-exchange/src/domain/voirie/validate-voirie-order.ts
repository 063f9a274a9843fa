import { isInsee, townName, validateDto, type ErrorDetail, type Insee } from '@digit/contracts';
import { parseRoadId } from './road-id.js';
import { describeBox, isInsideBox, TOWN_BOUNDING_BOXES } from './town-bounding-boxes.js';
import { notAnObjectMessage, numbersCheck, VoirieOrderDto, type RoadNumberDto } from './voirie-order.dto.js';
import {
  effectiveBeforeSignatureDetail,
  formatRoadNumber,
  orderPath,
  roadNumberKey,
  sameRoadName,
  takesEffectBeforeSignature,
  TRAFFIC_DIRECTIONS,
  type RoadNumber,
  type RoadType,
  type TrafficDirection,
  type VoirieOrder,
} from './voirie-order.js';
import { calendarDateProblem, degreesProblem, integerProblem } from './voirie-order.validators.js';

export type VoirieOrderValidation =
  | { readonly ok: true; readonly order: VoirieOrder }
  | { readonly ok: false; readonly errors: readonly ErrorDetail[] };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isPresent = (value: unknown): boolean => value !== undefined && value !== null;

/**
 * Validates an untrusted order body (already JSON-parsed): every field rule of the DTO, then the
 * rules that tie fields together, all reported at once with paths such as `order.road.name`.
 */
export const validateVoirieOrder = async (input: unknown): Promise<VoirieOrderValidation> => {
  const tooManyNumbers = isObject(input) && Array.isArray(input.numbers) ? numbersCheck(input.numbers) : null;
  // The order must be split anyway; checking a thousand numbers more would only slow the consumer.
  if (tooManyNumbers !== null) return { ok: false, errors: [{ path: orderPath('numbers'), message: tooManyNumbers }] };
  const result = await validateDto(VoirieOrderDto, input);
  const fieldErrors = result.ok ? [] : tidyFieldErrors(result.details, input);
  const errors = unique([...fieldErrors, ...crossFieldProblems(input)]);
  if (!result.ok || errors.length > 0) return { ok: false, errors };
  return { ok: true, order: toVoirieOrder(result.value) };
};

const unique = (details: readonly ErrorDetail[]): ErrorDetail[] => {
  const seen = new Set<string>();
  return details.filter((detail) => {
    const key = `${detail.path}\u0000${detail.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

const UNKNOWN_PROPERTY = /^property (.+) should not exist$/;

const unknownFieldMessage = (name: string): string =>
  `le champ « ${name} » n’existe pas dans le contrat (CONTRACT.md) : retirez-le ou corrigez son nom`;

/**
 * Prefixes paths, says "unknown field" in French, and, when a container (`road`, `mentions`,
 * `numbers`) has the wrong JSON type, keeps only the one message that says so instead of a
 * cascade about its would-be fields.
 */
const tidyFieldErrors = (details: readonly ErrorDetail[], input: unknown): ErrorDetail[] => {
  const badContainers = isObject(input) ? wrongContainers(input) : [];
  return details
    .filter((detail) => !badContainers.some((bad) => detail.path.startsWith(`${bad.path}.`) || detail.path === bad.path))
    .map((detail) => {
      const unknown = UNKNOWN_PROPERTY.exec(detail.message);
      return { path: orderPath(detail.path), message: unknown ? unknownFieldMessage(unknown[1]!) : detail.message };
    })
    .concat(badContainers.map((bad) => ({ path: orderPath(bad.path), message: bad.message })));
};

const wrongContainers = (input: Json): ErrorDetail[] => {
  const objects = (['road', 'mentions'] as const)
    .filter((field) => input[field] !== undefined && !isObject(input[field]))
    .map((field) => ({ path: field, message: notAnObjectMessage(field) }));
  const numbers = numbersCheck(input.numbers);
  return Array.isArray(input.numbers) || numbers === null ? objects : [...objects, { path: 'numbers', message: numbers }];
};

/** Keys JSON.parse keeps as own properties but class-transformer silently drops: refuse them too. */
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

const forbiddenKeys = (input: Json): ErrorDetail[] => {
  const levels: Array<[string, unknown]> = [
    ['', input],
    ['road', input.road],
    ['mentions', input.mentions],
    ...(Array.isArray(input.numbers) ? input.numbers.map((item, index): [string, unknown] => [`numbers.${index}`, item]) : []),
  ];
  return levels.flatMap(([path, value]) =>
    isObject(value)
      ? FORBIDDEN_KEYS.filter((key) => Object.hasOwn(value, key)).map((key) => ({
          path: orderPath(path === '' ? key : `${path}.${key}`),
          message: unknownFieldMessage(key),
        }))
      : [],
  );
};

const crossFieldProblems = (input: unknown): ErrorDetail[] => {
  if (!isObject(input)) return [];
  const insee = isInsee(input.insee) ? input.insee : undefined;
  return [
    ...forbiddenKeys(input),
    ...roadOfAnotherTown(input, insee),
    ...kindSpecificFields(input),
    ...renamedToSameName(input),
    ...numbersProblems(input, insee),
    ...datesInOrder(input),
  ];
};

const roadOfAnotherTown = (input: Json, insee: Insee | undefined): ErrorDetail[] => {
  const road = input.road;
  if (!insee || !isObject(road) || typeof road.id !== 'string') return [];
  const parsed = parseRoadId(road.id);
  if (!parsed || parsed.insee === insee) return [];
  return [
    {
      path: orderPath('road.id'),
      message: `le code de voie ${road.id} désigne une voie de la commune ${parsed.insee}, pas de ${insee} (${townName(insee)}) : il doit commencer par ${insee}_`,
    },
  ];
};

const KIND_LABEL = {
  ROAD_CREATED: 'un arrêté de création de voie (ROAD_CREATED)',
  ROAD_RENAMED: 'un arrêté de changement de dénomination (ROAD_RENAMED)',
  NUMBERING: 'un arrêté de numérotation (NUMBERING)',
  TRAFFIC_DIRECTION: 'un arrêté de sens de circulation (TRAFFIC_DIRECTION)',
} as const;

const kindSpecificFields = (input: Json): ErrorDetail[] => {
  const kind = input.kind;
  if (typeof kind !== 'string' || !(kind in KIND_LABEL)) return [];
  const label = KIND_LABEL[kind as keyof typeof KIND_LABEL];
  const problems: ErrorDetail[] = [];
  const say = (field: string, message: string): void => void problems.push({ path: orderPath(field), message });

  if (kind === 'ROAD_RENAMED' && !isPresent(input.previousName)) {
    say('previousName', `l’ancien nom de la voie (previousName) est obligatoire pour ${label}`);
  }
  if (kind !== 'ROAD_RENAMED' && isPresent(input.previousName)) {
    say('previousName', `l’ancien nom (previousName) n’a de sens que pour un changement de dénomination (ROAD_RENAMED), pas pour ${label} : retirez-le`);
  }

  const numbers = input.numbers;
  const hasNumbers = Array.isArray(numbers) && numbers.length > 0;
  if (kind === 'NUMBERING' && !hasNumbers && (!isPresent(numbers) || Array.isArray(numbers))) {
    say('numbers', `au moins un numéro (numbers) est obligatoire pour ${label}`);
  }
  if ((kind === 'ROAD_RENAMED' || kind === 'TRAFFIC_DIRECTION') && hasNumbers) {
    say('numbers', `les numéros (numbers) ne sont admis que pour une numérotation ou une création de voie, pas pour ${label} : envoyez un arrêté de numérotation (NUMBERING) à part`);
  }

  if (kind === 'TRAFFIC_DIRECTION' && !isPresent(input.direction)) {
    say('direction', `le sens de circulation (direction) est obligatoire pour ${label} : ${TRAFFIC_DIRECTIONS.join(', ')}`);
  }
  if (kind !== 'TRAFFIC_DIRECTION' && isPresent(input.direction)) {
    say('direction', `le sens de circulation (direction) n’a de sens que pour TRAFFIC_DIRECTION, pas pour ${label} : retirez-le`);
  }
  return problems;
};

const renamedToSameName = (input: Json): ErrorDetail[] => {
  const road = input.road;
  const previous = input.previousName;
  if (input.kind !== 'ROAD_RENAMED' || !isObject(road) || typeof road.name !== 'string' || typeof previous !== 'string') return [];
  return sameRoadName(road.name, previous)
    ? [{ path: orderPath('road.name'), message: `le nouveau nom « ${road.name} » est le même que l’ancien (previousName) : il n’y a rien à renommer` }]
    : [];
};

const validSuffix = (value: unknown): string | null | undefined => {
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'string' ? value : undefined;
};

const numbersProblems = (input: Json, insee: Insee | undefined): ErrorDetail[] => {
  if (!Array.isArray(input.numbers)) return [];
  const problems: ErrorDetail[] = [];
  const firstIndexOf = new Map<string, number>();
  input.numbers.forEach((item: unknown, index) => {
    if (!isObject(item)) return;
    const number = integerProblem(item.number, 1, 9999, '') === null ? (item.number as number) : undefined;
    const suffix = validSuffix(item.suffix);
    const shown = number === undefined ? `en position ${index}` : formatRoadNumber(number, suffix ?? null);
    if (insee) problems.push(...outsideTown(item, index, insee, shown));
    if (number === undefined || suffix === undefined) return;
    const key = roadNumberKey(number, suffix);
    const first = firstIndexOf.get(key);
    if (first === undefined) firstIndexOf.set(key, index);
    else {
      problems.push({
        path: orderPath(`numbers.${index}`),
        message: `le numéro ${shown} figure deux fois dans l’arrêté (déjà en position ${first}) : gardez-en un seul`,
      });
    }
  });
  return problems;
};

const outsideTown = (item: Json, index: number, insee: Insee, shown: string): ErrorDetail[] => {
  if (degreesProblem(item.lon, 180, '') !== null || degreesProblem(item.lat, 90, '') !== null) return [];
  const lon = item.lon as number;
  const lat = item.lat as number;
  const box = TOWN_BOUNDING_BOXES[insee];
  const lonOut = lon < box.minLon || lon > box.maxLon;
  const latOut = lat < box.minLat || lat > box.maxLat;
  if (!lonOut && !latOut) return [];
  const swapped = isInsideBox(box, lat, lon) ? ' ; lon et lat semblent inversées' : '';
  const field = lonOut && latOut ? `numbers.${index}` : `numbers.${index}.${lonOut ? 'lon' : 'lat'}`;
  return [
    {
      path: orderPath(field),
      message: `le point du numéro ${shown} (lon ${lon}, lat ${lat}) est hors de ${townName(insee)} (${describeBox(box)})${swapped}`,
    },
  ];
};

const datesInOrder = (input: Json): ErrorDetail[] => {
  const { signedAt, effectiveAt } = input;
  if (calendarDateProblem(signedAt, '') !== null || calendarDateProblem(effectiveAt, '') !== null) return [];
  const dates = { signedAt: signedAt as string, effectiveAt: effectiveAt as string };
  return takesEffectBeforeSignature(dates) ? [effectiveBeforeSignatureDetail(dates)] : [];
};

const toRoadNumber = (dto: RoadNumberDto): RoadNumber => ({
  number: dto.number,
  suffix: dto.suffix === undefined || dto.suffix === null || dto.suffix === '' ? null : dto.suffix,
  lon: dto.lon,
  lat: dto.lat,
});

/** Plain, JSON-ready order from a DTO that passed every check. */
const toVoirieOrder = (dto: VoirieOrderDto): VoirieOrder => {
  const base = {
    orderId: dto.orderId,
    insee: dto.insee as Insee,
    reference: dto.reference,
    signedAt: dto.signedAt,
    effectiveAt: dto.effectiveAt,
    road: { id: dto.road.id, name: dto.road.name, type: dto.road.type as RoadType },
    mentions: { source: dto.mentions.source, copyright: dto.mentions.copyright, year: dto.mentions.year },
  };
  const numbers = (dto.numbers ?? []).map(toRoadNumber);
  switch (dto.kind) {
    case 'ROAD_CREATED':
      return { ...base, kind: 'ROAD_CREATED', numbers };
    case 'ROAD_RENAMED':
      return { ...base, kind: 'ROAD_RENAMED', previousName: dto.previousName as string };
    case 'NUMBERING':
      return { ...base, kind: 'NUMBERING', numbers };
    default:
      return { ...base, kind: 'TRAFFIC_DIRECTION', direction: dto.direction as TrafficDirection };
  }
};
