import { validateDto } from '../validation.js';
import { encodeListCursor } from './list-cursor.js';
import {
  CompleteActionRequest,
  OpenDisputeRequest,
  RecordCommitteeDecisionRequest,
  RecordCommitteeHeldRequest,
  ReferDisputeToCourtRequest,
  ScheduleCommitteeRequest,
} from './support-governance.requests.js';
import {
  AnnounceMaintenanceRequest,
  CompleteProjectStepRequest,
  OpenProjectRequest,
  RecordSessionHeldRequest,
  RegisterForSessionRequest,
  ScheduleSessionRequest,
} from './support-planning.requests.js';
import {
  AssignTicketRequest,
  CloseTicketRequest,
  FlagPersonalDataRequest,
  ReceiveTicketRequest,
  ReplyToTicketRequest,
  SupportIdRequest,
  SupportListRequest,
  SupportReasonRequest,
  TicketsRequest,
} from './support.requests.js';

const pathsOf = async (dto: new () => object, input: object): Promise<string[]> => {
  const result = await validateDto(dto, input);
  return result.ok ? [] : result.details.map((detail) => detail.path);
};

const ticket = {
  insee: '92012',
  need: 'Carte des travaux',
  targetUsers: 'Service voirie',
  context: 'Réunion publique',
  deadline: '2026-03-31',
};
const notice = {
  services: ['web-map'],
  plannedStart: '2026-04-08T18:00:00+02:00',
  plannedEnd: '2026-04-08T20:00:00+02:00',
  description: 'Mise à jour',
};
const workshop = {
  kind: 'workshop',
  title: 'Open Data',
  start: '2026-05-12T14:00:00+02:00',
  end: '2026-05-12T16:30:00+02:00',
  towns: ['92012'],
};
const dispute = { insee: '92012', openedBy: 'town', subject: 'Article 6.2', description: 'Calcul contesté', openedOn: '2026-02-02' };
const CURSOR = encodeListCursor({ key: '2026-03-10T09:30:00+01:00', id: '0b7e4c1a-5d2f-4a51-9d1e-7f3c2b1a0e9d' });

