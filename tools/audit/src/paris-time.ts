import { Temporal } from 'temporal-polyfill';

const two = (n: number) => String(n).padStart(2, '0');

/** `07/12/2026 à 14:03:05` (Europe/Paris), as an auditor reads an instant. */
export const parisTime = (iso: string): string => {
  const t = Temporal.Instant.from(iso).toZonedDateTimeISO('Europe/Paris');
  return `${two(t.day)}/${two(t.month)}/${t.year} à ${two(t.hour)}:${two(t.minute)}:${two(t.second)}`;
};

/** `1 234 567` with the French thin space grouping. */
export const frenchCount = (n: number | bigint): string => n.toLocaleString('fr-FR');
