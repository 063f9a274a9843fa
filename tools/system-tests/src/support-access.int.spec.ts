import { Temporal } from 'temporal-polyfill';
import { supportMessages, type AnyMessage } from '@digit/contracts';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { routeTable } from '../../../services/gateway/src/edge/route-table.js';
import { startSupportService } from '../../../services/support/src/support.app.js';
import { supportSettingsFromEnv } from '../../../services/support/src/support-settings.js';
import { startSystem, type SystemUnderTest, type TestCaller } from './system-under-test.js';

/**
 * Who may call what on the support routes (R-SEC-2, README "Who may call what"): every role on
 * every route, a town's people on another town's data, and nothing stored when a command is
 * refused. The expectations are written out here, not read from the policies, so a policy changed
 * by mistake fails this test.
 */
let system: SystemUnderTest;

const OPS: TestCaller = { sub: 'ops.digit', roles: ['ops'] };
const BOULOGNE_REFERENT: TestCaller = { sub: 'referent.boulogne', roles: ['town-referent'], insee: '92012' };
/** Marnes-la-Coquette: its convention is terminated below, so it receives no maintenance notice. */
const MARNES_DSI: TestCaller = { sub: 'dsi.marnes', roles: ['town-dsi'], insee: '92047' };

const send = (path: string, method: string, body: unknown, as: TestCaller) =>
  system.fetch(
    path,
    { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) },
    as,
  );

const created = async (path: string, body: unknown, as: TestCaller = OPS): Promise<string> => {
  const response = await send(path, 'POST', body, as);
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
};

const ticket = (insee: string) => ({
  insee,
  need: 'Carte des travaux',
  targetUsers: 'Service voirie',
  context: 'Conseil de quartier',
  deadline: '2030-12-31',
});
const inTwoDays = Temporal.Now.zonedDateTimeISO('Europe/Paris').add({ days: 2 }).round({ smallestUnit: 'hour' });
const notice = {
  services: ['web-map'],
  plannedStart: inTwoDays.toString({ timeZoneName: 'never' }),
  plannedEnd: inTwoDays.add({ hours: 1 }).toString({ timeZoneName: 'never' }),
  description: 'Mise à jour du serveur',
};
const ids = { ticket: '', project: '', notice: '', session: '', committee: '', dispute: '' };

beforeAll(async () => {
  const settings = { ...supportSettingsFromEnv({}), deadlineCheckIntervalMs: 60_000 };
  system = await startSystem([startConventionsService, (infra) => startSupportService(infra, { settings })]);
  expect(
    (await send('/api/v1/conventions/92047/terminations', 'POST', { requestedBy: 'town', noticeDate: '2024-01-15' }, OPS)).status,
  ).toBe(201);
  ids.ticket = await created('/api/v1/support/tickets', ticket('92012'));
  await created('/api/v1/support/tickets', ticket('92040'));
  ids.project = await created('/api/v1/support/projects', { insee: '92012', kind: 'sig', title: 'Carte des équipements' });
  ids.notice = await created('/api/v1/support/maintenance', notice);
  ids.session = await created('/api/v1/support/sessions', {
    kind: 'training',
    title: 'SIG web',
    start: '2030-05-12T09:00:00+02:00',
    end: '2030-05-12T17:00:00+02:00',
    towns: ['92012'],
  });
  ids.committee = await created('/api/v1/support/committees', { kind: 'follow-up', insee: '92012', date: '2030-06-15' });
  await created('/api/v1/support/committees', { kind: 'steering', date: '2030-06-20' });
  ids.dispute = await created('/api/v1/support/disputes', {
    insee: '92012',
    openedBy: 'town',
    subject: 'Article 6.2',
    description: 'Calcul contesté',
    openedOn: '2030-02-02',
  });
}, 30_000);
afterAll(() => system.stop());

