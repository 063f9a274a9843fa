import { INSEE_CODES, TOWNS } from '@digit/contracts';

export interface MetropolisTown {
  readonly insee: string;
  readonly name: string;
}

/**
 * The Métropole du Grand Paris has 131 communes: Paris (75056), 36 in the Hauts-de-Seine (92),
 * 40 in the Seine-Saint-Denis (93), 47 in the Val-de-Marne (94) and 7 in the Essonne (91) and
 * the Val-d'Oise (95). GPSO's eight are real; the others get generated codes of the same shape
 * (département, then a 3-digit commune number), stepped so that they never meet a GPSO code.
 */
const SHARES: readonly { readonly departement: string; readonly count: number }[] = [
  { departement: '92', count: 36 },
  { departement: '93', count: 40 },
  { departement: '94', count: 47 },
  { departement: '91', count: 6 },
  { departement: '95', count: 1 },
];

export const metropolisTowns = (): MetropolisTown[] => {
  const towns: MetropolisTown[] = [...TOWNS, { insee: '75056', name: 'Paris' }];
  const taken = new Set(towns.map((town) => town.insee));
  for (const { departement, count } of SHARES) {
    for (let commune = 1; towns.filter((town) => town.insee.startsWith(departement)).length < count; commune += 3) {
      const insee = `${departement}${String(commune).padStart(3, '0')}`;
      if (taken.has(insee)) continue;
      taken.add(insee);
      towns.push({ insee, name: `Commune ${insee}` });
    }
  }
  return towns;
};

/**
 * The town list is a constant of 8 (`TOWNS` in @digit/contracts): DTOs, `townName`, the
 * statement decider refuse any other code. The simulation runs the services in this process
 * with the list extended to the metropolis, as a configured list would be (see the README:
 * this is the first thing that breaks at 131 towns).
 */
export const extendTownList = (towns: readonly MetropolisTown[]): void => {
  const list = TOWNS as unknown as MetropolisTown[];
  const codes = INSEE_CODES as unknown as string[];
  for (const town of towns) {
    if (codes.includes(town.insee)) continue;
    list.push(town);
    codes.push(town.insee);
  }
};
