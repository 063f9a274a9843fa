import { BAL_COLUMNS, cleInterop, townName, type Insee } from '@digit/contracts';
import { csvText } from '@digit/csv';
import { toLambert93 } from './lambert93.js';
import { roadRegistryAsOf, type RoadAsOf, type RoadNumberAsOf } from './road-registry-as-of.js';
import type { RoadRegistryState } from './road-registry.state.js';

/**
 * The registry as a Base Adresse Locale file, format BAL 1.4 (AITF), checked in the tests with the
 * official validator `@ban-team/validateur-bal` 3.5.2, profile `1.4`.
 *
 * Columns, in the order the validator writes them: in 1.4 the three BAN identifiers replace 1.3's
 * `uid_adresse` (the validator knows `uid_adresse` for formats 1.1 to 1.3 only). The BAN issues
 * those identifiers, DIGIT does not hold them: the columns are present and empty, which 1.4 allows
 * as long as no line has them (the BAN assigns them on intake).
 */
export const BAL_VERSION = '1.4';

type BalRow = Record<(typeof BAL_COLUMNS)[number], string>;

/** A road without numbers still appears, with this number and no position (BAL convention for toponyms). */
export const ROAD_WITHOUT_NUMBER = 99999;

/**
 * Address points of a numbering order are where the number is posted: BAL position `entrée`.
 */
const POSITION = 'entrée';

/**
 * Every line comes from an order the mayor signed: the town's own act, so it is certified
 * (`certification_commune` = 1).
 */
const CERTIFIED = '1';

const emptyRow = (): BalRow => Object.fromEntries(BAL_COLUMNS.map((column) => [column, ''])) as BalRow;

const latest = (...dates: string[]): string => dates.reduce((a, b) => (b > a ? b : a));

const roadRow = (insee: Insee, road: RoadAsOf): BalRow => {
  const naming = road.names[road.names.length - 1]!.order;
  return {
    ...emptyRow(),
    cle_interop: cleInterop(insee, road.code, ROAD_WITHOUT_NUMBER, null),
    commune_insee: insee,
    commune_nom: townName(insee),
    voie_nom: road.name,
    numero: String(ROAD_WITHOUT_NUMBER),
    source: naming.mentions.source,
    date_der_maj: naming.effectiveAt,
    certification_commune: CERTIFIED,
  };
};

const numberRow = (insee: Insee, road: RoadAsOf, number: RoadNumberAsOf): BalRow => {
  const naming = road.names[road.names.length - 1]!.order;
  const { x, y } = toLambert93(number.lon, number.lat);
  return {
    ...emptyRow(),
    cle_interop: cleInterop(insee, road.code, number.number, number.suffix),
    commune_insee: insee,
    commune_nom: townName(insee),
    voie_nom: road.name,
    numero: String(number.number),
    suffixe: number.suffix ?? '',
    position: POSITION,
    x: x.toFixed(2),
    y: y.toFixed(2),
    long: String(number.lon),
    lat: String(number.lat),
    source: number.order.mentions.source,
    date_der_maj: latest(number.order.effectiveAt, naming.effectiveAt),
    certification_commune: CERTIFIED,
  };
};

/**
 * The town's BAL as of `asOf` (`YYYY-MM-DD`): `;`-separated, UTF-8 without BOM, `\n` line ends,
 * header line first, one line per address, one `99999` line per road without numbers.
 * `source` is the town's own mention (R-DX-4); `date_der_maj` the latest effective date behind
 * the line (its number's position or its road's name).
 */
export const balExport = (state: RoadRegistryState, insee: Insee, asOf: string): string => {
  const rows = roadRegistryAsOf(state, asOf).flatMap((road) =>
    road.numbers.length === 0 ? [roadRow(insee, road)] : road.numbers.map((number) => numberRow(insee, road, number)),
  );
  return csvText(rows, { header: true, columns: [...BAL_COLUMNS], delimiter: ';', record_delimiter: 'unix' });
};