describe('support requests: what is checked once, at the service’s edge (issue 17, issue 18)', () => {
  it.each<[string, new () => object, object]>([
    [
      'R-SUP-1: a request with every field',
      ReceiveTicketRequest,
      {
        ...ticket,
        receivedAt: '2026-03-10T08:30:00Z',
        channel: 'email',
        kind: 'project',
        containsPersonalData: true,
        declaredProcessing: 'REG-1',
        declaredCategories: ['identity'],
      },
    ],
    ['R-SUP-3: the ticket list with no parameter', TicketsRequest, {}],
    ['R-SUP-3: the ticket list of a town', TicketsRequest, { insee: '92012' }],
    ['R-SUP-3: the open tickets', TicketsRequest, { status: 'open' }],
    ['R-SUP-3: the breached tickets', TicketsRequest, { breached: true }],
    ['R-SUP-3: the tickets within their times', TicketsRequest, { breached: false }],
    ['R-SUP-3: all three, from a cursor', TicketsRequest, { insee: '92040', status: 'closed', breached: true, limit: 1000, after: CURSOR }],
    ['a list of a code that is no GPSO town (answered 404 by the service)', SupportListRequest, { insee: '75056' }],
    ['R-SUP-2: a project', OpenProjectRequest, { insee: '92075', kind: 'sig', title: 'Carte', requestId: 'r-7' }],
    ['R-SUP-4: a notice of both services', AnnounceMaintenanceRequest, { ...notice, services: ['web-map', 'database'] }],
    ['R-SUP-5: a workshop', ScheduleSessionRequest, workshop],
    ['R-SUP-6: the steering committee', ScheduleCommitteeRequest, { kind: 'steering', date: '2026-06-15' }],
    [
      'R-BIL-8: a charge with its pooling search',
      RecordCommitteeDecisionRequest,
      { id: 'c-1', subject: 'Frais', outcome: 'approved', chargeCents: 1_250_000, poolingOutcome: 'Aucune' },
    ],
    ['R-CON-10: a dispute the EPT opens', OpenDisputeRequest, { ...dispute, openedBy: 'ept' }],
  ])('accepts %s', async (_, dto, input) => {
    expect(await pathsOf(dto, input)).toEqual([]);
  });

  it.each<[string, new () => object, object, string]>([
    ['R-SUP-1: an unknown town', ReceiveTicketRequest, { ...ticket, insee: '75056' }, 'insee'],
    ['R-SUP-1: an empty need', ReceiveTicketRequest, { ...ticket, need: '   ' }, 'need'],
    ['R-SUP-1: no target users', ReceiveTicketRequest, { ...ticket, targetUsers: undefined }, 'targetUsers'],
    ['R-SUP-1: no context', ReceiveTicketRequest, { ...ticket, context: '' }, 'context'],
    ['R-SUP-1: a deadline badly written', ReceiveTicketRequest, { ...ticket, deadline: '31/03/2026' }, 'deadline'],
    ['R-SUP-1: a reception without offset', ReceiveTicketRequest, { ...ticket, receivedAt: '2026-03-10T09:00:00' }, 'receivedAt'],
    [
      'R-GDPR-2: an empty processing reference',
      ReceiveTicketRequest,
      { ...ticket, containsPersonalData: true, declaredProcessing: ' ' },
      'declaredProcessing',
    ],
    [
      'R-GDPR-2: categories that are not a list of words',
      ReceiveTicketRequest,
      { ...ticket, containsPersonalData: true, declaredCategories: 'identity' },
      'declaredCategories',
    ],
    ['R-GDPR-2: an empty category', FlagPersonalDataRequest, { id: 'r-1', declaredCategories: [' '] }, 'declaredCategories'],
    [
      'issue 18: a need over 10,000 characters (a ticket of 30 KB at most)',
      ReceiveTicketRequest,
      { ...ticket, need: 'x'.repeat(10_001) },
      'need',
    ],
    ['R-SEC-1: a body naming who acts', ReceiveTicketRequest, { ...ticket, actor: 'ops:someone' }, 'actor'],
    ['R-SEC-1: a reply naming who replies', ReplyToTicketRequest, { id: 'r-1', by: 'Léa', message: 'Voici' }, 'by'],
    ['R-SUP-1: an empty reply', ReplyToTicketRequest, { id: 'r-1', message: ' ' }, 'message'],
    ['R-SUP-1: no agent', AssignTicketRequest, { id: 'r-1', assignee: '' }, 'assignee'],
    ['R-SUP-1: closing without summary', CloseTicketRequest, { id: 'r-1', closure: 'resolved', summary: '' }, 'summary'],
    ['R-SUP-1: an unknown closure', CloseTicketRequest, { id: 'r-1', closure: 'done', summary: 'Fait' }, 'closure'],
    ['R-SUP-3: waiting without reason', SupportReasonRequest, { id: 'r-1', reason: ' ' }, 'reason'],
    ['R-SUP-1: a malformed id', SupportIdRequest, { id: '../x' }, 'id'],
    ['R-SUP-3: an unknown list parameter', TicketsRequest, { breach: true }, 'breach'],
    ['R-SUP-3: breached as yes', TicketsRequest, { breached: 'oui' }, 'breached'],
    ['R-SUP-3: an unknown status', TicketsRequest, { status: 'pending' }, 'status'],
    ['R-SUP-3: two towns', TicketsRequest, { insee: ['92012', '92040'] }, 'insee'],
    ['a cursor this service never gave', TicketsRequest, { after: 'abc' }, 'after'],
    ['a page over 1,000', TicketsRequest, { limit: 1001 }, 'limit'],
    ['R-SUP-2: an unknown town', OpenProjectRequest, { insee: '93000', kind: 'sig', title: 'Carte' }, 'insee'],
    ['R-SUP-2: no title', OpenProjectRequest, { insee: '92040', kind: 'sig', title: '' }, 'title'],
    ['R-SUP-2: an unknown kind', OpenProjectRequest, { insee: '92040', kind: 'bim', title: 'Carte' }, 'kind'],
    ['R-SUP-2: an unknown step', CompleteProjectStepRequest, { id: 'p-1', step: 'recette' }, 'step'],
    ['R-SUP-4: no service', AnnounceMaintenanceRequest, { ...notice, services: [] }, 'services'],
    ['R-SUP-4: an unknown service', AnnounceMaintenanceRequest, { ...notice, services: ['web-map', 'mail'] }, 'services'],
    ['R-SUP-4: a service twice', AnnounceMaintenanceRequest, { ...notice, services: ['web-map', 'web-map'] }, 'services'],
    ['R-SUP-4: no description', AnnounceMaintenanceRequest, { ...notice, description: ' ' }, 'description'],
    ['R-SUP-4: a start without offset', AnnounceMaintenanceRequest, { ...notice, plannedStart: '2026-04-08T18:00:00' }, 'plannedStart'],
    ['R-SUP-5: no town', ScheduleSessionRequest, { ...workshop, towns: [] }, 'towns'],
    ['R-SUP-5: an unknown town', ScheduleSessionRequest, { ...workshop, towns: ['12345'] }, 'towns'],
    ['R-SUP-5: an unknown kind', ScheduleSessionRequest, { ...workshop, kind: 'webinar' }, 'kind'],
    [
      'R-SUP-5: meetings every 32 days',
      ScheduleSessionRequest,
      { ...workshop, kind: 'accompaniment', meetingIntervalDays: 32 },
      'meetingIntervalDays',
    ],
    ['R-SUP-5: no participant', RegisterForSessionRequest, { id: 's-1', insee: '92012', participants: 0 }, 'participants'],
    ['R-SUP-5: negative attendees', RecordSessionHeldRequest, { id: 's-1', attendees: -1 }, 'attendees'],
    [
      'R-SUP-6: a follow-up committee of an unknown town',
      ScheduleCommitteeRequest,
      { kind: 'follow-up', insee: '75056', date: '2026-06-15' },
      'insee',
    ],
    ['R-SUP-6: an impossible date', RecordCommitteeHeldRequest, { id: 'c-1', heldOn: '2026-02-30', minutes: 'Bilan' }, 'heldOn'],
    [
      'R-BIL-8: a charge of no cents',
      RecordCommitteeDecisionRequest,
      { id: 'c-1', subject: 'Frais', outcome: 'approved', chargeCents: 0 },
      'chargeCents',
    ],
    [
      'issue 18: a charge of 9,007,199,254,740,991 cents',
      RecordCommitteeDecisionRequest,
      { id: 'c-1', subject: 'Frais', outcome: 'approved', chargeCents: 9_007_199_254_740_991 },
      'chargeCents',
    ],
    ['R-SUP-6: an action completed on no date', CompleteActionRequest, { id: 'c-1', actionId: 'a-1', completedOn: 'hier' }, 'completedOn'],
    ['R-CON-10: a dispute with a third party', OpenDisputeRequest, { ...dispute, openedBy: 'prefecture' }, 'openedBy'],
    ['R-CON-10: a dispute of a town outside GPSO', OpenDisputeRequest, { ...dispute, insee: '75056' }, 'insee'],
    ['R-CON-10: a dispute without description', OpenDisputeRequest, { ...dispute, description: ' ' }, 'description'],
    [
      'R-CON-10: a referral by a third party',
      ReferDisputeToCourtRequest,
      { id: 'd-1', referredOn: '2026-05-01', referredBy: 'prefecture', reason: 'Échec' },
      'referredBy',
    ],
  ])('refuses %s', async (_, dto, input, path) => {
    expect(await pathsOf(dto, input)).toContain(path);
  });
});
