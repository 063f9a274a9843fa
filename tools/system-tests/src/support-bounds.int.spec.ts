import { headers as natsHeaders } from '@nats-io/transport-node';
import { CALLER_HEADER, encodeCaller, supportMessages, type Caller } from '@digit/contracts';
import { sendMessage, type MessageReply } from '@digit/messaging';
import { startSupportService } from '../../../services/support/src/support.app.js';
import { supportSettingsFromEnv } from '../../../services/support/src/support-settings.js';
import { startSystem, type SystemUnderTest, type TestCaller } from './system-under-test.js';

/**
 * Issue 18, as the attacker on the loopback saw it: 40 tickets of about 30 KB, then
 * `GET /api/v1/support/tickets`, made a reply over NATS's 1 MB `max_payload` that killed support;
 * 40,000-deep JSON on tickets answered 500. Now lists are served a page at a time under 1 MB and
 * every bad body is a 400 with nothing stored, support answering after each. The support service
 * runs alone here: the conventions service it asks is down.
 */
const OPS: TestCaller = { sub: 'ops.digit', roles: ['ops'] };
const OPS_CALLER: Caller = { sub: 'ops.digit', roles: ['ops'] };
const NATS_MAX_PAYLOAD = 1024 * 1024;

let system: SystemUnderTest;
beforeAll(async () => {
  const settings = { ...supportSettingsFromEnv({}), deadlineCheckIntervalMs: 60_000, conventionsTimeoutMs: 500 };
  system = await startSystem([(infra) => startSupportService(infra, { settings })]);
}, 30_000);
afterAll(() => system.stop());

const post = (path: string, body: unknown) =>
  system.fetch(
    path,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) },
    OPS,
  );

/** A request of about 30 KB: need, target users and context at their limit of 10,000 characters each. */
const largeTicket = (index: number) => ({
  insee: '92012',
  need: `Besoin ${index} ${'n'.repeat(9_990)}`,
  targetUsers: `Cible ${index} ${'u'.repeat(9_990)}`,
  context: `Contexte ${index} ${'c'.repeat(9_980)}`,
  deadline: '2030-12-31',
});

const supportAnswers = async () => expect((await system.fetch('/api/v1/support/tickets?limit=1', {}, OPS)).status).toBe(200);

/** A refused body: the status, the error and its paths; nothing stored, support still answering. */
const refusedWithNothingStored = async (send: () => Promise<Response>) => {
  const head = await system.infra.store.headPosition();
  const response = await send();
  const body = (await response.json()) as { error: string; details: { path: string }[] };
  expect(await system.infra.store.headPosition()).toBe(head);
  await supportAnswers();
  return { status: response.status, error: body.error, paths: body.details.map((detail) => detail.path) };
};

describe('issue 18: large lists are served in pages; support keeps serving', () => {
  it('issue 18: 40 tickets of ~30 KB (1.2 MB) are served over pages each under 1 MB, none lost or repeated, over HTTP and over NATS', async () => {
    const sent: string[] = [];
    for (let index = 0; index < 40; index++) {
      const response = await post('/api/v1/support/tickets', largeTicket(index));
      expect(response.status).toBe(201);
      sent.push(((await response.json()) as { id: string }).id);
    }
    const served: string[] = [];
    let next: string | undefined = '/api/v1/support/tickets';
    let pages = 0;
    while (next) {
      const response: Response = await system.fetch(next, {}, OPS);
      const text = await response.text();
      expect(response.status).toBe(200);
      expect(Buffer.byteLength(text)).toBeLessThan(NATS_MAX_PAYLOAD);
      served.push(...(JSON.parse(text) as { id: string }[]).map((ticket) => ticket.id));
      next = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1];
      pages += 1;
    }
    expect(pages).toBeGreaterThan(1);
    expect(served).toEqual([...sent].reverse());
    // The service's own answer, as any NATS client gets it: a page, never a reply over max_payload.
    const reply = (await sendMessage(system.infra.bus, supportMessages.tickets, { limit: 1000 }, OPS_CALLER)) as MessageReply<{
      items: unknown[];
      next: string | null;
    }>;
    expect(reply.ok && reply.value.items.length < 40 && reply.value.next !== null).toBe(true);
    await supportAnswers();
  }, 60_000);
});

