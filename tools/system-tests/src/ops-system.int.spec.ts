import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { DeadLetterReplayView, DeadLettersPageView, FollowerStatusView, SystemStatusView } from '@digit/contracts';
import { DEAD_LETTERS_STREAM, deadLetterSubject, type DeadLetter } from '@digit/messaging';
import type { TestTokenClaims } from '@digit/testing';
import { startBillingService } from '../../../services/billing/src/billing.app.js';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startSupportService } from '../../../services/support/src/support.app.js';
import { startSystem, type RunningService, type SystemUnderTest, type TestCaller } from './system-under-test.js';

/**
 * The "Système" page's data on a real running system (issue 13): the followers' lag against the
 * store's head, JetStream's streams and consumers, the dead letters and each service's health; and
 * the replay of a real dead letter (billing failing on a conventions event), applied once.
 */
let system: SystemUnderTest;
let support: RunningService | undefined;

const ROLES = {
  ops: { sub: 'ops.digit', roles: ['ops'] },
  finance: { sub: 'finance.gpso', roles: ['finance'] },
  auditor: { sub: 'auditor.crc', roles: ['auditor'] },
  'town-dsi': { sub: 'dsi.boulogne', roles: ['town-dsi'], insee: '92012' },
  'town-dpo': { sub: 'dpo.boulogne', roles: ['town-dpo'], insee: '92012' },
  'town-referent': { sub: 'referent.boulogne', roles: ['town-referent'], insee: '92012' },
} as const satisfies Record<string, TestTokenClaims>;
type RoleName = keyof typeof ROLES;
const OPS = ROLES.ops;
const BILLING_CONSUMER = 'billing-digit-events-conventions-all';

