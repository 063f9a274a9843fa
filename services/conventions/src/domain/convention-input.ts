import type { DomainError } from '@digit/contracts';
import { frenchDate, isIsoDate, isBefore, type IsoDate } from './calendar-date.js';
import { conventionError } from './convention.errors.js';
import {
  CONTACT_ROLES,
  type Attendance,
  type ContactPerson,
  type OpenDataEvidence,
  type Sizing,
  type Transmission,
  type Votes,
} from './convention.events.js';
import { isGisOptionNumber } from './gis-options.js';
import { checkShareRate, normalizeShareRate } from './share-rate.js';

/**
 * Shape checks of command fields. The HTTP and NATS edges validate DTOs too, but the decider is the
 * last word: a command that reaches it with bad data is refused, never half-recorded.
 */
export type Check = DomainError | null;

export const firstError = (...checks: (() => Check)[]): Check => {
  for (const check of checks) {
    const error = check();
    if (error) return error;
  }
  return null;
};

export const checkDate = (value: unknown, path: string): Check =>
  isIsoDate(value)
    ? null
    : conventionError('INVALID_DATE', `« ${path} » doit être une date réelle au format AAAA-MM-JJ (ex. 2024-01-01).`, path);

export const checkNotBefore = (date: IsoDate, earliest: IsoDate, path: string, what: string): Check =>
  isBefore(date, earliest)
    ? conventionError('DATE_OUT_OF_ORDER', `« ${path} » (${frenchDate(date)}) ne peut précéder ${what} (${frenchDate(earliest)}).`, path)
    : null;

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

const SHARE_LABELS = { resourcesShare: 'ressources', structureShare: 'structure' } as const;

const checkShare = (value: unknown, field: keyof typeof SHARE_LABELS, path: string): Check => {
  const label = SHARE_LABELS[field];
  switch (checkShareRate(value)) {
    case 'ok':
      return null;
    case 'not_a_decimal':
      return conventionError(
        'INVALID_SHARE',
        `La part ${label} doit être un nombre décimal écrit avec un point, par exemple "0.077" pour 7,7 %.`,
        path,
      );
    case 'out_of_range':
      return conventionError('SHARE_OUT_OF_RANGE', `La part ${label} doit être comprise entre 0 et 100 % (de "0" à "1").`, path);
  }
};

const checkOption = (value: unknown, path: string): Check =>
  isGisOptionNumber(value)
    ? null
    : conventionError('INVALID_GIS_OPTION', "L'option SIG doit valoir 1, 2, 3 ou 4 (article 1.1 de la convention).", path);

/** R-CON-7 and R-BIL-1: a full set of terms. */
export const checkSizing = (sizing: Sizing | undefined, path: string): Check =>
  sizing === undefined || sizing === null
    ? conventionError('INVALID_GIS_OPTION', "L'option SIG et les parts ressources et structure sont obligatoires.", path)
    : checkPartialSizing(sizing, path);

export const checkPartialSizing = (changes: Partial<Sizing>, path: string): Check =>
  firstError(
    () => (changes.sigOption === undefined ? null : checkOption(changes.sigOption, `${path}.sigOption`)),
    () =>
      changes.resourcesShare === undefined ? null : checkShare(changes.resourcesShare, 'resourcesShare', `${path}.resourcesShare`),
    () =>
      changes.structureShare === undefined ? null : checkShare(changes.structureShare, 'structureShare', `${path}.structureShare`),
  );

export const normalizeSizing = <T extends Partial<Sizing>>(sizing: T): T => ({
  ...sizing,
  ...(sizing.resourcesShare === undefined ? {} : { resourcesShare: normalizeShareRate(sizing.resourcesShare) }),
  ...(sizing.structureShare === undefined ? {} : { structureShare: normalizeShareRate(sizing.structureShare) }),
});

export const checkRenewalCount = (value: unknown, path: string): Check =>
  isCount(value) && value <= 20
    ? null
    : conventionError('INVALID_RENEWAL_COUNT', 'Le nombre de reconductions tacites doit être un entier de 0 à 20.', path);

