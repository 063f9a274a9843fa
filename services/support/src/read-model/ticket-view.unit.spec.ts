import type { RequestEvent } from '../domain/index.js';
import { closed, firstBreach, fold, received, replied, resolutionBreach, waiting, waitingEnded } from './ticket.test-fixtures.js';
import { evolveTicketRecord, nextDeadlineCheckAt, ticketAnswer, type TicketRecord } from './ticket-view.js';

describe('the ticket read model', () => {
  it.each([
    ['a new request: its first-response due time', [received], '2026-03-10T15:30:00+01:00'],
    ['a replied request: its resolution due time', [received, replied], '2026-03-17T09:30:00+01:00'],
    ['a first response breached: the resolution due time', [received, firstBreach], '2026-03-17T09:30:00+01:00'],
    ['while waiting on the town: nothing, the clocks are stopped', [received, waiting], null],
    ['after the waiting: the due time moved by the service hours waited', [received, waiting, waitingEnded], '2026-03-11T15:30:00+01:00'],
    ['both clocks breached: nothing', [received, firstBreach, resolutionBreach], null],
    ['a closed request: nothing', [received, closed], null],
  ] as const)('R-SUP-3: the deadline check next looks at %s', (_case, events, expected) => {
    expect(nextDeadlineCheckAt(fold(events))).toBe(expected);
  });

  it('R-SUP-1/R-SUP-3: the answer shows the request, its replies, waiting periods and breaches', () => {
    const lateReply: RequestEvent = {
      type: 'RequestReplied',
      data: { by: 'Léa', message: 'Voici', at: '2026-03-11T16:00:00+01:00', firstResponse: true },
    };
    const lateBreach: RequestEvent = {
      type: 'FirstResponseBreached',
      data: { dueAt: '2026-03-11T15:30:00+01:00', detectedAt: '2026-03-11T15:45:00+01:00' },
    };
    const answer = ticketAnswer(fold([received, waiting, waitingEnded, lateBreach, lateReply]));
    expect(answer).toMatchObject({
      id: 'r-1',
      town: 'Boulogne-Billancourt',
      need: 'Carte des travaux',
      status: 'open',
      firstResponseDueAt: '2026-03-11T15:30:00+01:00',
      waitingOnTown: null,
      waitingPeriods: [{ start: '2026-03-10T10:00:00+01:00', end: '2026-03-11T10:00:00+01:00' }],
      replies: [{ by: 'Léa', firstResponse: true }],
      breaches: [{ clock: 'firstResponse', dueAt: '2026-03-11T15:30:00+01:00', detectedAt: '2026-03-11T15:45:00+01:00' }],
      privacyCheck: { status: 'not-required', checkedAt: null, registerReference: null },
    });
  });

  it('R-SUP-1: the view survives JSON, as stored in PostgreSQL', () => {
    const record = fold([received, waiting]);
    const stored = JSON.parse(JSON.stringify(record)) as TicketRecord;
    expect(evolveTicketRecord(stored, waitingEnded)).toEqual(evolveTicketRecord(record, waitingEnded));
  });
});
