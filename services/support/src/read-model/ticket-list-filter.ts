import { DomainError, type ErrorDetail } from '@digit/contracts';

/**
 * The query parameters of the ticket list (`GET /api/v1/support/tickets`, R-SUP-3): each is honoured
 * or the request is refused, never silently ignored. `breached=true` keeps the requests whose
 * first-response or resolution time is breached, `breached=false` the others.
 */
export const TICKET_LIST_PARAMETERS = ['insee', 'status', 'breached'] as const;

export interface TicketListFilter {
  readonly insee?: string;
  readonly status?: 'open' | 'closed';
  readonly breached?: boolean;
}

const ACCEPTED = 'la liste des demandes accepte insee (code INSEE), status (open ou closed) et breached (true ou false)';

const choice = <T>(details: ErrorDetail[], name: string, value: unknown, values: Readonly<Record<string, T>>): T | undefined => {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && Object.hasOwn(values, value)) return values[value];
  details.push({ path: name, message: `${name} vaut ${Object.keys(values).join(' ou ')}, une seule fois (reçu « ${String(value)} »)` });
  return undefined;
};

export const ticketListFilterOf = (query: Readonly<Record<string, unknown>>): TicketListFilter | DomainError => {
  const details: ErrorDetail[] = Object.keys(query)
    .filter((name) => !(TICKET_LIST_PARAMETERS as readonly string[]).includes(name))
    .map((name) => ({ path: name, message: `paramètre inconnu : ${ACCEPTED}` }));
  const status = choice(details, 'status', query.status, { open: 'open' as const, closed: 'closed' as const });
  const breached = choice(details, 'breached', query.breached, { true: true, false: false });
  if (query.insee !== undefined && typeof query.insee !== 'string') details.push({ path: 'insee', message: 'un seul code INSEE attendu' });
  if (details.length > 0) return new DomainError('invalid', 'validation_failed', `La liste des demandes ne peut être filtrée ainsi : ${ACCEPTED}.`, details);
  return {
    ...(typeof query.insee === 'string' ? { insee: query.insee } : {}),
    ...(status === undefined ? {} : { status }),
    ...(breached === undefined ? {} : { breached }),
  };
};
