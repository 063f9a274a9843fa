import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import {
  boundsProblems,
  calendarDateProblem,
  decodeFieldProblem,
  degreesProblem,
  describeBox,
  integerProblem,
  isInsee,
  isInsideBox,
  notAnObjectMessage,
  numbersCheck,
  parseRoadId,
  TOWN_BOUNDING_BOXES,
  townName,
  VoirieOrderDto,
  type Insee,
  type RoadNumberDto,
  type VoirieError,
  type VoirieErrorCode,
} from '@digit/contracts';
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

export type VoirieOrderValidation =
  { readonly ok: true; readonly order: VoirieOrder } | { readonly ok: false; readonly errors: readonly VoirieError[] };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isPresent = (value: unknown): boolean => value !== undefined && value !== null;

const error = (code: VoirieErrorCode, path: string, message: string): VoirieError => ({ path: orderPath(path), message, code });

/**
 * Validates an untrusted order body (already JSON-parsed): every field rule of the DTO, then the
 * rules that tie fields together, all reported at once with paths such as `order.road.name` and
 * the stable code of each (issue 16).
 */
export const validateVoirieOrder = async (input: unknown): Promise<VoirieOrderValidation> => {
  if (!isObject(input))
    return {
      ok: false,
      errors: [error('VOIRIE_WRONG_TYPE', '', 'l’arrêté doit être un objet JSON { "orderId", "insee", … } (CONTRACT.md)')],
    };
  const tooManyNumbers = Array.isArray(input.numbers) ? numbersCheck(input.numbers) : null;
  // The order must be split anyway; checking a thousand numbers more would only slow the consumer.
  if (tooManyNumbers !== null) return { ok: false, errors: [error(tooManyNumbers.code, 'numbers', tooManyNumbers.message)] };
  // The bounds every request meets (issue 18): nothing beyond them reaches the DTO.
  const beyondBounds = boundsProblems(input);
  if (beyondBounds.length > 0)
    return { ok: false, errors: beyondBounds.map((detail) => error('VOIRIE_OUT_OF_BOUNDS', detail.path, detail.message)) };
  const dto = plainToInstance(VoirieOrderDto, input);
  const fieldErrors = tidyFieldErrors(
    flatten(await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true })),
    input,
  );
  const errors = unique([...fieldErrors, ...crossFieldProblems(input)]);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, order: toVoirieOrder(dto) };
};

/** One problem per field: the decorators' own (code and French message), unknown fields named. */
const flatten = (errors: readonly ValidationError[], prefix = ''): VoirieError[] =>
  errors.flatMap((failure) => {
    const path = prefix ? `${prefix}.${failure.property}` : failure.property;
    const [constraint, text] = Object.entries(failure.constraints ?? {})[0] ?? [];
    const own: VoirieError[] = [];
    if (constraint === 'whitelistValidation')
      own.push({ path, code: 'VOIRIE_UNKNOWN_FIELD', message: unknownFieldMessage(failure.property) });
    else if (text !== undefined) own.push({ path, ...(decodeFieldProblem(text) ?? { code: 'VOIRIE_WRONG_TYPE', message: text }) });
    return [...own, ...flatten(failure.children ?? [], path)];
  });

