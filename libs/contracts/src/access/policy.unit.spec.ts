import { authorize, mayActOnTown, visibleTowns, type Policy } from './policy.js';
import type { Caller } from './caller.js';
import { decodeCaller, encodeCaller } from './caller.js';

const ops: Caller = { sub: 'ops-1', roles: ['ops'] };
const auditor: Caller = { sub: 'aud-1', roles: ['auditor'] };
const boulogneDpo: Caller = { sub: 'dpo-92012', roles: ['town-dpo'], insee: '92012' };
const dpoWithoutTown: Caller = { sub: 'dpo-x', roles: ['town-dpo'] };
const issyDsi: Caller = { sub: 'dsi-92040', roles: ['town-dsi'], insee: '92040' };

const townRead: Policy = { roles: ['ops', 'auditor'], town: { roles: ['town-dpo', 'town-referent'], field: 'insee' } };
const opsOnly: Policy = { roles: ['ops'] };

describe('authorize: role × town (R-SEC-2, CONTRACT.md "Who is calling (v1.1)")', () => {
  it.each([
    ['R-SEC-1: nobody is refused as unauthenticated', townRead, undefined, { insee: '92012' }, 'unauthenticated'],
    ['R-SEC-2: ops reads any town', townRead, ops, { insee: '92040' }, 'ok'],
    ['R-SEC-2: an auditor reads any town', townRead, auditor, { insee: '92040' }, 'ok'],
    ['R-SEC-2: a town DPD reads its own town', townRead, boulogneDpo, { insee: '92012' }, 'ok'],
    ['R-SEC-2: a town DPD may not read another town', townRead, boulogneDpo, { insee: '92040' }, 'forbidden'],
    ['R-SEC-2: a town role without a town in its token is refused', townRead, dpoWithoutTown, { insee: '92012' }, 'forbidden'],
    ['R-SEC-2: a role the policy does not name is refused', townRead, issyDsi, { insee: '92040' }, 'forbidden'],
    ['R-SEC-4: a privileged act is refused to an auditor', opsOnly, auditor, {}, 'forbidden'],
    ['R-SEC-4: a privileged act is refused to a town', opsOnly, boulogneDpo, { insee: '92012' }, 'forbidden'],
    ['public routes let anyone in', { public: true } as Policy, undefined, {}, 'ok'],
  ] as const)('%s', (_, policy, caller, request, expected) => {
    const outcome = authorize(policy, caller, request);
    expect(outcome.ok ? 'ok' : outcome.reason).toBe(expected);
  });

  it('R-SEC-2: a list across towns is narrowed to a town caller’s own town', () => {
    expect(authorize(townRead, boulogneDpo, {})).toEqual({ ok: true, request: { insee: '92012' } });
    expect(authorize(townRead, ops, {})).toEqual({ ok: true, request: {} });
  });

  it('R-SEC-2: a town resolved by the handler is checked with mayActOnTown', () => {
    const resolved: Policy = { roles: ['ops'], town: { roles: ['town-dsi'], resolvedBy: 'handler' } };
    expect(authorize(resolved, issyDsi, {})).toEqual({ ok: true, request: {} });
    expect(mayActOnTown(resolved, issyDsi, '92040')).toBe(true);
    expect(mayActOnTown(resolved, issyDsi, '92012')).toBe(false);
    expect(mayActOnTown(resolved, ops, '92012')).toBe(true);
  });

  it('R-SEC-2: visible towns are every town for DIGIT, one for a town role', () => {
    expect(visibleTowns(ops)).toBeUndefined();
    expect(visibleTowns(boulogneDpo)).toEqual(['92012']);
    expect(visibleTowns(dpoWithoutTown)).toEqual([]);
  });
});

describe('the caller header (R-SEC-1: the actor is the authenticated subject)', () => {
  it('round-trips a caller', () => {
    expect(decodeCaller(encodeCaller(boulogneDpo))).toEqual(boulogneDpo);
  });

  it.each([
    ['missing', undefined],
    ['not JSON', '{'],
    ['an unknown role', JSON.stringify({ sub: 'x', roles: ['admin'] })],
    ['an unknown town', JSON.stringify({ sub: 'x', roles: ['town-dpo'], insee: '99999' })],
    ['no subject', JSON.stringify({ roles: ['ops'] })],
    ['a subject with a newline', JSON.stringify({ sub: 'a\nb', roles: ['ops'] })],
  ])('refuses a header that is %s', (_, header) => {
    expect(decodeCaller(header)).toBeUndefined();
  });
});
