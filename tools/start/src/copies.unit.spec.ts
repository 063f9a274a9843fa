import { copiesOf, copyName } from './copies.js';

describe('npm start: copies of each service (issue 19)', () => {
  it('issue 19: DIGIT_COPIES for every service, DIGIT_COPIES_<SERVICE> for one, one copy by default', () => {
    expect(copiesOf('data-exchange', {})).toBe(1);
    expect(copiesOf('data-exchange', { DIGIT_COPIES: '2' })).toBe(2);
    expect(copiesOf('data-exchange', { DIGIT_COPIES: '2', DIGIT_COPIES_DATA_EXCHANGE: '3' })).toBe(3);
    expect(copiesOf('billing', { DIGIT_COPIES: '2', DIGIT_COPIES_DATA_EXCHANGE: '3' })).toBe(2);
  });

  it('issue 19: a count that is not 1 to 99 stops the start, naming the variable', () => {
    expect(() => copiesOf('gateway', { DIGIT_COPIES_GATEWAY: '0' })).toThrow(/DIGIT_COPIES_GATEWAY/);
    expect(() => copiesOf('gateway', { DIGIT_COPIES: 'deux' })).toThrow(/DIGIT_COPIES /);
  });

  it('issue 19: the first copy keeps the service name in the logs, the others are numbered', () => {
    expect([0, 1, 2].map((index) => copyName('billing', index))).toEqual(['billing', 'billing#2', 'billing#3']);
  });
});