const unique = (details: readonly VoirieError[]): VoirieError[] => {
  const seen = new Set<string>();
  return details.filter((detail) => {
    const key = `${detail.path}\u0000${detail.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

const unknownFieldMessage = (name: string): string =>
  `le champ « ${name} » n’existe pas dans le contrat (CONTRACT.md) : retirez-le ou corrigez son nom`;

/**
 * Prefixes paths, says "unknown field" in French, and, when a container (`road`, `mentions`,
 * `numbers`) has the wrong JSON type, keeps only the one message that says so instead of a
 * cascade about its would-be fields.
 */
const tidyFieldErrors = (details: readonly VoirieError[], input: Json): VoirieError[] => {
  const badContainers = wrongContainers(input);
  return details
    .filter((detail) => !badContainers.some((bad) => detail.path.startsWith(`${bad.path}.`) || detail.path === bad.path))
    .map((detail) => ({ ...detail, path: orderPath(detail.path) }))
    .concat(badContainers.map((bad) => ({ ...bad, path: orderPath(bad.path) })));
};

const wrongContainers = (input: Json): VoirieError[] => {
  const objects = (['road', 'mentions'] as const)
    .filter((field) => input[field] !== undefined && !isObject(input[field]))
    .map((field): VoirieError => ({ path: field, code: 'VOIRIE_WRONG_TYPE', message: notAnObjectMessage(field) }));
  const numbers = numbersCheck(input.numbers);
  return Array.isArray(input.numbers) || numbers === null ? objects : [...objects, { path: 'numbers', ...numbers }];
};

/** Keys JSON.parse keeps as own properties but class-transformer silently drops: refuse them too. */
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

const forbiddenKeys = (input: Json): VoirieError[] => {
  const levels: Array<[string, unknown]> = [
    ['', input],
    ['road', input.road],
    ['mentions', input.mentions],
    ...(Array.isArray(input.numbers) ? input.numbers.map((item, index): [string, unknown] => [`numbers.${index}`, item]) : []),
  ];
  return levels.flatMap(([path, value]) =>
    isObject(value)
      ? FORBIDDEN_KEYS.filter((key) => Object.hasOwn(value, key)).map((key) =>
          error('VOIRIE_UNKNOWN_FIELD', path === '' ? key : `${path}.${key}`, unknownFieldMessage(key)),
        )
      : [],
  );
};

const crossFieldProblems = (input: Json): VoirieError[] => {
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

const roadOfAnotherTown = (input: Json, insee: Insee | undefined): VoirieError[] => {
  const road = input.road;
  if (!insee || !isObject(road) || typeof road.id !== 'string') return [];
  const parsed = parseRoadId(road.id);
  if (!parsed || parsed.insee === insee) return [];
  return [
    error(
      'VOIRIE_ROAD_OF_OTHER_TOWN',
      'road.id',
      `le code de voie ${road.id} désigne une voie de la commune ${parsed.insee}, pas de ${insee} (${townName(insee)}) : il doit commencer par ${insee}_`,
    ),
  ];
};

const KIND_LABEL = {
  ROAD_CREATED: 'un arrêté de création de voie (ROAD_CREATED)',
  ROAD_RENAMED: 'un arrêté de changement de dénomination (ROAD_RENAMED)',
  NUMBERING: 'un arrêté de numérotation (NUMBERING)',
  TRAFFIC_DIRECTION: 'un arrêté de sens de circulation (TRAFFIC_DIRECTION)',
} as const;

const kindSpecificFields = (input: Json): VoirieError[] => {
  const kind = input.kind;
  if (typeof kind !== 'string' || !(kind in KIND_LABEL)) return [];
  const label = KIND_LABEL[kind as keyof typeof KIND_LABEL];
  const problems: VoirieError[] = [];
  const missing = (field: string, message: string): void => void problems.push(error('VOIRIE_MISSING_FOR_KIND', field, message));
  const say = (field: string, message: string): void => void problems.push(error('VOIRIE_NOT_FOR_KIND', field, message));

  if (kind === 'ROAD_RENAMED' && !isPresent(input.previousName)) {
    missing('previousName', `l’ancien nom de la voie (previousName) est obligatoire pour ${label}`);
  }
  if (kind !== 'ROAD_RENAMED' && isPresent(input.previousName)) {
    say(
      'previousName',
      `l’ancien nom (previousName) n’a de sens que pour un changement de dénomination (ROAD_RENAMED), pas pour ${label} : retirez-le`,
    );
  }

  const numbers = input.numbers;
  const hasNumbers = Array.isArray(numbers) && numbers.length > 0;
  if (kind === 'NUMBERING' && !hasNumbers && (!isPresent(numbers) || Array.isArray(numbers))) {
    missing('numbers', `au moins un numéro (numbers) est obligatoire pour ${label}`);
  }
  if ((kind === 'ROAD_RENAMED' || kind === 'TRAFFIC_DIRECTION') && hasNumbers) {
    say(
      'numbers',
      `les numéros (numbers) ne sont admis que pour une numérotation ou une création de voie, pas pour ${label} : envoyez un arrêté de numérotation (NUMBERING) à part`,
    );
  }

  if (kind === 'TRAFFIC_DIRECTION' && !isPresent(input.direction)) {
    missing('direction', `le sens de circulation (direction) est obligatoire pour ${label} : ${TRAFFIC_DIRECTIONS.join(', ')}`);
  }
  if (kind !== 'TRAFFIC_DIRECTION' && isPresent(input.direction)) {
    say('direction', `le sens de circulation (direction) n’a de sens que pour TRAFFIC_DIRECTION, pas pour ${label} : retirez-le`);
  }
  return problems;
};

const renamedToSameName = (input: Json): VoirieError[] => {
  const road = input.road;
  const previous = input.previousName;
  if (input.kind !== 'ROAD_RENAMED' || !isObject(road) || typeof road.name !== 'string' || typeof previous !== 'string') return [];
  return sameRoadName(road.name, previous)
    ? [
        error(
          'VOIRIE_SAME_NAME',
          'road.name',
          `le nouveau nom « ${road.name} » est le même que l’ancien (previousName) : il n’y a rien à renommer`,
        ),
      ]
    : [];
};

const validSuffix = (value: unknown): string | null | undefined => {
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'string' ? value : undefined;
};

const numbersProblems = (input: Json, insee: Insee | undefined): VoirieError[] => {
  if (!Array.isArray(input.numbers)) return [];
  const problems: VoirieError[] = [];
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
      problems.push(
        error(
          'VOIRIE_DUPLICATE_NUMBER',
          `numbers.${index}`,
          `le numéro ${shown} figure deux fois dans l’arrêté (déjà en position ${first}) : gardez-en un seul`,
        ),
      );
    }
  });
  return problems;
};

const outsideTown = (item: Json, index: number, insee: Insee, shown: string): VoirieError[] => {
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
    error(
      'VOIRIE_OUTSIDE_TOWN',
      field,
      `le point du numéro ${shown} (lon ${lon}, lat ${lat}) est hors de ${townName(insee)} (${describeBox(box)})${swapped}`,
    ),
  ];
};

const datesInOrder = (input: Json): VoirieError[] => {
  const { signedAt, effectiveAt } = input;
  if (calendarDateProblem(signedAt, '') !== null || calendarDateProblem(effectiveAt, '') !== null) return [];
  const dates = { signedAt: signedAt as string, effectiveAt: effectiveAt as string };
  return takesEffectBeforeSignature(dates) ? [{ code: 'VOIRIE_EFFECTIVE_BEFORE_SIGNATURE', ...effectiveBeforeSignatureDetail(dates) }] : [];
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
    case 'TRAFFIC_DIRECTION':
      return { ...base, kind: 'TRAFFIC_DIRECTION', direction: dto.direction as TrafficDirection };
    default: {
      // A new kind in VOIRIE_ORDER_KINDS stops the build here until it is mapped.
      const unmapped: never = dto.kind;
      return unmapped;
    }
  }
};
