import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { toPublishedEvent, type StoredEvent } from '@digit/contracts';
import { startBillingService } from '../../../services/billing/src/billing.app.js';
import { startCalendarTransitions } from '../../../services/conventions/src/calendar-transitions.js';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startSupportService } from '../../../services/support/src/support.app.js';
import { startSystem, type SystemUnderTest } from './system-under-test.js';

/**
 * Billing's process steps across services: the annual reconciliation and its adjustments carried
 * into the next statement, committee charges published by the support service, and the
 * depreciation share recorded when the conventions' calendar makes a town's termination take effect.
 */
let system: SystemUnderTest;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
type Reply = { status: number; body: any };

/** Billing is GPSO finance's (R-SEC-4); the conventions' and support's routes are DIGIT ops' (the default caller). */
const FINANCE = { roles: ['finance'], sub: 'finance:c.martin' };
const callerOf = (path: string) => (path.startsWith('/api/v1/billing/') ? FINANCE : undefined);

const call = async (method: string, path: string, body?: unknown): Promise<Reply> => {
  const init = {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
  const response = await system.fetch(path, init, callerOf(path));
  return { status: response.status, body: await response.json() };
};

/** Polls until `done` holds (events travel asynchronously over NATS), for at most 10 s. */
const eventually = async (path: string, done: (reply: Reply) => boolean): Promise<Reply> => {
  let reply = await call('GET', path);
  for (let attempt = 0; attempt < 100 && !done(reply); attempt++) {
    await sleep(100);
    reply = await call('GET', path);
  }
  return reply;
};

const expectNothingStored = async (request: () => Promise<Reply>, status: number, error: string) => {
  const before = await system.infra.store.headPosition();
  const reply = await request();
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual({ error, message: expect.any(String), details: expect.any(Array) });
  expect(await system.infra.store.headPosition()).toBe(before);
};

const SEED_BUDGET = { sigOperationalCents: 13_700_000, payrollCents: 34_423_077, structureFlatCents: 6_300_000 };

beforeAll(async () => {
  system = await startSystem([startConventionsService, startSupportService, startBillingService]);
  expect((await call('PUT', '/api/v1/billing/budgets/2024', SEED_BUDGET)).status).toBe(200);
  // The seed's towns arrive in order: the last one's figures mean billing knows all eight conventions.
  expect((await eventually('/api/v1/billing/92077/2024', (reply) => reply.status === 200)).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await system.stop();
});

describe('the annual reconciliation (R-BIL-5)', () => {
  it('R-BIL-5: the comparison needs the compte administratif, closed after the year end', async () => {
    await expectNothingStored(() => call('POST', '/api/v1/billing/reconciliations/2024', {}), 404, 'actual_costs_missing');
    const early = { ...SEED_BUDGET, closedOn: '2024-12-31' };
    await expectNothingStored(() => call('PUT', '/api/v1/billing/actuals/2024', early), 400, 'invalid_actual_costs');
  });

  it('R-BIL-5: SIG costs 20 % over forecast open the "new forecast 2025" action and propose each town a regularisation, charged to none', async () => {
    const actual = { ...SEED_BUDGET, sigOperationalCents: 16_440_000, closedOn: '2025-06-30' };
    expect((await call('PUT', '/api/v1/billing/actuals/2024', actual)).status).toBe(200);
    const { status, body } = await call('POST', '/api/v1/billing/reconciliations/2024', { reconciledOn: '2025-07-01' });
    expect(status).toBe(201);
    expect(
      body.comparisons.map((c: { scope: string; deviationPercent: string; beyondThreshold: boolean }) => [
        c.scope,
        c.deviationPercent,
        c.beyondThreshold,
      ]),
    ).toEqual([
      ['sig', '20.00', true],
      ['personnel', '0.00', false],
      ['structure', '0.00', false],
      ['total', '4.91', false],
    ]);
    expect(body.newForecast).toMatchObject({ actionId: 'new-forecast-2025', forYear: 2025, reasons: ['sig'], status: 'open' });
    expect(body.adjustments).toHaveLength(8);
    expect(body.adjustments[0]).toEqual({
      insee: '92012',
      forecastShareCents: 3_296_500,
      actualShareCents: 3_307_460,
      adjustmentCents: 10_960,
    });
    expect(body.regularisations).toHaveLength(8);
    expect(body.regularisations[0]).toMatchObject({
      insee: '92012',
      proposalId: 'regularisation-2024',
      proposedCents: 10_960,
      status: 'proposed',
    });
    const charges = await call('GET', '/api/v1/billing/92012/charges');
    expect(charges.body).toMatchObject({ items: [], pendingCents: 0 });
    expect(charges.body.regularisations).toEqual([
      expect.objectContaining({ year: 2024, proposedCents: 10_960, status: 'proposed', decidedCents: null }),
    ]);
  });

  it('R-BIL-5: a proposal is no charge: the next mémoire does not carry it', async () => {
    const { body } = await call('POST', '/api/v1/billing/92040/2024/statements/2', {});
    expect(body.lines.map((line: { kind: string }) => line.kind)).toEqual(['pool-share', 'pool-share', 'pool-share']);
  });

  it("R-BIL-5, R-SUP-6: the town's follow-up committee accepts, amends or refuses its regularisation, once", async () => {
    const decide = (insee: string, decision: Record<string, unknown>) =>
      call('POST', `/api/v1/billing/reconciliations/2024/regularisations/${insee}/decision`, decision);
    const committee = { committeeDate: '2025-09-15', committeeReference: 'Compte rendu du comité de suivi du 15/09/2025' };
    await expectNothingStored(() => decide('92012', { ...committee, outcome: 'amended' }), 400, 'invalid_regularisation_decision');
    await expectNothingStored(() => decide('92012', { ...committee, outcome: 'postponed' }), 400, 'invalid_request');
    expect((await decide('92012', { ...committee, outcome: 'accepted' })).status).toBe(201);
    await expectNothingStored(() => decide('92012', { ...committee, outcome: 'refused' }), 409, 'regularisation_already_decided');
    await expectNothingStored(
      () => call('POST', '/api/v1/billing/reconciliations/2023/regularisations/92012/decision', { ...committee, outcome: 'accepted' }),
      404,
      'regularisation_not_found',
    );
    const amended = await decide('92022', {
      ...committee,
      outcome: 'amended',
      amountCents: 20_000,
      note: 'Moitié du complément, le reste absorbé par le forfait',
    });
    expect(amended.status).toBe(201);
    const refused = await decide('92075', { ...committee, outcome: 'refused' });
    expect(
      refused.body.regularisations.map((r: { insee: string; status: string; decidedCents: number | null }) => [
        r.insee,
        r.status,
        r.decidedCents,
      ]),
    ).toEqual([
      ['92012', 'accepted', 10_960],
      ['92022', 'amended', 20_000],
      ['92040', 'proposed', null],
      ['92047', 'proposed', null],
      ['92048', 'proposed', null],
      ['92072', 'proposed', null],
      ['92075', 'refused', 0],
      ['92077', 'proposed', null],
    ]);
    expect((await call('GET', '/api/v1/billing/92075/charges')).body.pendingCents).toBe(0);
    expect((await call('GET', '/api/v1/billing/92022/charges')).body.items).toEqual([
      expect.objectContaining({
        itemId: 'regularisation-2024',
        amountCents: 20_000,
        label: 'Régularisation 2024 décidée en comité de suivi du 15/09/2025 (montant amendé) : complément dû par la Ville',
        carriedInto: null,
      }),
    ]);
  });

  it('R-BIL-5: a year is compared once', async () => {
    await expectNothingStored(
      () => call('POST', '/api/v1/billing/reconciliations/2024', { reconciledOn: '2025-07-02' }),
      409,
      'already_reconciled',
    );
  });

  it('R-BIL-5: the decision on the new forecast closes the action, once', async () => {
    await expectNothingStored(
      () => call('POST', '/api/v1/billing/reconciliations/2024/decision', { decision: '  ' }),
      400,
      'invalid_request',
    );
    const decision = { decision: 'Budget SIG 2025 porté à 164 400 € (comité de pilotage du 15/09/2025)', decidedOn: '2025-09-15' };
    const { status, body } = await call('POST', '/api/v1/billing/reconciliations/2024/decision', decision);
    expect(status).toBe(201);
    expect(body.newForecast).toMatchObject({ status: 'closed', decidedOn: '2025-09-15', decision: decision.decision });
    await expectNothingStored(
      () => call('POST', '/api/v1/billing/reconciliations/2024/decision', decision),
      409,
      'new_forecast_already_decided',
    );
  });

  it("R-BIL-5: the decided regularisation is carried into the town's next statement, and only that one", async () => {
    const { status, body } = await call('POST', '/api/v1/billing/92012/2024/statements/2', {});
    expect(status).toBe(201);
    expect(body.lines.at(-1)).toMatchObject({
      lineNo: 4,
      kind: 'reconciliation-adjustment',
      itemId: 'regularisation-2024',
      amountCents: 10_960,
    });
    expect(body.totalCents).toBe(1_648_250 + 10_960);
    const charges = await call('GET', '/api/v1/billing/92012/charges');
    expect(charges.body).toMatchObject({ pendingCents: 0, items: [expect.objectContaining({ carriedInto: 'MEM-2024-92012-S2' })] });
    const next = await call('POST', '/api/v1/billing/92012/2024/statements/1', {});
    expect(next.body.lines.map((line: { kind: string }) => line.kind)).toEqual(['pool-share', 'pool-share', 'pool-share']);
  });
});

describe('complex-project charges approved by the follow-up committee (R-BIL-8)', () => {
  /** What the support service records when a follow-up committee approves a charge; its relay publishes it to billing. */
  const recordCharge = async (
    data: { committeeId: string; insee: string; approvedOn: string } & Record<string, unknown>,
  ): Promise<StoredEvent> => {
    const { committeeId, insee, approvedOn } = data;
    const { events } = await system.infra.store.append(`committee-${committeeId}`, 'no_stream', [
      { type: 'CommitteeScheduled', data: { committeeId, kind: 'follow-up', insee, date: approvedOn, exceptional: false } },
      { type: 'CommitteeChargeApproved', data },
    ]);
    return events[1]!;
  };
  /** The same stored event delivered once more, past JetStream's duplicate window (a redelivery). */
  const deliverAgain = (event: StoredEvent) =>
    system.infra.bus.js.publish(
      system.infra.bus.subject('digit.events.support.CommitteeChargeApproved'),
      JSON.stringify(toPublishedEvent(event)),
      { msgID: randomUUID() },
    );

  it("R-BIL-8: a charge the town's follow-up committee approves in the support service is added to the town's charges", async () => {
    const committee = await call('POST', '/api/v1/support/committees', { kind: 'follow-up', insee: '92048', date: '2024-04-10' });
    expect(committee.status).toBe(201);
    const id = committee.body.id as string;
    const held = await call('POST', `/api/v1/support/committees/${id}/meeting`, {
      heldOn: '2024-04-10',
      minutes: 'Bilan annuel ; arbitrage du connecteur voirie.',
    });
    expect(held.status).toBe(200);
    const decision = await call('POST', `/api/v1/support/committees/${id}/decisions`, {
      decisionId: 'connecteur',
      subject: 'Connecteur vers le logiciel de gestion de voirie de la ville',
      outcome: 'approved',
      chargeCents: 120_000,
      poolingOutcome: 'Proposé aux autres villes au comité de pilotage : aucune intéressée',
    });
    expect(decision.status).toBe(201);
    const { body } = await eventually('/api/v1/billing/92048/charges', (reply) =>
      reply.body.items.some((item: { kind: string }) => item.kind === 'complex-project-charge'),
    );
    expect(body.items.find((item: { kind: string }) => item.kind === 'complex-project-charge')).toMatchObject({
      itemId: `complex-project-${id}-connecteur`,
      amountCents: 120_000,
      label: 'Projet complexe « Connecteur vers le logiciel de gestion de voirie de la ville », arbitré en comité de suivi du 10/04/2024',
      carriedInto: null,
    });
  });

  it('R-BIL-8: an approved charge is recorded once, even delivered twice, and carried into the next statement', async () => {
    const approved = {
      committeeId: 'suivi-92022-2024',
      decisionId: 'd1',
      insee: '92022',
      amountCents: 150_000,
      subject: 'Développement spécifique du tableau de bord voirie',
      poolingOutcome: 'Aucune autre ville intéressée (comité de pilotage du 05/02/2024)',
      approvedOn: '2024-03-12',
    };
    await deliverAgain(await recordCharge(approved));
    await recordCharge({ ...approved, committeeId: 'suivi-75056', insee: '75056' });
    const rejections = await eventually('/api/v1/billing/rejections', (reply) => reply.body.length > 0);
    expect(rejections.body).toEqual([expect.objectContaining({ source: 'committee:CommitteeChargeApproved', code: 'unknown_town' })]);

    const charges = await call('GET', '/api/v1/billing/92022/charges');
    expect(charges.body.items.filter((item: { kind: string }) => item.kind === 'complex-project-charge')).toEqual([
      expect.objectContaining({ itemId: 'complex-project-suivi-92022-2024-d1', amountCents: 150_000, carriedInto: null }),
    ]);
    const { body } = await call('POST', '/api/v1/billing/92022/2024/statements/1', {});
    expect(body.lines.at(-1)).toMatchObject({
      kind: 'complex-project-charge',
      itemId: 'complex-project-suivi-92022-2024-d1',
      amountCents: 150_000,
    });
    expect(body.totalCents).toBe(body.lines.reduce((sum: number, line: { amountCents: number }) => sum + line.amountCents, 0));
    expect(body.demoData).toBe(true);
  });

  it('R-BIL-8: two statements of the same town issued at the same time carry a pending charge once', async () => {
    const approved = {
      committeeId: 'suivi-92075-2024',
      decisionId: 'd7',
      insee: '92075',
      amountCents: 80_000,
      subject: 'Paramétrage spécifique de la carte des espaces verts',
      poolingOutcome: 'Recherche de mutualisation sans suite',
      approvedOn: '2024-05-21',
    };
    await recordCharge(approved);
    await eventually('/api/v1/billing/92075/charges', (reply) =>
      reply.body.items.some((item: { kind: string }) => item.kind === 'complex-project-charge'),
    );
    const issued = await Promise.all([1, 2].map((half) => call('POST', `/api/v1/billing/92075/2024/statements/${half}`, {})));
    expect(issued.map((reply) => reply.status)).toEqual([201, 201]);
    // Vanves's 2024 regularisation was refused by its committee: only the charge is carried.
    const carried = issued.flatMap((reply) =>
      reply.body.lines
        .filter((line: { kind: string }) => line.kind !== 'pool-share')
        .map((line: { itemId: string }) => [line.itemId, reply.body.number]),
    );
    const charges = await call('GET', '/api/v1/billing/92075/charges');
    expect(charges.body.pendingCents).toBe(0);
    expect(carried.sort()).toEqual(
      charges.body.items.map((item: { itemId: string; carriedInto: string }) => [item.itemId, item.carriedInto]).sort(),
    );
  });
});

describe('depreciation share on early termination by the town (R-BIL-7, R-CON-6)', () => {
  const investments = [
    { assetId: 'srv-2024', asset: 'Serveur SIG web', costCents: 2_400_000, startYear: 2024, depreciationYears: 4 },
    { assetId: 'lic-2025', asset: 'Licences ArcGIS Enterprise', costCents: 1_000_000, startYear: 2025, depreciationYears: 5 },
    { assetId: 'old-2020', asset: 'Serveur antérieur à la convention', costCents: 3_000_000, startYear: 2020, depreciationYears: 10 },
  ];

  it('R-BIL-7: the investment register records each line once and refuses bad ones', async () => {
    for (const investment of investments) expect((await call('POST', '/api/v1/billing/investments', investment)).status).toBe(201);
    await expectNothingStored(
      () => call('POST', '/api/v1/billing/investments', { ...investments[0], assetId: 'x', costCents: -5 }),
      400,
      'invalid_request',
    );
    await expectNothingStored(
      () => call('POST', '/api/v1/billing/investments', { ...investments[0], costCents: 2_500_000 }),
      409,
      'investment_already_registered',
    );
    expect((await call('GET', '/api/v1/billing/investments')).body.investments).toHaveLength(3);
  });

  it('R-BIL-7: when the termination takes effect, the town owes 7.7 % of what is not yet depreciated', async () => {
    const notice = await call('POST', '/api/v1/conventions/92012/terminations', { requestedBy: 'town', noticeDate: '2025-03-15' });
    expect(notice.body.effectiveDate).toBe('2025-06-15');
    // The conventions' calendar records TerminationTookEffect on its next run.
    await startCalendarTransitions(system.infra).stop();
    const { body } = await eventually('/api/v1/billing/92012/charges', (reply) =>
      reply.body.items.some((item: { kind: string }) => item.kind === 'depreciation-share'),
    );
    // Server: 2 400 000 − 2 400 000 × (1 + 165/365) / 4 = 1 528 767,12 cents left, × 0.077 = 117 715;
    // licences: 1 000 000 − 1 000 000 × (165/365) / 5 = 909 589,04, × 0.077 = 70 038; the 2020 server predates the convention.
    expect(body.items.at(-1)).toMatchObject({
      itemId: 'depreciation-2025-06-15',
      kind: 'depreciation-share',
      amountCents: 117_715 + 70_038,
      carriedInto: null,
    });
  });
});

describe("a change of the share put at the town's disposal (R-BIL-5, art. 6.4)", () => {
  it('R-BIL-5: an amendment of the resources share opens a "new rate 2026" action, closed by the parties\' decision', async () => {
    const amendment = { signedOn: '2025-03-10', effectiveFrom: '2025-04-01', changes: { resourcesShare: '0.06' } };
    expect((await call('POST', '/api/v1/conventions/92072/amendments', amendment)).status).toBe(201);
    const { body } = await eventually('/api/v1/billing/92072/rate-reviews', (reply) => reply.body.actions.length > 0);
    expect(body.actions).toEqual([
      expect.objectContaining({
        actionId: 'new-rate-2026-avenant-1',
        forYear: 2026,
        amendmentNumber: 1,
        changes: ['resourcesShare'],
        status: 'open',
      }),
    ]);
    const path = '/api/v1/billing/92072/rate-reviews/new-rate-2026-avenant-1/decision';
    await expectNothingStored(() => call('POST', path, { decision: ' ' }), 400, 'invalid_request');
    await expectNothingStored(
      () => call('POST', '/api/v1/billing/92072/rate-reviews/new-rate-2030-avenant-9/decision', { decision: 'x' }),
      404,
      'new_rate_action_not_found',
    );
    const decision = { decision: 'Taux de mise à disposition 2026 fixé à 6 % (comité de suivi du 15/09/2025)', decidedOn: '2025-09-15' };
    const decided = await call('POST', path, decision);
    expect(decided.status).toBe(201);
    expect(decided.body.actions[0]).toMatchObject({ status: 'closed', decidedOn: '2025-09-15', decision: decision.decision });
    await expectNothingStored(() => call('POST', path, decision), 409, 'new_rate_already_decided');
  });
});
