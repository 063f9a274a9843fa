import { Temporal } from 'temporal-polyfill';
import { isCalendarDate, parisInstant, parisToday } from '@digit/calendar';
import {
  authorize,
  billingMessages,
  dataExchangeMessages,
  grantedRoles,
  isInsee,
  isTownRole,
  privacyMessages,
  ROLE_LABELS,
  supportMessages,
  TOWN_ROLES,
  TOWNS,
  townName,
  visibleTowns,
  type Caller,
  type Insee,
  type Policy,
} from '@digit/contracts';
import { ApiError } from '../http/service-client.js';

/** Every person of the system: DIGIT, GPSO finance, auditors, and each town's people for their own town (the request's `insee`). */
export const EVERYONE = { roles: ['ops', 'finance', 'auditor'], town: { roles: TOWN_ROLES, field: 'insee' } } as const satisfies Policy;

/**
 * The dashboard's pages and who may open each: the policy of the service data the page is made of,
 * so that the menu, the page and the service agree (R-SEC-2).
 */
export const PAGES = {
  today: { path: '/', label: 'Aujourd’hui', policy: EVERYONE },
  voirie: { path: '/voirie', label: 'Arrêtés de voirie', policy: dataExchangeMessages.voirieOrder.policy },
  support: { path: '/support', label: 'Support', policy: supportMessages.tickets.policy },
  billing: { path: '/facturation', label: 'Facturation', policy: billingMessages.townShare.policy },
  privacy: { path: '/rgpd', label: 'RGPD', policy: privacyMessages.register.policy },
  system: { path: '/systeme', label: 'Système', policy: { roles: ['ops', 'auditor'] } },
} as const satisfies Record<string, { path: string; label: string; policy: Policy }>;

export type PageKey = keyof typeof PAGES | 'town';

export interface NavLink {
  readonly href: string;
  readonly label: string;
  readonly current: boolean;
}

/** What every page shows around its content: who is signed in, the menu, the date it shows the state at. */
export interface PageFrame {
  readonly title: string;
  readonly page: PageKey;
  readonly path: string;
  readonly caller: Caller;
  readonly who: string;
  readonly nav: readonly NavLink[];
  readonly towns: readonly NavLink[];
  readonly today: string;
  /** The day the page shows the business state at (`?asOf=`, today by default). */
  readonly asOf: string;
  /** `?knownAt=`: for auditors and DIGIT ops, what the system knew at an instant (the replay, issue 14). */
  readonly knownAt: string | null;
  readonly mayAskKnownAt: boolean;
  /** The page's own filters, kept when the date changes. */
  readonly filters: Readonly<Record<string, string>>;
}

/** The query every page takes: the date, the "known on" instant, the table to export, and the page's filters. */
export interface PageQuery {
  readonly asOf?: unknown;
  readonly knownAt?: unknown;
  readonly csv?: unknown;
  readonly [filter: string]: unknown;
}

const KNOWN_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** Who may ask « connu le » (issue 14): auditors and DIGIT ops; the replay answers as them. */
export const mayAskKnownAt = (caller: Caller): boolean => caller.roles.some((role) => role === 'auditor' || role === 'ops');

/**
 * `?knownAt=2026-12-07T14:03` read in Paris, to the end of the minute (or second) given, as
 * `--as-of 2026-12-07` is the end of that day: everything recorded during 14:03 was known at 14:03.
 * Undefined when absent or malformed (the page's frame refuses a malformed one).
 */
export const knownAtInstant = (knownAt: unknown): string | undefined => {
  if (typeof knownAt !== 'string' || !KNOWN_AT.test(knownAt)) return undefined;
  const start = Temporal.PlainDateTime.from(knownAt, { overflow: 'reject' }).toZonedDateTime('Europe/Paris');
  return parisInstant(
    start
      .add(knownAt.length > 16 ? { seconds: 1 } : { minutes: 1 })
      .subtract({ milliseconds: 1 })
      .toInstant(),
  );
};

