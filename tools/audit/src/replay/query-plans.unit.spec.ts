import * as contracts from '@digit/contracts';
import type { AnyMessage } from '@digit/contracts';
import { QUERY_PLANS } from './query-plans.js';

/** Every catalogue libs/contracts exports (`<service>Messages`), by name. */
const catalogues = (Object.entries(contracts) as [string, unknown][]).filter(
  (entry): entry is [string, Record<string, AnyMessage>] =>
    entry[0].endsWith('Messages') &&
    typeof entry[1] === 'object' &&
    entry[1] !== null &&
    Object.values(entry[1]).every((message) => typeof (message as AnyMessage).subject === 'string'),
);

const queriesOf = (catalogue: Record<string, AnyMessage>) => Object.keys(catalogue).filter((name) => catalogue[name]!.kind === 'query');

describe('what the replay asks (issue 14: every query message of every catalogue)', () => {
  it('every catalogue of libs/contracts has a plan', () => {
    expect(catalogues.length).toBeGreaterThanOrEqual(5);
    for (const [, catalogue] of catalogues) expect(QUERY_PLANS.some((plan) => plan.catalogue === catalogue)).toBe(true);
  });

  it.each(QUERY_PLANS.map((plan) => [plan.service, plan] as const))(
    '%s: each query is asked, or left out with its reason; no command is asked',
    (_service, plan) => {
      const asked = new Set<string>(plan.asks);
      const omitted = Object.keys(plan.omitted);
      expect([...asked, ...omitted].sort()).toEqual(queriesOf(plan.catalogue).sort());
      expect(omitted.filter((name) => asked.has(name))).toEqual([]);
      for (const reason of Object.values(plan.omitted)) expect(reason?.length).toBeGreaterThan(40);
      expect(plan.eptWide.filter((name) => !asked.has(name))).toEqual([]);
    },
  );

  it("only documents (renderings of a view that is asked) and billing's refused facts are left out", () => {
    const left = QUERY_PLANS.flatMap((plan) => Object.keys(plan.omitted).map((name) => ({ name, message: plan.catalogue[name]!, plan })));
    for (const { name, message, plan } of left) {
      if (plan.service === 'billing' && name === 'rejections') continue;
      const rendersDocument = message.http?.document !== undefined || /calendar|csv|html|scdl|dcat|bal|traffic/i.test(name);
      expect([name, rendersDocument]).toEqual([name, true]);
    }
  });
});
