import { DEFAULT_SUPPORT_POLICY, type RequestEvent } from '../domain/index.js';
import { evolveTicketRecord, isBreached, nextDeadlineCheckAt, ticketAnswer, type TicketRecord } from './ticket-view.js';

const received: RequestEvent = {
  type: 'RequestReceived',
  data: {
    requestId: 'r-1',
    insee: '92012',
    kind: 'assistance',
    channel: 'api',
    need: 'Carte des travaux',
    targetUsers: 'Service voirie',
    context: 'Conseil de quartier',
    deadline: '2026-03-31',
    receivedAt: '2026-03-10T09:30:00+01:00',
    containsPersonalData: false,
    personalDataDeclaration: null,
    serviceLevel: DEFAULT_SUPPORT_POLICY,
    firstResponseDueAt: '2026-03-10T15:30:00+01:00',
    resolutionDueAt: '2026-03-17T09:30:00+01:00',
  },
};
const replied: RequestEvent = { type: 'RequestReplied', data: { by: 'Léa', message: 'Voici', at: '2026-03-10T10:00:00+01:00', firstResponse: true } };
const waiting: RequestEvent = { type: 'RequestWaitingOnTownStarted', data: { at: '2026-03-10T10:00:00+01:00', reason: 'Fichier attendu' } };
const waitingEnded: RequestEvent = { type: 'RequestWaitingOnTownEnded', data: { at: '2026-03-11T10:00:00+01:00' } };
const firstBreach: RequestEvent = { type: 'FirstResponseBreached', data: { dueAt: '2026-03-10T15:30:00+01:00', detectedAt: '2026-03-10T16:00:00+01:00' } };
const resolutionBreach: RequestEvent = { type: 'ResolutionBreached', data: { dueAt: '2026-03-17T09:30:00+01:00', detectedAt: '2026-03-17T10:00:00+01:00' } };
const closed: RequestEvent = { type: 'RequestClosed', data: { at: '2026-03-10T11:00:00+01:00', closure: 'resolved', summary: 'Fait' } };

const fold = (events: readonly RequestEvent[]): TicketRecord => {
  let record: TicketRecord | undefined;
  for (const event of events) record = evolveTicketRecord(record, event);
  if (!record) throw new Error('no events');
  return record;
};

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

  it.each([
    ['a new request before its first-response time', [received], '2026-03-10T15:00:00+01:00', false],
    ['a new request past its first-response time, not yet checked', [received], '2026-03-10T16:00:00+01:00', true],
    ['a request whose breach is recorded', [received, firstBreach], '2026-03-10T16:00:00+01:00', true],
    ['a request replied in time, before its resolution time', [received, replied], '2026-03-16T16:00:00+01:00', false],
    ['a request replied in time, past its resolution time', [received, replied], '2026-03-17T10:00:00+01:00', true],
    ['a request waited on the town, clocks stopped', [received, waiting], '2026-03-20T10:00:00+01:00', false],
    ['a request closed in time', [received, closed], '2026-04-01T10:00:00+01:00', false],
  ] as const)('R-SUP-3: %s is breached: %p', (_case, events, now, breached) => {
    expect(isBreached(fold(events), now)).toBe(breached);
  });

  it('R-SUP-1/R-SUP-3: the answer shows the request, its replies, waiting periods and breaches', () => {
    const lateReply: RequestEvent = { type: 'RequestReplied', data: { by: 'Léa', message: 'Voici', at: '2026-03-11T16:00:00+01:00', firstResponse: true } };
    const lateBreach: RequestEvent = { type: 'FirstResponseBreached', data: { dueAt: '2026-03-11T15:30:00+01:00', detectedAt: '2026-03-11T15:45:00+01:00' } };
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