const invalid = (message: string) => new ApiError(400, 'invalid_request', message);

/** `?asOf=` as a real calendar date (default: today in Paris). */
export const asOfOf = (query: PageQuery): string => {
  if (query.asOf === undefined || query.asOf === '') return parisToday();
  if (!isCalendarDate(query.asOf)) throw invalid(`La date « ${String(query.asOf)} » n’est pas une date réelle au format AAAA-MM-JJ.`);
  return query.asOf;
};

const knownAtOf = (query: PageQuery): string | null => {
  if (query.knownAt === undefined || query.knownAt === '') return null;
  try {
    if (knownAtInstant(query.knownAt)) return query.knownAt as string;
  } catch {
    // An impossible date: refused below like a malformed one.
  }
  throw invalid('« Connu le » attend une date et une heure réelles (AAAA-MM-JJTHH:MM).');
};

/** A filter of the page: one of the values it accepts, or none. */
export const filterOf = <T extends string>(query: PageQuery, name: string, accepted: readonly T[]): T | undefined => {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !(accepted as readonly string[]).includes(value)) {
    throw invalid(`Le filtre ${name} accepte : ${accepted.join(', ')}.`);
  }
  return value as T;
};

/** The towns this person may see (R-SEC-2): every town for DIGIT, finance and auditors, their own for a town's people. */
export const townsOf = (caller: Caller): readonly Insee[] => visibleTowns(caller) ?? TOWNS.map((town) => town.insee);

/** A town asked for by a page (`?insee=` or the path): refused unless the caller may see it. */
export const townAllowed = (policy: Policy, caller: Caller, insee: unknown): Insee | undefined => {
  if (insee === undefined || insee === '') return undefined;
  if (!isInsee(insee)) throw new ApiError(404, 'unknown_town', `Aucune commune de GPSO n’a le code INSEE « ${String(insee)} ».`);
  const access = authorize(policy, caller, { insee });
  if (!access.ok)
    throw new ApiError(
      403,
      'forbidden',
      `Vous ne pouvez voir que votre commune (${caller.insee ? townName(caller.insee as Insee) : 'aucune'}).`,
    );
  return insee;
};

export const mayOpen = (policy: Policy, caller: Caller): boolean => grantedRoles(policy, caller).length > 0;

const whoIs = (caller: Caller): string => {
  const roles = caller.roles.map((role) => ROLE_LABELS[role]).join(', ');
  return `${caller.sub} · ${roles}${caller.insee && isInsee(caller.insee) ? ` · ${townName(caller.insee)}` : ''}`;
};

export const pageFrame = (
  caller: Caller,
  page: PageKey,
  title: string,
  path: string,
  query: PageQuery,
  filters: Readonly<Record<string, string | undefined>> = {},
): PageFrame => {
  const visible = townsOf(caller);
  const knownAt = knownAtOf(query);
  return {
    title,
    page,
    path,
    caller,
    who: whoIs(caller),
    nav: Object.entries(PAGES)
      .filter(([, entry]) => mayOpen(entry.policy, caller))
      .map(([key, entry]) => ({ href: entry.path, label: entry.label, current: key === page })),
    towns: visible.map((insee) => ({ href: `/communes/${insee}`, label: townName(insee), current: path === `/communes/${insee}` })),
    today: parisToday(),
    // With « connu le » alone, the state in force that day, as known then.
    asOf: (query.asOf === undefined || query.asOf === '') && knownAt ? knownAt.slice(0, 10) : asOfOf(query),
    knownAt,
    mayAskKnownAt: mayAskKnownAt(caller),
    filters: Object.fromEntries(Object.entries(filters).filter((entry): entry is [string, string] => entry[1] !== undefined)),
  };
};

/** A town's person has one town: the menu names it "Ma commune". */
export const isTownPerson = (caller: Caller): boolean => caller.roles.every(isTownRole);
