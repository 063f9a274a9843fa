import { checkPerson } from './person.js';

describe('who the admin CLI may name (CONTRACT.md "Who is calling (v1.1)", R-SEC-2)', () => {
  it.each([
    ['ops for every town', { role: 'ops', sub: 'a' }, 'ok'],
    ['finance for every town', { role: 'finance', sub: 'a' }, 'ok'],
    ['an auditor for every town', { role: 'auditor', sub: 'a' }, 'ok'],
    ['a town DSI of its town', { role: 'town-dsi', insee: '92012', sub: 'a' }, 'ok'],
    ['a town DPD of its town', { role: 'town-dpo', insee: '92077', sub: 'a' }, 'ok'],
    ['a town référent of its town', { role: 'town-referent', insee: '92040', sub: 'a' }, 'ok'],
    ['no role', { sub: 'a' }, 'Rôle manquant'],
    ['an unknown role', { role: 'admin', sub: 'a' }, 'Rôle inconnu « admin »'],
    ['the services’ own role', { role: 'service', sub: 'a' }, 'Rôle inconnu « service »'],
    ['a town role without a town', { role: 'town-dpo', sub: 'a' }, 'précisez --insee'],
    ['a town for ops', { role: 'ops', insee: '92012', sub: 'a' }, 'retirez --insee'],
    ['a town for finance', { role: 'finance', insee: '92012', sub: 'a' }, 'retirez --insee'],
    ['a town for an auditor', { role: 'auditor', insee: '92012', sub: 'a' }, 'retirez --insee'],
    ['an unknown town', { role: 'town-dsi', insee: '75056', sub: 'a' }, 'Commune inconnue « 75056 »'],
    ['a subject the services would refuse as an actor', { role: 'ops', sub: 'a b' }, 'Identifiant « a b » refusé'],
  ])('%s', (_, input, expected) => {
    const checked = checkPerson(input);
    expect(checked.ok ? 'ok' : checked.message).toContain(expected);
  });
});