export const checkVotes = (votes: Votes | undefined, attendance: Attendance | undefined): Check => {
  if (!votes || !isCount(votes.for) || !isCount(votes.against) || !isCount(votes.abstentions)) {
    return conventionError('INVALID_VOTES', 'Les voix pour, contre et abstentions sont des entiers positifs ou nuls.', 'votes');
  }
  if (attendance === undefined) return null;
  const counts = [attendance.present, attendance.represented, attendance.membersInOffice ?? 0];
  if (!counts.every(isCount)) {
    return conventionError('INVALID_VOTES', 'Présents, représentés et membres en exercice sont des entiers positifs ou nuls.', 'attendance');
  }
  const voters = attendance.present + attendance.represented;
  if (votes.for + votes.against + votes.abstentions > voters) {
    return conventionError(
      'INVALID_VOTES',
      `Le total des voix (${votes.for + votes.against + votes.abstentions}) dépasse le nombre de votants (${voters} présents ou représentés).`,
      'votes',
    );
  }
  return null;
};

/** @ctes identifier: department-SIREN-decision date-internal number-nature, then optional suffixes. */
const ACTES_NUMBER = /^\d{3}-\d{9}-(\d{8})-[A-Za-z0-9_]{1,15}-[A-Z]{2}(-\d+)*$/;

export const checkTransmission = (transmission: Transmission | undefined, councilDate: IsoDate): Check => {
  const number = transmission?.number;
  const match = typeof number === 'string' ? ACTES_NUMBER.exec(number) : null;
  if (!transmission || !match) {
    return conventionError(
      'INVALID_TRANSMISSION',
      'Le numéro de transmission en préfecture doit suivre le format @ctes, par exemple 092-219200128-20231207-137171-DE.',
      'transmission.number',
    );
  }
  if (match[1] !== councilDate.replaceAll('-', '')) {
    return conventionError(
      'INVALID_TRANSMISSION',
      `La date contenue dans le numéro de transmission (${match[1]}) doit être celle de la séance (${frenchDate(councilDate)}).`,
      'transmission.number',
    );
  }
  return firstError(
    () => checkDate(transmission.date, 'transmission.date'),
    () => checkNotBefore(transmission.date, councilDate, 'transmission.date', 'la date de la séance'),
  );
};

export const checkSubject = (subject: unknown): Check =>
  isText(subject) ? null : conventionError('INVALID_DELIBERATION', "L'objet de la délibération est obligatoire.", 'subject');

export const checkContactRole = (role: unknown): Check =>
  (CONTACT_ROLES as readonly unknown[]).includes(role)
    ? null
    : conventionError('INVALID_CONTACT', `Le rôle doit être l'un de : ${CONTACT_ROLES.join(', ')}.`, 'role');

export const checkPerson = (person: ContactPerson | undefined): Check => {
  if (!person || !isText(person.personId) || !isText(person.name)) {
    return conventionError('INVALID_CONTACT', "Le contact doit avoir un identifiant et un nom.", 'person');
  }
  if (person.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(person.email)) {
    return conventionError('INVALID_CONTACT', "L'adresse électronique du contact n'est pas valide.", 'person.email');
  }
  return null;
};

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const checkDomain = (domain: unknown): Check =>
  typeof domain === 'string' && HOSTNAME.test(domain)
    ? null
    : conventionError(
        'INVALID_OPEN_DATA_DOMAIN',
        'Le domaine Open Data doit être un nom de domaine en minuscules, par exemple data.exemple.fr.',
        'domain',
      );

/** R-CON-9: the GPSO-domain variant needs both thresholds met, with where that was established. */
export const checkGpsoDomainEvidence = (evidence: OpenDataEvidence | undefined): Check => {
  const fail = (message: string): Check => conventionError('OPEN_DATA_VARIANT_NOT_ELIGIBLE', message, 'evidence');
  if (!evidence || !isText(evidence.source)) {
    return fail(
      'La publication sur le domaine GPSO exige une preuve (source) que la ville compte moins de 3 500 habitants et moins de 50 agents.',
    );
  }
  const inhabitantsOk = evidence.inhabitantsUnder3500 && (evidence.inhabitants === undefined || evidence.inhabitants < 3500);
  const agentsOk = evidence.agentsUnder50 && (evidence.agents === undefined || evidence.agents < 50);
  if (!inhabitantsOk || !agentsOk) {
    return fail('Seule une ville de moins de 3 500 habitants et de moins de 50 agents peut publier sur le domaine GPSO.');
  }
  return null;
};
