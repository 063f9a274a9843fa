import type { Throughput } from './throughput.js';

/** Ours is held against the limit (the machine's, through plain SQL) and the peer (Emmett). */
export type Subject = 'ours' | 'limit' | 'peer';
export const SUBJECTS: readonly Subject[] = ['limit', 'ours', 'peer'];

export interface Target {
  readonly ratio: 'ours/limit' | 'ours/peer';
  readonly atLeast: number;
}

export interface Workload {
  readonly name: string;
  /** What each subject does, printed under the table. */
  readonly legend: Readonly<Record<Subject, string>>;
  readonly targets: readonly Target[];
  /** At most this many rounds for these subjects (one that takes minutes runs once). */
  readonly maxRounds?: Partial<Record<Subject, number>>;
  /** One measured phase of `subject`; each round uses fresh streams or a fresh checkpoint. */
  run(subject: Subject, round: number): Promise<Throughput>;
}
