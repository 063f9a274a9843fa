import { DomainError } from '@digit/contracts';
import { ticketListFilterOf } from './ticket-list-filter.js';

describe('the ticket list filter (R-SUP-3)', () => {
  it.each([
    ['no parameter', {}, {}],
    ['a town', { insee: '92012' }, { insee: '92012' }],
    ['open tickets', { status: 'open' }, { status: 'open' }],
    ['breached tickets', { breached: 'true' }, { breached: true }],
    ['tickets within their times', { breached: 'false' }, { breached: false }],
    ['all three', { insee: '92040', status: 'closed', breached: 'true' }, { insee: '92040', status: 'closed', breached: true }],
  ])('R-SUP-3: %s is honoured', (_case, query, filter) => {
    expect(ticketListFilterOf(query)).toEqual(filter);
  });

  it.each([
    ['an unknown parameter', { breach: 'true' }, ['breach']],
    ['two unknown parameters', { page: '2', sort: 'date' }, ['page', 'sort']],
    ['breached as yes', { breached: 'oui' }, ['breached']],
    ['breached twice', { breached: ['true', 'false'] }, ['breached']],
    ['an unknown status', { status: 'pending' }, ['status']],
    ['two towns', { insee: ['92012', '92040'] }, ['insee']],
  ])('R-SUP-3: %s is refused, naming the accepted parameters', (_case, query, paths) => {
    const refused = ticketListFilterOf(query);
    if (!(refused instanceof DomainError)) throw new Error('expected a refusal');
    expect(refused.code).toBe('validation_failed');
    expect(refused.message).toBe(
      'La liste des demandes ne peut être filtrée ainsi : la liste des demandes accepte insee (code INSEE), status (open ou closed) et breached (true ou false).',
    );
    expect(refused.details.map((detail) => detail.path)).toEqual(paths);
  });
});
