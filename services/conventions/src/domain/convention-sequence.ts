import { isDomainError, type DomainError } from '@digit/contracts';
import type { ConventionCommand } from './convention.commands.js';
import { conventionDecider } from './convention.decider.js';
import type { ConventionEvent } from '@digit/contracts';

/**
 * Decides commands one after the other over a history, as if each were appended before the next:
 * the new events, or the first refusal (then nothing of the sequence counts). Used for the seed and
 * for scenarios; the service itself decides one command per append.
 */
export const decideSequence = (
  commands: readonly ConventionCommand[],
  history: readonly ConventionEvent[] = [],
): readonly ConventionEvent[] | DomainError => {
  let state = history.reduce(conventionDecider.evolve, conventionDecider.initialState);
  const decided: ConventionEvent[] = [];
  for (const command of commands) {
    const decision = conventionDecider.decide(command, state);
    if (isDomainError(decision)) return decision;
    decided.push(...decision);
    state = decision.reduce(conventionDecider.evolve, state);
  }
  return decided;
};
