/**
 * The fault suite runs small in `npm test` and CI, and at the sizes of issue 8 with
 * `FAULTS_SIZE=full npm run test:faults`.
 */
export const FAULTS_SIZE: 'ci' | 'full' = process.env.FAULTS_SIZE === 'full' ? 'full' : 'ci';

export const sized = <T>(ci: T, full: T): T => (FAULTS_SIZE === 'full' ? full : ci);

/**
 * Scenarios too long for `npm test` on a 2-core machine (a three-node cluster losing its leaders
 * ran 7 to 8 minutes there): they run in `npm run test:faults` only.
 */
export const describeInFaultSuite = process.env.DIGIT_FAULT_SUITE === '1' ? describe : describe.skip;