type Cell = 'yes' | 'no';
/** ops, finance, auditor, town-dsi, town-dpo, town-referent of the data's town (Boulogne), then Marnes' DSI on Boulogne's data. */
type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell];

const OPS_ONLY: Row = ['yes', 'no', 'no', 'no', 'no', 'no', 'no'];
/** Read by DIGIT ops, auditors, and the town's référent and DSI for their own town. */
const TOWN_READ: Row = ['yes', 'no', 'yes', 'yes', 'no', 'yes', 'no'];
/** Sent by DIGIT ops, and the town's référent and DSI for their own town. */
const TOWN_SEND: Row = ['yes', 'no', 'no', 'yes', 'no', 'yes', 'no'];
/** Committees: GPSO finance reads them too (R-BIL-8). */
const COMMITTEE_READ: Row = ['yes', 'yes', 'yes', 'yes', 'no', 'yes', 'no'];

interface Route {
  readonly message: AnyMessage;
  readonly method: string;
  readonly path: () => string;
  readonly body?: unknown;
  readonly expected: Row;
}

const m = supportMessages;
const s = '/api/v1/support';
const ROUTES: readonly Route[] = [
  { message: m.alerts, method: 'GET', path: () => `${s}/alerts?insee=92012`, expected: TOWN_READ },
  { message: m.receiveTicket, method: 'POST', path: () => `${s}/tickets`, body: ticket('92012'), expected: TOWN_SEND },
  { message: m.tickets, method: 'GET', path: () => `${s}/tickets?insee=92012`, expected: TOWN_READ },
  { message: m.ticket, method: 'GET', path: () => `${s}/tickets/${ids.ticket}`, expected: TOWN_READ },
  {
    message: m.assignTicket,
    method: 'POST',
    path: () => `${s}/tickets/${ids.ticket}/assignment`,
    body: { assignee: 'Léa' },
    expected: OPS_ONLY,
  },
  {
    message: m.replyToTicket,
    method: 'POST',
    path: () => `${s}/tickets/${ids.ticket}/replies`,
    body: { message: 'Voici.' },
    expected: OPS_ONLY,
  },
  {
    message: m.startTicketWaiting,
    method: 'POST',
    path: () => `${s}/tickets/${ids.ticket}/waiting-on-town`,
    body: { reason: 'Fichier attendu' },
    expected: OPS_ONLY,
  },
  { message: m.endTicketWaiting, method: 'POST', path: () => `${s}/tickets/${ids.ticket}/waiting-on-town/end`, expected: OPS_ONLY },
  { message: m.flagPersonalData, method: 'POST', path: () => `${s}/tickets/${ids.ticket}/personal-data`, body: {}, expected: OPS_ONLY },
  {
    message: m.closeTicket,
    method: 'POST',
    path: () => `${s}/tickets/${ids.ticket}/closure`,
    body: { closure: 'resolved', summary: 'Fait' },
    expected: OPS_ONLY,
  },
  {
    message: m.openProject,
    method: 'POST',
    path: () => `${s}/projects`,
    body: { insee: '92012', kind: 'open-data', title: 'Budget' },
    expected: TOWN_SEND,
  },
  { message: m.projects, method: 'GET', path: () => `${s}/projects?insee=92012`, expected: TOWN_READ },
  { message: m.project, method: 'GET', path: () => `${s}/projects/${ids.project}`, expected: TOWN_READ },
  {
    message: m.completeProjectStep,
    method: 'POST',
    path: () => `${s}/projects/${ids.project}/steps`,
    body: { step: 'contact' },
    expected: OPS_ONLY,
  },
  {
    message: m.startProjectWaiting,
    method: 'POST',
    path: () => `${s}/projects/${ids.project}/waiting-on-town`,
    body: { reason: 'Données attendues' },
    expected: OPS_ONLY,
  },
  { message: m.endProjectWaiting, method: 'POST', path: () => `${s}/projects/${ids.project}/waiting-on-town/end`, expected: OPS_ONLY },
  {
    message: m.abandonProject,
    method: 'POST',
    path: () => `${s}/projects/${ids.project}/abandonment`,
    body: { reason: 'Non engagé' },
    expected: OPS_ONLY,
  },
  { message: m.announceMaintenance, method: 'POST', path: () => `${s}/maintenance`, body: notice, expected: OPS_ONLY },
  { message: m.maintenanceNotices, method: 'GET', path: () => `${s}/maintenance?insee=92012`, expected: TOWN_READ },
  { message: m.maintenanceCalendar, method: 'GET', path: () => `${s}/maintenance.ics?insee=92012`, expected: TOWN_READ },
  { message: m.maintenanceNotice, method: 'GET', path: () => `${s}/maintenance/${ids.notice}`, expected: TOWN_READ },
  { message: m.recordInterruptionStarted, method: 'POST', path: () => `${s}/maintenance/${ids.notice}/interruption`, expected: OPS_ONLY },
  { message: m.recordServiceRestored, method: 'POST', path: () => `${s}/maintenance/${ids.notice}/restoration`, expected: OPS_ONLY },
  {
    message: m.cancelMaintenance,
    method: 'POST',
    path: () => `${s}/maintenance/${ids.notice}/cancellation`,
    body: { reason: 'Reportée' },
    expected: OPS_ONLY,
  },
  {
    message: m.scheduleSession,
    method: 'POST',
    path: () => `${s}/sessions`,
    body: { kind: 'training', title: 'QGIS', start: '2030-06-12T09:00:00+02:00', end: '2030-06-12T12:00:00+02:00', towns: ['92012'] },
    expected: OPS_ONLY,
  },
  { message: m.sessions, method: 'GET', path: () => `${s}/sessions?insee=92012`, expected: TOWN_READ },
  { message: m.sessionCalendar, method: 'GET', path: () => `${s}/sessions.ics?insee=92012`, expected: TOWN_READ },
  { message: m.session, method: 'GET', path: () => `${s}/sessions/${ids.session}`, expected: TOWN_READ },
  {
    message: m.registerForSession,
    method: 'POST',
    path: () => `${s}/sessions/${ids.session}/registrations`,
    body: { insee: '92012', participants: 3 },
    expected: TOWN_SEND,
  },
  {
    message: m.recordSessionHeld,
    method: 'POST',
    path: () => `${s}/sessions/${ids.session}/held`,
    body: { attendees: 3 },
    expected: OPS_ONLY,
  },
  {
    message: m.cancelSession,
    method: 'POST',
    path: () => `${s}/sessions/${ids.session}/cancellation`,
    body: { reason: 'Reportée' },
    expected: OPS_ONLY,
  },
  {
    message: m.scheduleCommittee,
    method: 'POST',
    path: () => `${s}/committees`,
    body: { kind: 'steering', date: '2030-07-01' },
    expected: OPS_ONLY,
  },
  { message: m.committees, method: 'GET', path: () => `${s}/committees?insee=92012`, expected: COMMITTEE_READ },
  { message: m.committee, method: 'GET', path: () => `${s}/committees/${ids.committee}`, expected: COMMITTEE_READ },
  {
    message: m.recordCommitteeHeld,
    method: 'POST',
    path: () => `${s}/committees/${ids.committee}/meeting`,
    body: { heldOn: '2030-06-15', minutes: 'Bilan.' },
    expected: OPS_ONLY,
  },
  {
    message: m.recordCommitteeDecision,
    method: 'POST',
    path: () => `${s}/committees/${ids.committee}/decisions`,
    body: { subject: 'Frais', outcome: 'approved', chargeCents: 100_000, poolingOutcome: 'Aucune' },
    expected: OPS_ONLY,
  },
  {
    message: m.recordCommitteeAction,
    method: 'POST',
    path: () => `${s}/committees/${ids.committee}/actions`,
    body: { actionId: 'a-1', description: 'Devis', owner: 'DIGIT', dueOn: '2030-09-01' },
    expected: OPS_ONLY,
  },
  {
    message: m.completeCommitteeAction,
    method: 'POST',
    path: () => `${s}/committees/${ids.committee}/actions/a-1/completion`,
    body: { completedOn: '2030-08-01' },
    expected: OPS_ONLY,
  },
  {
    message: m.openDispute,
    method: 'POST',
    path: () => `${s}/disputes`,
    body: { insee: '92012', openedBy: 'ept', subject: 'Données', description: 'Restitution', openedOn: '2030-03-01' },
    expected: OPS_ONLY,
  },
  { message: m.disputes, method: 'GET', path: () => `${s}/disputes?insee=92012`, expected: TOWN_READ },
  { message: m.dispute, method: 'GET', path: () => `${s}/disputes/${ids.dispute}`, expected: TOWN_READ },
  {
    message: m.recordDisputeAnalysis,
    method: 'POST',
    path: () => `${s}/disputes/${ids.dispute}/analysis`,
    body: { analysis: 'Écart', analysedOn: '2030-03-10' },
    expected: OPS_ONLY,
  },
  {
    message: m.proposeDisputeSolution,
    method: 'POST',
    path: () => `${s}/disputes/${ids.dispute}/proposals`,
    body: { proposalId: 'p-1', proposal: 'Détail', proposedOn: '2030-03-10' },
    expected: OPS_ONLY,
  },
  {
    message: m.recordDisputeDecision,
    method: 'POST',
    path: () => `${s}/disputes/${ids.dispute}/decision`,
    body: { decision: 'Détail', decidedOn: '2030-03-10', proposalId: 'p-1' },
    expected: OPS_ONLY,
  },
  {
    message: m.recordDisputeAction,
    method: 'POST',
    path: () => `${s}/disputes/${ids.dispute}/actions`,
    body: { actionId: 'a-1', description: 'Rééditer', owner: 'DIGIT', dueOn: '2030-04-30' },
    expected: OPS_ONLY,
  },
  {
    message: m.completeDisputeAction,
    method: 'POST',
    path: () => `${s}/disputes/${ids.dispute}/actions/a-1/completion`,
    body: { completedOn: '2030-04-02' },
    expected: OPS_ONLY,
  },
  {
    message: m.settleDispute,
    method: 'POST',
    path: () => `${s}/disputes/${ids.dispute}/settlement`,
    body: { settledOn: '2030-04-05', summary: 'Réglé' },
    expected: OPS_ONLY,
  },
  {
    message: m.referDisputeToCourt,
    method: 'POST',
    path: () => `${s}/disputes/${ids.dispute}/court-referral`,
    body: { referredOn: '2030-11-01', referredBy: 'town', reason: 'Échec' },
    expected: OPS_ONLY,
  },
];

