import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { toPublishedEvent } from '@digit/contracts';
import { startBillingService } from '../../../services/billing/src/billing.app.js';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startSystem, type SystemUnderTest } from './system-under-test.js';

/**
 * CONTRACT.md v1.1 "Lists are paged" on billing's lists (issue 18): the investment register, a
 * town's charges, its "new rate N+1" actions (`next` in the answer) and the refused facts (an
 * array with a `Link` header). Each list, longer than a page, is read page after page: nothing
 * lost, nothing repeated, in the order it was recorded.
 */
let system: SystemUnderTest;
const FINANCE = { roles: ['finance'], sub: 'fin-paul' };
const B = '/api/v1/billing';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
const get = async (path: string): Promise<{ status: number; body: any; link: string | null }> => {
  const response = await system.fetch(path, {}, FINANCE);
  return { status: response.status, body: await response.json(), link: response.headers.get('link') };
};

/** Polls `path` until `done` holds (billing consumes events asynchronously), for at most 10 s. */
const eventually = async (path: string, done: (body: unknown) => boolean) => {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { body } = await get(path);
    if (done(body)) return;
    await sleep(100);
  }
  throw new Error(`${path} never reached the expected state`);
};

/** Every item of a list answered with `next`, page after page. */
const readAll = async (path: string, field: string, limit: number): Promise<{ items: unknown[]; pages: number }> => {
  const items: unknown[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const { status, body } = await get(`${path}?limit=${limit}${after ? `&after=${after}` : ''}`);
    expect(status).toBe(200);
    expect(body[field].length).toBeLessThanOrEqual(limit);
    items.push(...body[field]);
    after = body.next;
    pages += 1;
  } while (after);
  return { items, pages };
};

/**
 * What the support service records when a follow-up committee approves a charge, published as its
 * relay would (billing applies only events the store holds, issue 18).
 */
const publishCharge = async (data: { committeeId: string; insee: string; approvedOn: string } & Record<string, unknown>) => {
  const { committeeId, insee, approvedOn } = data;
  const { events } = await system.infra.store.append(`committee-${committeeId}`, 'no_stream', [
    { type: 'CommitteeScheduled', data: { committeeId, kind: 'follow-up', insee, date: approvedOn, exceptional: false } },
    { type: 'CommitteeChargeApproved', data },
  ]);
  await system.infra.bus.js.publish(
    system.infra.bus.subject('digit.events.support.CommitteeChargeApproved'),
    JSON.stringify(toPublishedEvent(events[1]!)),
    { msgID: randomUUID() },
  );
};

const charge = (insee: string, index: number) => ({
  committeeId: `suivi-${insee}-${index}`,
  decisionId: `d${index}`,
  insee,
  amountCents: 1_000 * (index + 1),
  subject: `Développement spécifique n° ${index}`,
  poolingOutcome: 'Aucune autre ville intéressée',
  approvedOn: '2024-03-12',
});

beforeAll(async () => {
  system = await startSystem([startConventionsService, startBillingService]);
}, 60_000);
afterAll(() => system.stop());

describe('billing lists are served in pages (CONTRACT.md v1.1, issue 18)', () => {
  it('R-BIL-7: 25 investments read 10 at a time come in 3 pages, in the order they were registered', async () => {
    const assetIds = Array.from({ length: 25 }, (_, index) => `srv-${String(25 - index).padStart(2, '0')}`);
    for (const assetId of assetIds) {
      const body = JSON.stringify({ assetId, asset: `Serveur ${assetId}`, costCents: 100_000, startYear: 2024, depreciationYears: 4 });
      const response = await system.fetch(
        `${B}/investments`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body },
        FINANCE,
      );
      expect(response.status).toBe(201);
      expect(await response.json()).toMatchObject({ assetId });
    }
    const { items, pages } = await readAll(`${B}/investments`, 'investments', 10);
    expect(pages).toBe(3);
    expect(items.map((item) => (item as { assetId: string }).assetId)).toEqual(assetIds);
  });

  it('issue 18 (found by the HTTP fuzz suite): a well-formed cursor past the largest rank is an empty page, not 500', async () => {
    for (const after of ['2147483647', '2147483648', '728444232568', '999999999999999']) {
      const { status, body } = await get(`${B}/investments?after=${after}`);
      expect({ after, status, investments: body.investments, next: body.next }).toEqual({
        after,
        status: 200,
        investments: [],
        next: null,
      });
    }
  });

  it('R-BIL-8: 12 committee charges of a town read 5 at a time come in 3 pages; what is pending counts them all', async () => {
    for (let index = 0; index < 12; index++) await publishCharge(charge('92048', index));
    await eventually(`${B}/92048/charges?limit=1000`, (body) => (body as { items: unknown[] }).items.length === 12);
    const { items, pages } = await readAll(`${B}/92048/charges`, 'items', 5);
    expect(pages).toBe(3);
    expect(items.map((item) => (item as { itemId: string }).itemId)).toEqual(
      Array.from({ length: 12 }, (_, index) => `complex-project-suivi-92048-${index}-d${index}`),
    );
    const first = await get(`${B}/92048/charges?limit=5`);
    expect(first.body.pendingCents).toBe(78_000);
  });

  it('R-BIL-5: 3 "new rate N+1" actions read 2 at a time come in 2 pages', async () => {
    for (const [index, effectiveFrom] of ['2024-04-01', '2025-04-01', '2026-04-01'].entries()) {
      const amendment = { signedOn: effectiveFrom.replace('-04-', '-03-'), effectiveFrom, changes: { resourcesShare: `0.06${index + 1}` } };
      const response = await system.fetch('/api/v1/conventions/92072/amendments', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(amendment),
      });
      expect(response.status).toBe(201);
    }
    await eventually(`${B}/92072/rate-reviews`, (body) => (body as { actions: unknown[] }).actions.length === 3);
    const { items, pages } = await readAll(`${B}/92072/rate-reviews`, 'actions', 2);
    expect(pages).toBe(2);
    expect(items.map((item) => (item as { actionId: string }).actionId)).toEqual([
      'new-rate-2025-avenant-1',
      'new-rate-2026-avenant-2',
      'new-rate-2027-avenant-3',
    ]);
  });

  it('refused facts: 7 read 3 at a time come as arrays, the next page in a Link header', async () => {
    for (let index = 0; index < 7; index++) await publishCharge(charge('75056', index));
    await eventually(`${B}/rejections?limit=1000`, (body) => (body as unknown[]).length === 7);
    const references: string[] = [];
    let path: string | null = `${B}/rejections?limit=3`;
    let pages = 0;
    while (path) {
      const { status, body, link } = await get(path);
      expect(status).toBe(200);
      expect(body.length).toBeLessThanOrEqual(3);
      references.push(...body.map((rejection: { reference: string; code: string }) => rejection.reference));
      path = link ? /<([^>]+)>; rel="next"/.exec(link)![1]! : null;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(new Set(references).size).toBe(7);
  });
});