const send = (path: string, method: string, body?: unknown, as: TestCaller = OPS) =>
  system.fetch(
    path,
    {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
    as,
  );
const json = async <T>(path: string, as: TestCaller = OPS): Promise<T> => {
  const response = await send(path, 'GET', undefined, as);
  expect({ path, status: response.status }).toEqual({ path, status: 200 });
  return (await response.json()) as T;
};
const until = async <T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> => {
  for (const deadline = Date.now() + timeoutMs; ;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs} ms (${JSON.stringify(value).slice(0, 500)})`);
    await sleep(100);
  }
};
const follower = (status: SystemStatusView, name: string): FollowerStatusView | undefined =>
  status.followers?.find((candidate) => candidate.name === name);
const billingTable = (name: string) => sql.table(`${system.infra.schema('billing')}.${name}`);
const rateReviews = async () => (await json<{ actions: { actionId: string }[] }>('/api/v1/billing/92012/rate-reviews')).actions;

beforeAll(async () => {
  system = await startSystem([
    startConventionsService,
    startBillingService,
    async (infra) => {
      const started = await startSupportService(infra);
      support = started;
      return { stop: () => support?.stop() ?? Promise.resolve() };
    },
  ]);
  // Billing has received every town's convention once none of its alerts says it is still receiving them.
  await until(
    'billing caught up',
    () => json<{ alerts: { kind: string }[] }>('/api/v1/billing/alerts?asOf=2026-12-07'),
    ({ alerts }) => !alerts.some((alert) => alert.kind === 'statement-status-unknown'),
  );
}, 60_000);
afterAll(() => system.stop());

describe('ops routes: every role (R-SEC-2)', () => {
  const READERS: RoleName[] = ['ops', 'auditor'];
  const cells = [
    ...(Object.keys(ROLES) as RoleName[]).map((role) => ['GET /api/v1/ops/system', role, READERS.includes(role) ? 200 : 403] as const),
    ...(Object.keys(ROLES) as RoleName[]).map(
      (role) => ['GET /api/v1/ops/dead-letters', role, READERS.includes(role) ? 200 : 403] as const,
    ),
    // Only DIGIT ops replay: ops reaches the route (404: no such letter), every other role is refused.
    ...(Object.keys(ROLES) as RoleName[]).map(
      (role) => ['POST /api/v1/ops/dead-letters/999999/replay', role, role === 'ops' ? 404 : 403] as const,
    ),
  ];
  it.each(cells)('%s as %s → %i', async (route, role, expected) => {
    const [method, path] = route.split(' ') as [string, string];
    const head = await system.infra.store.headPosition();
    const response = await send(path, method, method === 'POST' ? {} : undefined, ROLES[role]);
    expect(response.status).toBe(expected);
    if (expected === 403) expect(await response.json()).toMatchObject({ error: 'forbidden' });
    // R-SEC-2: nothing is stored for a refused call.
    expect(await system.infra.store.headPosition()).toBe(head);
  });

  it('R-SEC-1: anonymous callers get 401', async () => {
    expect((await send('/api/v1/ops/system', 'GET', undefined, 'anonymous')).status).toBe(401);
    expect((await send('/api/v1/ops/dead-letters/1/replay', 'POST', {}, 'anonymous')).status).toBe(401);
  });
});

describe('the system’s state (issue 13, "Système")', () => {
  it('reads the store, its followers, JetStream and each service’s health', async () => {
    const status = await json<SystemStatusView>('/api/v1/ops/system', ROLES.auditor);
    expect(Number(status.store!.headPosition)).toBeGreaterThan(0);
    expect(status.store!.events).toBeGreaterThan(0);
    expect(status.store!.bytes).toBeGreaterThan(0);
    expect(status.followers!.map((entry) => entry.name)).toEqual(
      expect.arrayContaining([
        'conventions:convention_states',
        'relay:conventions',
        'billing:streams',
        'support:read_models',
        'relay:support',
      ]),
    );
    expect(follower(status, 'relay:billing')).toMatchObject({ service: 'billing', kind: 'relay' });
    const events = status.streams!.find((stream) => stream.name === 'DIGIT_EVENTS')!;
    expect(events.messages).toBeGreaterThan(0);
    expect(events.consumers.map((consumer) => consumer.name)).toContain(BILLING_CONSUMER);
    expect(status.services).toEqual(
      expect.arrayContaining([
        { name: 'conventions', status: 'ok' },
        { name: 'privacy', status: 'unavailable' },
      ]),
    );
    expect(status.status).toBe('degraded');
    expect(status.problems).toEqual(['Service(s) sans réponse : data-exchange, privacy.']);
  });

  it('shows the lag of a stopped projection and relay after events are appended, and its end once restarted', async () => {
    await support!.stop();
    support = undefined;
    await system.infra.store.append(
      'lag-probe-1',
      'no_stream',
      [1, 2, 3].map((n) => ({ type: 'LagProbed', data: { n } })),
      { metadata: { actor: 'test' } },
    );
    const lagging = await until(
      'running followers past the probe',
      () => json<SystemStatusView>('/api/v1/ops/system'),
      (status) => follower(status, 'conventions:convention_states')?.behind === 0 && follower(status, 'relay:billing')?.behind === 0,
    );
    for (const name of ['support:read_models', 'relay:support']) {
      const stopped = follower(lagging, name)!;
      expect(stopped.behind).toBeGreaterThanOrEqual(3);
      expect(stopped.pendingSince).not.toBeNull();
      expect(stopped.lagSeconds).toBeGreaterThanOrEqual(0);
    }
    expect(lagging.services).toContainEqual({ name: 'support', status: 'unavailable' });
    const restarted = await startSupportService(system.infra);
    support = restarted;
    const caughtUp = await until(
      'support caught up',
      () => json<SystemStatusView>('/api/v1/ops/system'),
      (status) => follower(status, 'support:read_models')?.behind === 0,
    );
    expect(follower(caughtUp, 'support:read_models')).toMatchObject({ pendingSince: null, lagSeconds: 0 });
  }, 60_000);
});

describe('a real dead letter and its replay (R-SEC-5, issue 13)', () => {
  let letterSeq = '';
  let amendmentId = '';

  it('billing failing on a conventions event five times makes it a dead letter, with its reason', async () => {
    await sql`alter table ${billingTable('processed_messages')} rename to processed_messages_paused`.execute(system.infra.db);
    try {
      const amended = await send('/api/v1/conventions/92012/amendments', 'POST', {
        signedOn: '2026-03-10',
        effectiveFrom: '2026-04-01',
        changes: { resourcesShare: '0.08' },
      });
      expect(amended.status).toBe(201);
      amendmentId = ((await amended.json()) as { recorded: { eventId: string }[] }).recorded[0]!.eventId;
      // Any conventions event billing receives meanwhile (the calendar's renewals) fails too: the amendment's letter is the one followed.
      const page = await until(
        'a dead letter',
        () => json<DeadLettersPageView>('/api/v1/ops/dead-letters'),
        ({ deadLetters }) => deadLetters.some((letter) => letter.eventId === amendmentId),
        40_000,
      );
      const letter = page.deadLetters.find((candidate) => candidate.eventId === amendmentId)!;
      expect(letter).toMatchObject({
        consumer: BILLING_CONSUMER,
        subject: 'digit.events.conventions.ConventionAmended',
        eventId: amendmentId,
        eventType: 'ConventionAmended',
        deliveries: 5,
        // The handler's own error reaches the consumer (RethrowToMessageEdge), so ops read the cause.
        reason: expect.stringContaining('processed_messages" does not exist'),
        replayable: true,
        replay: null,
      });
      letterSeq = letter.seq;
      const status = await json<SystemStatusView>('/api/v1/ops/system');
      expect(status.deadLetters).toMatchObject({ count: page.deadLetters.length, latest: { seq: page.deadLetters[0]!.seq } });
    } finally {
      await sql`alter table ${billingTable('processed_messages_paused')} rename to processed_messages`.execute(system.infra.db);
    }
    expect(await rateReviews()).toEqual([]);
  }, 60_000);

  it('R-SEC-4 (as a privileged act): only DIGIT ops replay it; a refusal stores and publishes nothing', async () => {
    const head = await system.infra.store.headPosition();
    for (const role of ['finance', 'auditor', 'town-referent'] as const) {
      expect((await send(`/api/v1/ops/dead-letters/${letterSeq}/replay`, 'POST', {}, ROLES[role])).status).toBe(403);
    }
    expect(await system.infra.store.headPosition()).toBe(head);
    expect(await rateReviews()).toEqual([]);
  });

  it('the replay republishes the stored event for the consumer, which applies it once; it is recorded with its actor', async () => {
    const response = await send(`/api/v1/ops/dead-letters/${letterSeq}/replay`, 'POST', {});
    expect(response.status).toBe(200);
    const replay = (await response.json()) as DeadLetterReplayView;
    expect(replay).toMatchObject({
      seq: letterSeq,
      consumer: BILLING_CONSUMER,
      eventId: amendmentId,
      replayedBy: 'ops.digit',
      alreadyReplayed: false,
    });
    const actions = await until('the new rate action', rateReviews, (found) => found.length > 0);
    expect(actions.map((action) => action.actionId)).toEqual(['new-rate-2027-avenant-1']);
    const [recorded] = await system.infra.store.readStream(replay.publishedAs);
    expect(recorded).toMatchObject({
      type: 'DeadLetterReplayed',
      metadata: expect.objectContaining({ actor: 'ops.digit' }),
      data: expect.objectContaining({ eventId: amendmentId, deadLetterSeq: Number(letterSeq) }),
    });

    // Again: the replay already made is answered; nothing is published or stored twice.
    const head = await system.infra.store.headPosition();
    const again = (await (await send(`/api/v1/ops/dead-letters/${letterSeq}/replay`, 'POST', {})).json()) as DeadLetterReplayView;
    expect(again).toEqual({ ...replay, alreadyReplayed: true });
    await sleep(1500);
    expect(await system.infra.store.headPosition()).toBe(head);
    expect((await system.infra.store.readStream('rate-review-92012')).filter((event) => event.type === 'NewRateRequired')).toHaveLength(1);
    const processed = await sql<{
      count: string;
    }>`select count(*) as count from ${billingTable('processed_messages')} where message_id = ${amendmentId}`.execute(system.infra.db);
    expect(processed.rows[0]!.count).toBe('1');
    const { deadLetters } = await json<DeadLettersPageView>('/api/v1/ops/dead-letters', ROLES.auditor);
    expect(deadLetters.find((letter) => letter.seq === letterSeq)?.replay).toEqual({
      replayedAt: replay.replayedAt,
      replayedBy: 'ops.digit',
      publishedAs: replay.publishedAs,
    });
  }, 60_000);

  /** A letter put straight on the dead letters' stream, as a forger with access to it would. */
  const forge = async (letter: Partial<DeadLetter>): Promise<string> => {
    const body: DeadLetter = {
      consumer: 'billing-forged',
      subject: 'digit.events.conventions.ConventionAmended',
      messageId: `forged-${letter.messageId ?? Math.random()}`,
      deliveries: 5,
      reason: 'x',
      failedAt: new Date().toISOString(),
      body: '{}',
      ...letter,
    };
    const ack = await system.infra.bus.js.publish(system.infra.bus.subject(deadLetterSubject(body.consumer)), JSON.stringify(body));
    return String(ack.seq);
  };

  it.each([
    [
      'an event the store does not hold',
      { messageId: 'a', body: JSON.stringify({ eventId: '00000000-0000-4000-8000-000000000000', hash: 'f'.repeat(64), position: '1' }) },
    ],
    ['a real event id with another hash', { messageId: 'b', body: JSON.stringify({ eventId: 'x', hash: '0'.repeat(64), position: '1' }) }],
    ['a message that is not a domain event', { messageId: 'c', subject: 'digit.towns.92012.voirie.orders', body: '{"orderId":"o-1"}' }],
  ])('a forged or foreign letter (%s) is never replayed: 409, nothing published or stored', async (_label, letter) => {
    const seq = await forge(letter);
    const head = await system.infra.store.headPosition();
    const events = await system.infra.bus.jsm.streams.info(system.infra.bus.streamName('DIGIT_EVENTS'));
    const response = await send(`/api/v1/ops/dead-letters/${seq}/replay`, 'POST', {});
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      error: 'dead_letter_not_replayable',
      message: expect.stringMatching(/n’est pas rejoué|seuls les événements du domaine/),
    });
    expect(await system.infra.store.headPosition()).toBe(head);
    expect((await system.infra.bus.jsm.streams.info(system.infra.bus.streamName('DIGIT_EVENTS'))).state.last_seq).toBe(
      events.state.last_seq,
    );
  });

  it('CONTRACT v1.1: the dead letters come in pages, the newest first, each once', async () => {
    const { state } = await system.infra.bus.jsm.streams.info(system.infra.bus.streamName(DEAD_LETTERS_STREAM));
    const seen: string[] = [];
    let path = '/api/v1/ops/dead-letters?limit=1';
    for (;;) {
      const page = await json<DeadLettersPageView>(path);
      seen.push(...page.deadLetters.map((letter) => letter.seq));
      if (!page.next) break;
      path = `/api/v1/ops/dead-letters?limit=1&after=${page.next}`;
    }
    expect(seen).toEqual(Array.from({ length: state.messages }, (_, index) => String(state.last_seq - index)));
    for (const bad of ['?limit=0', '?limit=1001', '?after=abc', '?before=3'])
      expect((await send(`/api/v1/ops/dead-letters${bad}`, 'GET')).status).toBe(400);
  });
});
