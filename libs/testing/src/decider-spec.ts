import { isDomainError, type Decider, type DomainError } from '@digit/contracts';

/**
 * Given/when/then for deciders (Emmett style): no mocks, only events in and events out.
 *
 *   deciderSpec(conventionDecider).given([...events]).when(command).then([...expected])
 */
export const deciderSpec = <Command, Event, State>(decider: Decider<Command, Event, State>) => ({
  given: (events: readonly Event[]) => ({
    when: (command: Command) => {
      const state = events.reduce(decider.evolve, decider.initialState);
      const decision = decider.decide(command, state);
      return {
        then: (expected: readonly Event[]): void => {
          if (isDomainError(decision)) {
            throw new Error(`expected events, got error ${decision.code}: ${decision.message}`);
          }
          expect(decision).toEqual(expected);
        },
        thenError: (code: string, messageContains?: string): DomainError => {
          if (!isDomainError(decision)) {
            throw new Error(`expected error ${code}, got events ${JSON.stringify(decision)}`);
          }
          expect(decision.code).toBe(code);
          if (messageContains) expect(decision.message).toContain(messageContains);
          return decision;
        },
      };
    },
  }),
});
