import { boundsProblems, REQUEST_BOUNDS } from './bounds.js';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = { person: value };
  return value;
};

describe('request bounds (issue 18: nothing deeper, longer or larger reaches a decider)', () => {
  it('accepts an ordinary body', () => {
    expect(boundsProblems({ insee: '92012', road: { id: '92012_0042', name: 'Allée Marie Curie' }, numbers: [{ number: 12 }] })).toEqual(
      [],
    );
  });

  it.each([
    ['a 3,000-deep object (the poison contact of issue 18)', nested(3000), 'imbrication trop profonde'],
    ['a 40,000-deep array', JSON.parse(`${'['.repeat(40_000)}${']'.repeat(40_000)}`), 'imbrication trop profonde'],
    ['a NUL character', { need: 'a\u0000b' }, 'caractère NUL'],
    ['a lone surrogate', { need: 'a\uD800b' }, 'demi-caractère'],
    ['a lone low surrogate', { need: '\uDC00' }, 'demi-caractère'],
    ['an unsafe integer', { amountCents: 9007199254740993 }, 'nombre hors limites'],
    ['a string longer than the limit', { need: 'x'.repeat(REQUEST_BOUNDS.maxStringLength + 1) }, 'texte trop long'],
    ['an array longer than the limit', { items: new Array(REQUEST_BOUNDS.maxArrayLength + 1).fill(0) }, 'liste trop longue'],
    [
      'too many keys',
      Object.fromEntries(Array.from({ length: REQUEST_BOUNDS.maxKeys + 1 }, (_, index) => [`k${index}`, 1])),
      'trop de champs',
    ],
    ['a NUL in a key', { 'a\u0000': 1 }, 'nom de champ invalide'],
  ])('refuses %s with a French reason and a path', (_, body, reason) => {
    const problems = boundsProblems(body);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.message).toContain(reason);
    expect(typeof problems[0]!.path).toBe('string');
  });

  it('names the path of the bad value', () => {
    expect(boundsProblems({ road: { name: 'x\u0000' } })).toEqual([{ path: 'road.name', message: 'caractère NUL (U+0000) interdit' }]);
    expect(boundsProblems({ numbers: [{ number: 1 }, { suffix: '\uD800' }] })[0]!.path).toBe('numbers[1].suffix');
  });

  it('accepts a well-formed surrogate pair (an emoji)', () => {
    expect(boundsProblems({ need: 'carte 🗺️' })).toEqual([]);
  });
});
