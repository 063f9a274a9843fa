import { DEFAULT_SUPPORT_POLICY, type RequestEvent } from '../domain/index.js';
import { evolveTicketRecord, type TicketRecord } from './ticket-view.js';

/** A request's events (R-SUP-1, R-SUP-3) the ticket read model's tests fold: received Tuesday 10 March 2026 at 9:30. */
export const received: RequestEvent = {
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
export const replied: RequestEvent = {
  type: 'RequestReplied',
  data: { by: 'Léa', message: 'Voici', at: '2026-03-10T10:00:00+01:00', firstResponse: true },
};
export const waiting: RequestEvent = {
  type: 'RequestWaitingOnTownStarted',
  data: { at: '2026-03-10T10:00:00+01:00', reason: 'Fichier attendu' },
};
export const waitingEnded: RequestEvent = { type: 'RequestWaitingOnTownEnded', data: { at: '2026-03-11T10:00:00+01:00' } };
export const firstBreach: RequestEvent = {
  type: 'FirstResponseBreached',
  data: { dueAt: '2026-03-10T15:30:00+01:00', detectedAt: '2026-03-10T16:00:00+01:00' },
};
export const resolutionBreach: RequestEvent = {
  type: 'ResolutionBreached',
  data: { dueAt: '2026-03-17T09:30:00+01:00', detectedAt: '2026-03-17T10:00:00+01:00' },
};
export const closed: RequestEvent = {
  type: 'RequestClosed',
  data: { at: '2026-03-10T11:00:00+01:00', closure: 'resolved', summary: 'Fait' },
};

export const fold = (events: readonly RequestEvent[]): TicketRecord => {
  let record: TicketRecord | undefined;
  for (const event of events) record = evolveTicketRecord(record, event);
  if (!record) throw new Error('no events');
  return record;
};
