import { BAL_COLUMNS, cleInterop, TOWN_BOUNDING_BOXES, townName, type Insee } from '@digit/contracts';

/** A road of a demo BAL: its 4-character code, name and numbers (`suffix` optional). */
export interface BalFixtureRoad {
  readonly code: string;
  readonly name: string;
  readonly numbers: readonly { readonly number: number; readonly suffix?: string }[];
}

/**
 * A BAL 1.4 file as a town publishes it (demo data, not from the seed): one line per address, a
 * `99999` line for a road without number, positions inside the town, `date_der_maj` of 2023.
 */
export const balFixture = (
  insee: Insee,
  roads: readonly BalFixtureRoad[],
  overrides: (line: number) => Partial<Record<(typeof BAL_COLUMNS)[number], string>> = () => ({}),
): string => {
  const box = TOWN_BOUNDING_BOXES[insee];
  let line = 1;
  const rows = roads.flatMap((road, roadIndex) => {
    const addresses = road.numbers.length > 0 ? road.numbers : [{ number: 99999 }];
    return addresses.map(({ number, suffix }, index) => {
      line += 1;
      const lon = box.minLon + 0.01 + ((roadIndex * 7) % 100) * 0.0002 + index * 0.00001;
      const lat = box.minLat + 0.01 + ((roadIndex * 3) % 100) * 0.0001 + index * 0.00001;
      const row: Record<string, string> = {
        ...Object.fromEntries(BAL_COLUMNS.map((column) => [column, ''])),
        cle_interop: cleInterop(insee, road.code, number, suffix ?? null),
        commune_insee: insee,
        commune_nom: townName(insee),
        voie_nom: road.name,
        numero: String(number),
        suffixe: suffix ?? '',
        ...(number === 99999 ? {} : { position: 'entrée', long: lon.toFixed(6), lat: lat.toFixed(6) }),
        source: `Ville de ${townName(insee)}`,
        date_der_maj: '2023-06-01',
        certification_commune: '1',
        ...overrides(line),
      };
      return BAL_COLUMNS.map((column) => row[column]).join(';');
    });
  });
  return `${[BAL_COLUMNS.join(';'), ...rows].join('\n')}\n`;
};

/** `roads` roads of `numbersPerRoad` numbers each: a large town's BAL for the benchmark. */
export const largeBalFixture = (insee: Insee, lines: number, numbersPerRoad = 40): string =>
  balFixture(
    insee,
    Array.from({ length: Math.ceil(lines / numbersPerRoad) }, (_, index) => ({
      code: String(index + 1).padStart(4, '0'),
      name: `Rue numéro ${index + 1}`,
      numbers: Array.from({ length: Math.min(numbersPerRoad, lines - index * numbersPerRoad) }, (__, n) => ({ number: n + 1 })),
    })),
  );
