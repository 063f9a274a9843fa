import { chainHash, eventHash } from './event-hash.js';
import { canonicalJson } from './json-text.js';

const fields = {
  eventId: '00000000-0000-4000-8000-000000000001',
  streamId: 'convention-92012',
  streamVersion: 2,
  type: 'ContactAssigned',
  schemaVersion: 1,
  data: {
    name: 'Élodie "Lodie" Martin',
    amountCents: 3_296_500,
    tags: ['a', null, { z: 1, a: [true, false] }],
    nested: { b: 1, a: { é: 'x', e: '\u2028' } },
    empty: {},
    list: [],
  },
  metadata: { correlationId: 'c-1', actor: 'ops:alice', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
  recordedAt: new Date('2026-11-28T14:00:00.123Z'),
};

describe('event hashes (CONTRACT.md auditors: verify)', () => {
  // The values the first implementation computed: histories already stored must keep verifying.
  it('hashes a fixed event and chains it as the history already stored was hashed', () => {
    expect(canonicalJson(fields.data)).toBe(
      '{"amountCents":3296500,"empty":{},"list":[],"name":"Élodie \\"Lodie\\" Martin","nested":{"a":{"e":"\u2028","é":"x"},"b":1},"tags":["a",null,{"a":[true,false],"z":1}]}',
    );
    expect(eventHash('a'.repeat(64), fields)).toBe('40263c87970f165fa37f45c2ba835238ed39b26bd8e7be09aedce02481936923');
    expect(chainHash('a'.repeat(64), 'b'.repeat(64))).toBe('6173cf9d3267e6b926102c8b149812658d05d834916fd23f7451c48c888147ab');
  });

  it('leaves out undefined fields and sorts keys by code unit, as before', () => {
    expect(canonicalJson({ b: undefined, B: 1, a: [undefined, 2], '': 'empty' })).toBe('{"":"empty","B":1,"a":[null,2]}');
  });
});
