import { generatePassword, hashPassword, passwordMatches, passwordProblem } from './password.js';

describe('passwords of the embedded issuer’s accounts (issue 12)', () => {
  it('are hashed with argon2id at OWASP’s cost (19 MiB, 2 passes, 1 lane), salted, and verified', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hashPassword('correct horse battery')).not.toBe(hash);
    expect(await passwordMatches(hash, 'correct horse battery')).toBe(true);
    expect(await passwordMatches(hash, 'correct horse batterie')).toBe(false);
    expect(await passwordMatches('not a hash', 'x')).toBe(false);
  });

  it('are generated long and unambiguous, and chosen ones are at least 12 characters', () => {
    const generated = new Set(Array.from({ length: 50 }, generatePassword));
    expect(generated.size).toBe(50);
    for (const password of generated) expect(password).toMatch(/^[a-km-zA-HJ-NP-Y2-9]{5}(-[a-km-zA-HJ-NP-Y2-9]{5}){3}$/);
    expect(passwordProblem('short')).toContain('12 caractères');
    expect(passwordProblem('long enough pass')).toBeUndefined();
  });
});
