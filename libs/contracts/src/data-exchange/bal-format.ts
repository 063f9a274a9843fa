/**
 * The Base Adresse Locale format (BAL 1.4, AITF), as the national address base publishes it and the
 * official validator (`@ban-team/validateur-bal`) writes it: shared by the registry's export and import.
 */
export const BAL_COLUMNS = [
  'id_ban_commune',
  'id_ban_toponyme',
  'id_ban_adresse',
  'cle_interop',
  'commune_insee',
  'commune_nom',
  'commune_deleguee_insee',
  'commune_deleguee_nom',
  'voie_nom',
  'lieudit_complement_nom',
  'numero',
  'suffixe',
  'position',
  'x',
  'y',
  'long',
  'lat',
  'cad_parcelles',
  'source',
  'date_der_maj',
  'certification_commune',
] as const;

/** `{insee}_{code voie}_{numero on 5 digits}[_{suffixe}]`, lower case. */
export const cleInterop = (insee: string, roadCode: string, number: number, suffix: string | null): string =>
  [insee, roadCode, String(number).padStart(5, '0'), ...(suffix === null ? [] : [suffix])].join('_').toLowerCase();