describe('issue 18: bad bodies are 400 with nothing stored; support keeps serving', () => {
  const deep = (depth: number) =>
    `{"insee":"92012","need":${'['.repeat(depth)}${']'.repeat(depth)},"targetUsers":"Voirie","context":"Réunion","deadline":"2030-12-31"}`;

  it('issue 18: 40,000-deep JSON on tickets is refused with 400 at the gateway', async () => {
    expect(await refusedWithNothingStored(() => post('/api/v1/support/tickets', deep(40_000)))).toEqual({
      status: 400,
      error: 'invalid_request',
      paths: [expect.stringMatching(/^need/)],
    });
  });

  it('issue 18: 40,000-deep JSON sent to the support service over NATS is refused with 400 by the service itself', async () => {
    const head = await system.infra.store.headPosition();
    const headers = natsHeaders();
    headers.set(CALLER_HEADER, encodeCaller(OPS_CALLER));
    const { bus } = system.infra;
    const msg = await bus.nc.request(bus.subject(supportMessages.receiveTicket.subject), deep(40_000), { timeout: 5_000, headers });
    const reply = msg.json<MessageReply<unknown>>();
    expect(reply.ok ? 200 : [reply.status, reply.error.error]).toEqual([400, 'invalid_request']);
    expect(await system.infra.store.headPosition()).toBe(head);
    await supportAnswers();
  });

  it.each([
    ['a NUL character', { ...largeTicket(0), need: 'Carte\u0000' }, 'need'],
    ['a lone surrogate', { ...largeTicket(0), context: 'Contexte \uD800' }, 'context'],
    ['a need over 10,000 characters', { ...largeTicket(0), need: 'x'.repeat(10_001) }, 'need'],
    ['an unknown field', { ...largeTicket(0), priority: 'haute' }, 'priority'],
    [
      'a field named constructor inside a text (found by the HTTP fuzz suite: support never answered, 503)',
      { ...largeTicket(0), need: { constructor: 1 } },
      'need.constructor',
    ],
  ])('issue 18: a ticket with %s is refused with 400 naming the field', async (_case, body, path) => {
    expect(await refusedWithNothingStored(() => post('/api/v1/support/tickets', body))).toEqual({
      status: 400,
      error: 'invalid_request',
      paths: [path],
    });
  });

  it('issue 18: a committee charge of 9,007,199,254,740,991 cents is refused with 400', async () => {
    const committee = await post('/api/v1/support/committees', { kind: 'follow-up', insee: '92012', date: '2030-06-15' });
    const { id } = (await committee.json()) as { id: string };
    const charge = { subject: 'Frais', outcome: 'approved', chargeCents: 9_007_199_254_740_991, poolingOutcome: 'Aucune' };
    expect(await refusedWithNothingStored(() => post(`/api/v1/support/committees/${id}/decisions`, charge))).toEqual({
      status: 400,
      error: 'invalid_request',
      paths: ['chargeCents'],
    });
  });

  it('R-SUP-4: without the conventions service no notice is announced: 503, nothing stored, support keeps serving', async () => {
    const notice = {
      services: ['web-map'],
      plannedStart: '2099-01-05T20:00:00+01:00',
      plannedEnd: '2099-01-05T22:00:00+01:00',
      description: 'Mise à jour',
    };
    expect(await refusedWithNothingStored(() => post('/api/v1/support/maintenance', notice))).toEqual({
      status: 503,
      error: 'conventions_unavailable',
      paths: [],
    });
  });
});
