/** `{ a: { a: … leaf } }`, `depth` levels. */
export const deepObject = (depth: number, leaf: unknown = 'bottom'): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

/** `[[… leaf]]`, `depth` levels. */
export const deepArray = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

const alternating = (depth: number): unknown => {
  let value: unknown = null;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value, i] : { [`k${i}`]: value, n: i };
  return value;
};

/** An envelope's shape around nothing: a text anyone can send that looks like a sealed field. */
export const FAKE_ENVELOPE = `pd:v1:p-1:${'A'.repeat(16)}:${'A'.repeat(22)}==:${'QUJD'.repeat(4)}`;

/**
 * The worst JSON shapes PostgreSQL's jsonb stores (issue 18, "no poison"): what a store's readers
 * must all still read, hash, project, relay and replay. Built afresh on each call.
 */
export const hostileJsonShapes = (): Record<string, unknown> => ({
  'an object 10,000 deep': deepObject(10_000),
  'an array 10,000 deep': deepArray(10_000),
  'objects and arrays alternating, 10,000 deep': alternating(10_000),
  'an array of 200,000 numbers': Array.from({ length: 200_000 }, (_, i) => i * 1.5 - 7),
  'an object of 50,000 keys': Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`key-${i}`, i % 3 ? 'x' : [i]])),
  'a string of 2,000,000 characters': 'é'.repeat(1_000_000) + 'x'.repeat(1_000_000),
  'every JSON type': {
    null: null,
    true: true,
    false: false,
    zero: 0,
    negativeZero: -0,
    largest: Number.MAX_VALUE,
    smallest: Number.MIN_VALUE,
    unsafeInteger: 2 ** 53 + 1,
    negativeFraction: -1.25e-7,
    emptyString: '',
    emptyArray: [],
    emptyObject: {},
    nested: [[], [{}], { a: [] }],
  },
  'unicode PostgreSQL accepts': JSON.parse(
    JSON.stringify({
      emoji: '😀👩‍👩‍👧‍👦',
      rightToLeft: 'مرحبا بالعالم',
      combining: 'e\u0301',
      separators: '\u2028\u2029',
      byteOrderMark: '\ufeff',
      controls: '\u0001\u001f\u007f',
      highestCodePoint: '\u{10ffff}',
      nonCharacter: '\uffff',
      keys: { '😀': 1, '': 2, 'a.b': 3, '*': 4, constructor: 5, toString: 6, 'pd:v1': 7 },
    }).replace('"keys":{', '"keys":{"__proto__":{"polluted":true},'),
  ),
  'texts that look like the store’s own': {
    envelope: FAKE_ENVELOPE,
    erased: 'pd:erased',
    sql: "'); drop table events; --",
    formula: '=HYPERLINK("http://example.org","x")',
  },
});

/** Texts PostgreSQL's jsonb refuses (22P05): appending them must fail cleanly and store nothing. */
export const refusedJsonShapes = (): Record<string, unknown> => ({
  'a NUL character': 'before\u0000after',
  'a lone surrogate': 'before\ud800after',
});
