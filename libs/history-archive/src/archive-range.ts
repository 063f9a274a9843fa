import { Temporal } from 'temporal-polyfill';

/** The instants an export covers; undefined bounds are the history's own. */
export interface ArchiveRange {
  readonly from?: Date;
  readonly to?: Date;
}

/**
 * `2024-06-30` is a day in Paris: from its first instant (`from`) or up to its last (`to`); an ISO
 * 8601 instant with offset is taken as it is. Throws a RangeError in French for anything else.
 */
const parseBound = (name: 'from' | 'to', text: string | undefined): Date | undefined => {
  if (text === undefined || text === '') return undefined;
  try {
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
      const day = Temporal.PlainDate.from(text, { overflow: 'reject' });
      const start = (name === 'from' ? day : day.add({ days: 1 })).toZonedDateTime('Europe/Paris').toInstant();
      return new Date(start.epochMilliseconds - (name === 'to' ? 1 : 0));
    }
    return new Date(Temporal.Instant.from(text).epochMilliseconds);
  } catch {
    throw new RangeError(`${name} attend une date AAAA-MM-JJ ou un instant ISO 8601 avec décalage (reçu « ${text} »)`);
  }
};

export const parseArchiveRange = (options: { from?: string; to?: string }): ArchiveRange => {
  const from = parseBound('from', options.from);
  const to = parseBound('to', options.to);
  if (from && to && from > to) throw new RangeError(`from (${options.from}) est postérieur à to (${options.to})`);
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
};