const CALLERS: readonly (readonly [string, TestCaller])[] = [
  ['ops', OPS],
  ['finance', { sub: 'finance.gpso', roles: ['finance'] }],
  ['auditor', { sub: 'auditor.crc', roles: ['auditor'] }],
  ['town-dsi', { sub: 'dsi.boulogne', roles: ['town-dsi'], insee: '92012' }],
  ['town-dpo', { sub: 'dpo.boulogne', roles: ['town-dpo'], insee: '92012' }],
  ['town-referent', BOULOGNE_REFERENT],
  ['town-dsi of another town', MARNES_DSI],
];

const CELLS = ROUTES.flatMap((route) =>
  CALLERS.map(([who, caller], index) => ({ route, who, caller, allowed: route.expected[index] === 'yes' })),
);

describe('support: every role on every route (R-SEC-2)', () => {
  it('every support message is in this table, served with the message’s own policy (deny by default)', () => {
    const withRoutes = (Object.values(supportMessages) as AnyMessage[]).filter((message) => message.http);
    expect(withRoutes).toHaveLength(Object.values(supportMessages).length);
    expect(ROUTES.map((route) => route.message.subject).sort()).toEqual(withRoutes.map((message) => message.subject).sort());
    const routes = routeTable(system.gateway.app);
    for (const message of withRoutes) {
      const route = routes.find((candidate) => candidate.method === message.http!.method && candidate.path === message.http!.path);
      expect(route?.policy).toEqual(message.policy);
    }
  });

  it.each(
    CELLS.map(
      (cell) => [`${cell.route.method} ${cell.route.message.http!.path}`, cell.who, cell.allowed ? 'passes' : 'gets 403', cell] as const,
    ),
  )('%s: %s %s', async (_route, _who, _verdict, { route, caller, allowed }) => {
    const head = await system.infra.store.headPosition();
    const response = await send(route.path(), route.method, route.body, caller);
    if (allowed) {
      expect([401, 403]).not.toContain(response.status);
      return;
    }
    expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([403, 'forbidden']);
    // R-SEC-2: nothing is stored for a refused call.
    expect(await system.infra.store.headPosition()).toBe(head);
  });
});

