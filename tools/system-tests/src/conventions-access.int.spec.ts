import { conventionsMessages, serviceCaller, type AnyMessage } from '@digit/contracts';
import { sendMessage } from '@digit/messaging';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { routeTable } from '../../../services/gateway/src/edge/route-table.js';
import { startSystem, type SystemUnderTest, type TestCaller } from './system-under-test.js';

/**
 * Who may call what on the conventions routes (R-SEC-2, R-SEC-4, README "Who may call what"):
 * every role on every route, a town's référent on another town's convention, and nothing stored
 * when a command is refused. The expectations are written out here, not read from the policies,
 * so a policy changed by mistake fails this test.
 */
let system: SystemUnderTest;
beforeAll(async () => {
  system = await startSystem([(infra) => startConventionsService(infra, { siretByInsee: {} })]);
});
afterAll(() => system.stop());

const send = (path: string, method: string, body: unknown, as: TestCaller) =>
  system.fetch(
    path,
    { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) },
    as,
  );

type Cell = 'yes' | 'no';
/** ops, finance, auditor, town-dsi, town-dpo, town-referent of Sèvres, then Issy's référent on Sèvres' convention. */
type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell];

interface Route {
  readonly message: AnyMessage;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly expected: Row;
}

const m = conventionsMessages;
const SEVRES = '/api/v1/conventions/92072';
const EVERYONE: Row = ['yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'];
const DIGIT_OPS_ONLY: Row = ['yes', 'no', 'no', 'no', 'no', 'no', 'no'];
/** Made-up people: test data. */
const person = (personId: string) => ({ personId, name: 'Camille Martin', email: 'camille.martin@example.org' });

