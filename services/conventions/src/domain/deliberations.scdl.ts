import type { DomainError } from '@digit/contracts';
import { csvText } from '@digit/csv';
import { compareDates } from '@digit/calendar';
import { conventionError } from './convention.errors.js';
import type { ConventionEvent, DeliberationRecordedData } from '@digit/contracts';

/**
 * The towns' deliberations on their conventions in the SCDL `deliberations` schema v2.1.5
 * (schema.data.gouv.fr/scdl/deliberations), CSV for Open Data. DIGIT prepares the file; the town
 * publishes it (R-OD-1). Demo deliberations are left out unless asked for.
 *
 * Mapping: COLL_NOM "Ville de <name>"; COLL_SIRET from the caller (not in the seed); DELIB_ID the
 * @ctes identifier (the first five segments of the transmission number, without the "-1-1"
 * the seed prints after them);
 * DELIB_MATIERE the @ctes matter 5.7 (intercommunalité) that covers service pooling under
 * article L. 5211-4-1 CGCT; PREF_DATE the transmission date; PREF_ID empty (the seed does not name
 * the legality-control office); VOTE_REEL present + represented; VOTE_EFFECTIF members in office
 * when known. Comma-separated, UTF-8, header row, one line per deliberation in date order.
 */
export const SCDL_DELIBERATIONS_COLUMNS = [
  'COLL_NOM',
  'COLL_SIRET',
  'DELIB_ID',
  'DELIB_DATE',
  'DELIB_MATIERE_CODE',
  'DELIB_MATIERE_NOM',
  'DELIB_OBJET',
  'BUDGET_ANNEE',
  'BUDGET_NOM',
  'PREF_ID',
  'PREF_DATE',
  'VOTE_EFFECTIF',
  'VOTE_REEL',
  'VOTE_POUR',
  'VOTE_CONTRE',
  'VOTE_ABSTENTION',
  'DELIB_URL',
] as const;

export type ScdlDeliberationColumn = (typeof SCDL_DELIBERATIONS_COLUMNS)[number];
/** One CSV line; an empty string is an empty optional cell. */
export type ScdlDeliberationRow = Readonly<Record<ScdlDeliberationColumn, string>>;

export interface ScdlExportOptions {
  /** 14-digit SIRET of each town, by INSEE code (required by the schema). */
  readonly siretByInsee: Readonly<Record<string, string>>;
  readonly includeDemo?: boolean;
}

const ACTES_MATTER = { code: '5.7', name: 'institutions et vie politique/intercommunalité' } as const;

/** The five @ctes segments (department-SIREN-date-number-nature), without printed suffixes. */
export const actesIdentifier = (transmissionNumber: string): string => transmissionNumber.split('-').slice(0, 5).join('-');

const row = (name: string, siret: string, deliberation: DeliberationRecordedData): ScdlDeliberationRow => {
  const { attendance, votes, transmission } = deliberation;
  return {
    COLL_NOM: `Ville de ${name}`,
    COLL_SIRET: siret,
    DELIB_ID: actesIdentifier(transmission.number),
    DELIB_DATE: deliberation.councilDate,
    DELIB_MATIERE_CODE: ACTES_MATTER.code,
    DELIB_MATIERE_NOM: ACTES_MATTER.name,
    DELIB_OBJET: deliberation.subject,
    BUDGET_ANNEE: '',
    BUDGET_NOM: '',
    PREF_ID: '',
    PREF_DATE: transmission.date,
    VOTE_EFFECTIF: attendance?.membersInOffice === undefined ? '' : String(attendance.membersInOffice),
    VOTE_REEL: attendance === undefined ? '' : String(attendance.present + attendance.represented),
    VOTE_POUR: String(votes.for),
    VOTE_CONTRE: String(votes.against),
    VOTE_ABSTENTION: String(votes.abstentions),
    DELIB_URL: '',
  };
};

/** The town deliberations of each convention stream (one history per town), as SCDL rows. */
export const scdlDeliberationRows = (
  histories: readonly (readonly ConventionEvent[])[],
  options: ScdlExportOptions,
): readonly ScdlDeliberationRow[] | DomainError => {
  const rows: ScdlDeliberationRow[] = [];
  for (const events of histories) {
    const drafted = events.find((event) => event.type === 'ConventionDrafted');
    if (!drafted) continue;
    const { insee, name } = drafted.data;
    const deliberations = events
      .flatMap((event) => (event.type === 'DeliberationRecorded' ? [event.data] : []))
      .filter((d) => d.assembly === 'town' && (options.includeDemo === true || d.demo !== true));
    if (deliberations.length === 0) continue;
    const siret = options.siretByInsee[insee];
    if (siret === undefined || !/^\d{14}$/.test(siret)) {
      return conventionError(
        'scdl_siret_missing',
        `Le SIRET (14 chiffres) de ${name} est nécessaire au format SCDL.`,
        `siretByInsee.${insee}`,
      );
    }
    rows.push(...deliberations.map((deliberation) => row(name, siret, deliberation)));
  }
  return rows.sort((a, b) => compareDates(a.DELIB_DATE, b.DELIB_DATE) || a.COLL_NOM.localeCompare(b.COLL_NOM, 'fr'));
};

export const toScdlDeliberationsCsv = (rows: readonly ScdlDeliberationRow[]): string =>
  csvText(rows, { header: true, columns: [...SCDL_DELIBERATIONS_COLUMNS] });