describe('a town’s people see only what is theirs (R-SEC-2)', () => {
  const listed = async (path: string, as: TestCaller) =>
    (await (await send(path, 'GET', undefined, as)).json()) as { insee: string | null }[];

  it('R-SEC-2: a town’s ticket and project lists are narrowed to its town', async () => {
    expect(new Set((await listed(`${s}/tickets`, BOULOGNE_REFERENT)).map((item) => item.insee))).toEqual(new Set(['92012']));
    expect(new Set((await listed(`${s}/tickets`, OPS)).map((item) => item.insee))).toEqual(new Set(['92012', '92040']));
    expect(new Set((await listed(`${s}/projects`, BOULOGNE_REFERENT)).map((item) => item.insee))).toEqual(new Set(['92012']));
    expect(await listed(`${s}/tickets`, MARNES_DSI)).toEqual([]);
  });

  it('R-SUP-6: a town sees its follow-up committees and the steering committee of all towns; another town only the steering one', async () => {
    expect(new Set((await listed(`${s}/committees`, BOULOGNE_REFERENT)).map((item) => item.insee))).toEqual(new Set(['92012', null]));
    expect((await listed(`${s}/committees`, MARNES_DSI)).every((item) => item.insee === null)).toBe(true);
  });

  it('R-SUP-4: a town whose convention is not in force receives no notice, and may not read one', async () => {
    expect(await listed(`${s}/maintenance`, MARNES_DSI)).toEqual([]);
    expect((await send(`${s}/maintenance/${ids.notice}`, 'GET', undefined, MARNES_DSI)).status).toBe(403);
  });

  it('R-SEC-1/R-SUP-3: a town posts its own request, received now and recorded as its person’s act; it cannot date it back', async () => {
    const head = await system.infra.store.headPosition();
    for (const backdated of [{ receivedAt: '2026-03-10T09:30:00+01:00' }, { channel: 'email' }]) {
      const refused = await send(`${s}/tickets`, 'POST', { ...ticket('92012'), ...backdated }, BOULOGNE_REFERENT);
      expect([refused.status, ((await refused.json()) as { error: string }).error]).toEqual([403, 'received_time_set_by_digit']);
    }
    expect(await system.infra.store.headPosition()).toBe(head);
    const id = await created(
      `${s}/tickets`,
      { need: 'Accès au SIG web', targetUsers: 'Urbanisme', context: 'Nouvel agent', deadline: '2030-12-31' },
      BOULOGNE_REFERENT,
    );
    const [received] = await system.infra.store.readStream(`request-${id}`);
    expect([received?.metadata.actor, (received?.data as { insee: string }).insee]).toEqual(['referent.boulogne', '92012']);
  });
});
