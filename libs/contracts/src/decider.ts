/**
 * The shape of every aggregate's domain (ARCHITECTURE.md "pure core"):
 * plain functions over plain data, no I/O, no clock. Time arrives inside commands.
 */
export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

/** A rule of the domain refused a command. `code` is stable; `message` is for a person. */
export class DomainError {
  constructor(
    readonly code: string,
    readonly message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {}
}

/** What `decide` returns: the events to record, or why not. */
export type Decision<Event> = readonly Event[] | DomainError;

export interface Decider<Command, Event, State> {
  readonly initialState: State;
  decide(command: Command, state: State): Decision<Event>;
  evolve(state: State, event: Event): State;
}

export const isDomainError = (decision: unknown): decision is DomainError =>
  decision instanceof DomainError;

/** Folds events into state with a decider's `evolve`. */
export const foldEvents = <Command, Event, State>(
  decider: Decider<Command, Event, State>,
  events: Iterable<Event>,
  from: State = decider.initialState,
): State => {
  let state = from;
  for (const event of events) state = decider.evolve(state, event);
  return state;
};
