import { canonicalJson, jsonText, writeJson } from './json-text.js';

const deepObject = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};
const deepArray = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

class WithToJson {
  toJSON(key: string) {
    return { key, note: 'from toJSON' };
  }
}

/** Values JSON.stringify handles natively (shallow): the iterative writer must write the same text. */
const SAMPLES: Record<string, unknown> = {
  null: null,
  true: true,
  number: -12.5e-7,
  'negative zero': -0,
  'not finite': [NaN, Infinity, -Infinity],
  string: 'Élodie "Lodie" \\ \n\t\u2028\u2029 😀 \u0001',
  'lone surrogate': '\ud800x\udc00',
  'empty containers': { a: [], b: {}, c: [[]] },
  'undefined and functions': { a: undefined, b: () => 1, c: [undefined, () => 1, Symbol('s')], d: 1 },
  date: { at: new Date('2026-11-28T14:00:00.123Z') },
  'toJSON with its key': { member: new WithToJson(), list: [new WithToJson()] },
  'boxed primitives': [Object(1), Object('s'), Object(false)],
  'own __proto__ key': JSON.parse('{"__proto__": {"x": 1}, "constructor": 2, "": 3, "a.b": 4}'),
  'repeated, not circular': (() => {
    const shared = { n: 1 };
    return { a: shared, b: [shared, shared] };
  })(),
  mixed: { z: [1, { y: [null, 'x', { w: true }] }], a: 'first' },
};

describe('jsonText and writeJson (issue 18: no poison, any depth PostgreSQL stores)', () => {
  it.each(Object.entries(SAMPLES))('writes %s exactly as JSON.stringify does', (_name, value) => {
    expect(writeJson(value)).toBe(JSON.stringify(value));
    expect(writeJson(value, { indent: 2 })).toBe(JSON.stringify(value, null, 2));
    expect(writeJson(value, { indent: '\t--' })).toBe(JSON.stringify(value, null, '\t--'));
    const replacer = function (this: unknown, key: string, item: unknown) {
      return key === 'a' ? `replaced ${typeof item}` : typeof item === 'number' ? item * 2 : item;
    };
    expect(writeJson(value, { replacer, indent: 1 })).toBe(JSON.stringify(value, replacer, 1));
  });

  it('gives undefined at the top as JSON.stringify does, and jsonText gives null', () => {
    expect(writeJson(undefined)).toBeUndefined();
    expect(writeJson(() => 1)).toBeUndefined();
    expect(jsonText(undefined)).toBe('null');
  });

  it('refuses cycles and BigInt as JSON.stringify does', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = { back: cycle };
    expect(() => writeJson(cycle)).toThrow(TypeError);
    expect(() => writeJson({ n: 1n })).toThrow(TypeError);
  });

  it.each([
    ['objects', deepObject],
    ['arrays', deepArray],
  ])('writes 100,000-deep %s, where JSON.stringify runs out of stack', (_kind, deep) => {
    const value = deep(100_000);
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    const text = jsonText(value);
    // JSON.parse does not recurse: reading it back is the proof of the text.
    expect(jsonText(JSON.parse(text))).toBe(text);
    const indented = jsonText(value, { indent: 2, indentDepth: 50 });
    expect(indented.split('\n')).toHaveLength(101);
    expect(jsonText(JSON.parse(indented))).toBe(text);
  });

  it('indents only the levels asked, deeper ones on one line', () => {
    expect(writeJson({ a: [1, { b: [2] }] }, { indent: 2, indentDepth: 2 })).toBe('{\n  "a": [\n    1,\n    {"b":[2]}\n  ]\n}');
  });

  it('keeps the canonical form the stored hashes were computed with (keys sorted, undefined left out)', () => {
    expect(canonicalJson({ b: undefined, B: 1, a: [undefined, 2], '': 'empty', é: { z: 1, a: [{}] } })).toBe(
      '{"":"empty","B":1,"a":[null,2],"é":{"a":[{}],"z":1}}',
    );
    for (const value of Object.values(SAMPLES).map((sample) => JSON.parse(JSON.stringify(sample ?? null)) as unknown)) {
      expect(JSON.parse(canonicalJson(value))).toEqual(value);
    }
  });

  it('writes the canonical form of 100,000-deep objects and arrays', () => {
    expect(canonicalJson(deepArray(100_000))).toBe(`${'['.repeat(100_000)}1${']'.repeat(100_000)}`);
    expect(canonicalJson(deepObject(100_000))).toBe(`${'{"a":'.repeat(100_000)}"bottom"${'}'.repeat(100_000)}`);
  });
});
