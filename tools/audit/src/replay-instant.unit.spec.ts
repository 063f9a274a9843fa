import { parseAsOf } from './replay.command.js';

describe('the instant of a replay (--as-of, issue 14)', () => {
  it.each([
    ['a day means its last millisecond in Paris (winter)', '2024-01-15', '2024-01-15T22:59:59.999Z'],
    ['a day means its last millisecond in Paris (summer)', '2024-06-30', '2024-06-30T21:59:59.999Z'],
    ['an instant with an offset is taken as it is', '2026-12-07T14:03:05.123+01:00', '2026-12-07T13:03:05.123Z'],
    ['an instant in UTC too', '2026-12-07T13:03:05Z', '2026-12-07T13:03:05Z'],
  ])('%s', (_case, text, instant) => {
    expect(parseAsOf(text).toString()).toBe(instant);
  });

  it.each([undefined, '', '2024-02-30', '2026-12-07T14:03', 'hier'])('refuses %p', (text) => {
    expect(() => parseAsOf(text)).toThrow();
  });
});
