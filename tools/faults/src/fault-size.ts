/**
 * The fault suite runs small in `npm test` and CI, and at the sizes of issue 8 with
 * `FAULTS_SIZE=full npm run test:faults`.
 */
export const FAULTS_SIZE: 'ci' | 'full' = process.env.FAULTS_SIZE === 'full' ? 'full' : 'ci';

export const sized = <T>(ci: T, full: T): T => (FAULTS_SIZE === 'full' ? full : ci);
