/** The eight towns of GPSO (DOMAIN.md "Actors"), named by INSEE code everywhere. */
export const TOWNS = [
  { insee: '92012', name: 'Boulogne-Billancourt' },
  { insee: '92022', name: 'Chaville' },
  { insee: '92040', name: 'Issy-les-Moulineaux' },
  { insee: '92047', name: 'Marnes-la-Coquette' },
  { insee: '92048', name: 'Meudon' },
  { insee: '92072', name: 'Sèvres' },
  { insee: '92075', name: 'Vanves' },
  { insee: '92077', name: "Ville-d'Avray" },
] as const;

export type Insee = (typeof TOWNS)[number]['insee'];

export const INSEE_CODES: readonly Insee[] = TOWNS.map((town) => town.insee);

export const isInsee = (value: unknown): value is Insee => typeof value === 'string' && (INSEE_CODES as readonly string[]).includes(value);

export const townName = (insee: Insee): string => TOWNS.find((town) => town.insee === insee)!.name;
