import { generateSubjectKey } from './field-envelope.js';
import { normalizeEmail, normalizeName, normalizePhone, personIndexHashOf } from './person-index.js';

describe('person index normalisation (issue 15: a person found by e-mail, phone or name)', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+33 (0)6 12 34 56 78', '+33612345678'],
    ['0033612345678', '+33612345678'],
    ['01-46-99-12-34', '+33146991234'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('issue 15: the phone %p reads %p (E.164, France first)', (phone, e164) => {
    expect(normalizePhone(phone)).toBe(e164);
  });

  it('issue 15: e-mails ignore case and surrounding spaces', () => {
    expect(normalizeEmail('  Marie.Dupont@Example.FR ')).toBe('marie.dupont@example.fr');
  });

  it.each([['Marie-Hélène DUPONT'], ['dupont marie helene'], ['Mme Marie Hélène Dupont'], ['  DUPONT   Marie-Hélène ']])(
    'issue 15: the name %p reads as the same person (case, accents, hyphens, order, civility)',
    (name) => {
      expect(normalizeName(name)).toBe('dupont helene marie');
    },
  );

  it('issue 15: hashes are keyed: equal for one key and one normalised value, different across keys and kinds', () => {
    const key = generateSubjectKey();
    const hash = personIndexHashOf('phone', '06 12 34 56 78', key);
    expect(hash).toBe(personIndexHashOf('phone', '+33612345678', key));
    expect(hash).not.toBe(personIndexHashOf('phone', '06 12 34 56 78', generateSubjectKey()));
    expect(personIndexHashOf('name', 'x@y.fr', key)).not.toBe(personIndexHashOf('email', 'x@y.fr', key));
    expect(hash).not.toContain('612345678');
    expect(personIndexHashOf('name', ' - ', key)).toBeUndefined();
  });
});