const ROUTES: readonly Route[] = [
  // A town's people listing the towns or the alerts get their own town (narrowed, never refused: see below).
  { message: m.towns, method: 'GET', path: '/api/v1/towns', expected: EVERYONE },
  { message: m.alerts, method: 'GET', path: '/api/v1/conventions/alerts', expected: EVERYONE },
  { message: m.convention, method: 'GET', path: SEVRES, expected: ['yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'no'] },
  { message: m.deliberationsScdl, method: 'GET', path: '/api/v1/open-data/deliberations.csv', expected: EVERYONE },
  {
    message: m.draftConvention,
    method: 'POST',
    path: `${SEVRES}/drafts`,
    body: {
      draftedOn: '2021-10-01',
      plannedEntryIntoForce: '2022-01-01',
      tacitRenewals: 4,
      sizing: { sigOption: 2, resourcesShare: '0.05', structureShare: '0.05' },
    },
    expected: DIGIT_OPS_ONLY,
  },
  {
    message: m.recordDeliberation,
    method: 'POST',
    path: `${SEVRES}/deliberations`,
    body: {
      assembly: 'ept',
      purpose: 'express_renewal',
      councilDate: '2026-10-08',
      subject: 'Renouvellement exprès de la convention',
      votes: { for: 60, against: 0, abstentions: 0 },
      transmission: { number: '092-200057966-20261008-R1-DE', date: '2026-10-12' },
    },
    expected: DIGIT_OPS_ONLY,
  },
  {
    message: m.signConvention,
    method: 'POST',
    path: `${SEVRES}/signatures`,
    body: { party: 'town', signedOn: '2021-12-20' },
    expected: DIGIT_OPS_ONLY,
  },
  {
    message: m.recordEntryIntoForce,
    method: 'POST',
    path: `${SEVRES}/entry-into-force`,
    body: { on: '2022-01-01' },
    expected: DIGIT_OPS_ONLY,
  },
  {
    message: m.amendConvention,
    method: 'POST',
    path: `${SEVRES}/amendments`,
    body: { signedOn: '2025-01-10', effectiveFrom: '2025-02-01', changes: { sigOption: 3 } },
    expected: DIGIT_OPS_ONLY,
  },
  {
    message: m.assignContact,
    method: 'POST',
    path: `${SEVRES}/contacts`,
    body: { role: 'gis', person: person('p-sevres-gis'), from: '2024-03-01' },
    expected: ['yes', 'no', 'no', 'no', 'no', 'yes', 'no'],
  },
  {
    message: m.releaseContact,
    method: 'POST',
    path: `${SEVRES}/contact-releases`,
    body: { role: 'gis', personId: 'p-sevres-gis', releasedOn: '2024-09-01' },
    expected: ['yes', 'no', 'no', 'no', 'no', 'yes', 'no'],
  },
  {
    message: m.giveTerminationNotice,
    method: 'POST',
    path: `${SEVRES}/terminations`,
    body: { requestedBy: 'ept', noticeDate: '2025-03-15' },
    expected: DIGIT_OPS_ONLY,
  },
  {
    message: m.terminateByMutualAgreement,
    method: 'POST',
    path: `${SEVRES}/mutual-terminations`,
    body: { agreedOn: '2025-04-01', effectiveDate: '2025-05-01' },
    expected: DIGIT_OPS_ONLY,
  },
  {
    message: m.renewExpressly,
    method: 'POST',
    path: `${SEVRES}/express-renewals`,
    body: { decidedOn: '2026-10-20', startsOn: '2027-01-01', tacitRenewals: 3 },
    expected: DIGIT_OPS_ONLY,
  },
  {
    message: m.markDataReturned,
    method: 'POST',
    path: `${SEVRES}/data-returns`,
    body: { doneOn: '2025-07-01', note: 'Export remis au DSI' },
    expected: DIGIT_OPS_ONLY,
  },
  {
    message: m.recordOpenDataDomain,
    method: 'POST',
    path: `${SEVRES}/open-data-domains`,
    body: { variant: 'town_subdomain', domain: 'sevres.data.seineouest.fr', from: '2024-01-01' },
    expected: DIGIT_OPS_ONLY,
  },
  {
    message: m.recordSigUsage,
    method: 'POST',
    path: `${SEVRES}/sig-usage`,
    body: { measuredOn: '2024-06-01', users: 9, editLicences: 2 },
    expected: DIGIT_OPS_ONLY,
  },
];

const CALLERS: readonly (readonly [string, TestCaller])[] = [
  ['ops', { sub: 'ops.digit', roles: ['ops'] }],
  ['finance', { sub: 'finance.gpso', roles: ['finance'] }],
  ['auditor', { sub: 'auditor.crc', roles: ['auditor'] }],
  ['town-dsi', { sub: 'dsi.sevres', roles: ['town-dsi'], insee: '92072' }],
  ['town-dpo', { sub: 'dpo.sevres', roles: ['town-dpo'], insee: '92072' }],
  ['town-referent', { sub: 'referent.sevres', roles: ['town-referent'], insee: '92072' }],
  ['town-referent of another town', { sub: 'referent.issy', roles: ['town-referent'], insee: '92040' }],
];

const CELLS = ROUTES.flatMap((route) =>
  CALLERS.map(([who, caller], index) => ({ route, who, caller, allowed: route.expected[index] === 'yes' })),
);

describe('conventions: every role on every route (R-SEC-2, R-SEC-4)', () => {
  it('every conventions message with a route is in this table, served with the message’s own policy (deny by default)', () => {
    const withRoutes = (Object.values(conventionsMessages) as AnyMessage[]).filter((message) => message.http);
    expect(ROUTES.map((route) => route.message.subject).sort()).toEqual(withRoutes.map((message) => message.subject).sort());
    const routes = routeTable(system.gateway.app);
    for (const message of withRoutes) {
      const route = routes.find((candidate) => candidate.method === message.http!.method && candidate.path === message.http!.path);
      expect(route?.policy).toEqual(message.policy);
    }
  });

  it.each(CELLS.map((cell) => [`${cell.route.method} ${cell.route.path}`, cell.who, cell.allowed ? 'passes' : 'gets 403', cell] as const))(
    '%s: %s %s',
    async (_route, _who, _verdict, { route, caller, allowed }) => {
      const head = await system.infra.store.headPosition();
      const response = await send(route.path, route.method, route.body, caller);
      if (allowed) {
        // Valid bodies: an allowed call reaches the decider (recorded, or refused by a rule: 409).
        expect([400, 401, 403]).not.toContain(response.status);
        return;
      }
      expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([403, 'forbidden']);
      // R-SEC-2: nothing is stored for a refused call.
      expect(await system.infra.store.headPosition()).toBe(head);
    },
  );
});

describe('a town’s people see their own town (R-SEC-2)', () => {
  it('R-SEC-2: a town’s référent listing the towns or the alerts gets its own town only', async () => {
    const referent: TestCaller = { sub: 'referent.issy', roles: ['town-referent'], insee: '92040' };
    const towns = (await (await send('/api/v1/towns', 'GET', undefined, referent)).json()) as { insee: string }[];
    expect(towns.map((town) => town.insee)).toEqual(['92040']);
    await send(
      '/api/v1/conventions/92040/sig-usage',
      'POST',
      { measuredOn: '2025-05-02', users: 64, editLicences: 8 },
      { sub: 'ops.digit', roles: ['ops'] },
    );
    await send(
      '/api/v1/conventions/92075/sig-usage',
      'POST',
      { measuredOn: '2025-05-02', users: 64, editLicences: 8 },
      { sub: 'ops.digit', roles: ['ops'] },
    );
    const alertsOf = async (as: TestCaller) =>
      (
        (await (await send('/api/v1/conventions/alerts?asOf=2025-06-01', 'GET', undefined, as)).json()) as { alerts: { insee: string }[] }
      ).alerts.map((alert) => alert.insee);
    expect(await alertsOf(referent)).toEqual(['92040']);
    // Sèvres' termination, recorded by the table above, is an alert too (R-CON-4).
    expect([...new Set(await alertsOf({ sub: 'auditor.crc', roles: ['auditor'] }))].sort()).toEqual(['92040', '92072', '92075']);
  });

  it('R-SEC-1, R-CON-8: a contact the town’s référent names is recorded with the référent as its actor', async () => {
    const referent: TestCaller = { sub: 'referent.vanves', roles: ['town-referent'], insee: '92075' };
    const response = await send(
      '/api/v1/conventions/92075/contacts',
      'POST',
      { role: 'open_data', person: person('p-vanves-od'), from: '2024-03-01' },
      referent,
    );
    expect(response.status).toBe(201);
    const [recorded] = ((await response.json()) as { recorded: { eventId: string }[] }).recorded;
    const events = await system.infra.store.readStream('convention-92075');
    expect(events.find((event) => event.eventId === recorded!.eventId)?.metadata.actor).toBe('referent.vanves');
  });

  it('R-SEC-2: a DIGIT service reads conventions over NATS but records nothing', async () => {
    const support = serviceCaller('support');
    expect(await sendMessage(system.infra.bus, conventionsMessages.towns, {}, support)).toMatchObject({ ok: true });
    const head = await system.infra.store.headPosition();
    const assigned = await sendMessage(
      system.infra.bus,
      conventionsMessages.assignContact,
      { insee: '92072', role: 'dsi', person: person('p-x'), from: '2024-03-01' },
      support,
    );
    expect(assigned).toMatchObject({ ok: false, status: 403, error: { error: 'forbidden' } });
    expect(await system.infra.store.headPosition()).toBe(head);
  });
});
