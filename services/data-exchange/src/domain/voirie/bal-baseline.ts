import { parse } from 'csv-parse/sync';
import {
  isInsideBox,
  parseRoadId,
  TOWN_BOUNDING_BOXES,
  townName,
  type Insee,
  type OrderLink,
  type RoadNumber,
  type RoadType,
} from '@digit/contracts';
import { roadNumberKey, sameRoadName } from './voirie-order.js';

/**
 * A town's registry starts from its Base Adresse Locale (R-DX-9): the BAL 1.4 file, already passed
 * by the official validator, read into roads and numbers. A road is a `cle_interop` road code
 * (`92012_0042_00001` → `92012_0042`), named by `voie_nom`; `numero` 99999 is a road without number.
 * An address with several positions (entrée, bâtiment…) keeps its first line's.
 */
export interface BaselineRoad {
  readonly id: string;
  readonly name: string;
  readonly roadType: RoadType;
  readonly numbers: readonly RoadNumber[];
}

export interface BalBaseline {
  readonly roads: readonly BaselineRoad[];
  readonly lines: number;
  readonly numbers: number;
  /** The file's latest `date_der_maj`: the day its roads and numbers are in force from. */
  readonly effectiveAt: string | null;
  /** The `source` most lines give (R-DX-4: the town's mention). */
  readonly source: string | null;
}

/** A problem of one line of the file (line 1 is the header). */
export interface BalLineError {
  readonly line: number;
  readonly message: string;
}

export const MAX_REPORTED_LINE_ERRORS = 200;

/** A baseline's events carry one order link; its id says it is no town's order (never a UUID). */
export const BASELINE_ORDER_PREFIX = 'baseline-';
export const isBaselineLink = (link: Pick<OrderLink, 'orderId'>): boolean => link.orderId.startsWith(BASELINE_ORDER_PREFIX);

const ROAD_WITHOUT_NUMBER = 99999;
const SQUARE = /^(place|square|placette|parvis|esplanade|rond-point|carrefour)\b/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Row = Record<string, string | undefined>;

interface Building {
  readonly id: string;
  readonly name: string;
  readonly line: number;
  readonly numbers: Map<string, RoadNumber>;
}

const mostCommon = (values: readonly string[]): string | null => {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
};

/** The file's roads and numbers for `insee`, or every line the registry cannot take (the validator passed the format). */
export const parseBalBaseline = (
  csv: string,
  insee: Insee,
): { ok: true; baseline: BalBaseline } | { ok: false; errors: readonly BalLineError[] } => {
  const rows = parse(csv, { columns: true, delimiter: ';', bom: true, skip_empty_lines: true, relax_column_count: true }) as Row[];
  const errors: BalLineError[] = [];
  const roads = new Map<string, Building>();
  const box = TOWN_BOUNDING_BOXES[insee];
  const say = (line: number, message: string) => {
    if (errors.length < MAX_REPORTED_LINE_ERRORS) errors.push({ line, message });
  };
  rows.forEach((row, index) => {
    const line = index + 2;
    const value = (column: string) => (row[column] ?? '').trim();
    if (value('commune_insee') !== insee)
      return say(line, `commune_insee « ${value('commune_insee')} » : ce fichier est importé pour ${insee} (${townName(insee)})`);
    const code = value('cle_interop').split('_')[1]?.toUpperCase() ?? '';
    const id = `${insee}_${code}`;
    if (!parseRoadId(id))
      return say(
        line,
        `cle_interop « ${value('cle_interop')} » : le code de voie « ${code} » manque ou n’est pas renseigné (0000, XXXX) ; le registre a besoin du code de chaque voie`,
      );
    const name = value('voie_nom');
    const road = roads.get(id) ?? { id, name, line, numbers: new Map<string, RoadNumber>() };
    if (!sameRoadName(road.name, name))
      return say(line, `la voie ${id} s’appelle « ${road.name} » ligne ${road.line} et « ${name} » ici : une voie a un seul nom`);
    roads.set(id, road);
    const number = Number(value('numero'));
    if (number === ROAD_WITHOUT_NUMBER) return;
    const lon = Number(value('long'));
    const lat = Number(value('lat'));
    if (value('long') === '' || value('lat') === '' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      return say(line, `le numéro ${value('numero')} de ${id} n’a pas de position long / lat (WGS84) : le registre en a besoin`);
    }
    if (!isInsideBox(box, lon, lat))
      return say(line, `la position (long ${lon}, lat ${lat}) du numéro ${value('numero')} est hors de ${townName(insee)}`);
    const suffix = value('suffixe') === '' ? null : value('suffixe');
    const key = roadNumberKey(number, suffix);
    if (!road.numbers.has(key)) road.numbers.set(key, { number, suffix, lon, lat });
  });
  if (rows.length === 0) errors.push({ line: 1, message: 'le fichier ne contient aucune adresse' });
  if (errors.length > 0) return { ok: false, errors };
  const dates = rows.map((row) => (row.date_der_maj ?? '').trim()).filter((date) => DATE.test(date));
  const built = [...roads.values()].map((road) => ({
    id: road.id,
    name: road.name,
    roadType: (SQUARE.test(road.name) ? 'place' : 'voie') as RoadType,
    numbers: [...road.numbers.values()],
  }));
  return {
    ok: true,
    baseline: {
      roads: built,
      lines: rows.length,
      numbers: built.reduce((sum, road) => sum + road.numbers.length, 0),
      effectiveAt: dates.length > 0 ? dates.reduce((a, b) => (b > a ? b : a)) : null,
      source: mostCommon(rows.map((row) => (row.source ?? '').trim()).filter(Boolean)),
    },
  };
};
