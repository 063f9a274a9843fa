import { SUPPORT_PROJECT_STEPS } from '@digit/contracts';
import { PROJECT_STEPS } from './domain/index.js';

describe('the public contract speaks the domain\'s words', () => {
  it('R-SUP-2: the steps the HTTP contract accepts are the seven steps of annex 2, in order', () => {
    expect(SUPPORT_PROJECT_STEPS).toEqual(PROJECT_STEPS);
  });
});
