/**
 * The shape of every aggregate's domain (ARCHITECTURE.md "pure core"):
 * plain functions over plain data, no I/O, no clock. Time arrives inside commands.
 */
export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

/**
 * What kind of refusal a domain error is, set by the domain itself; the edges map each kind to one
 * HTTP status (libs/contracts `httpStatusOf`), in one place.
 * - `invalid`: the input is wrong in itself (a bad value, out of range, missing);
 * - `not_found`: what the command or query names does not exist;
 * - `forbidden`: the caller may not do this to this thing (another town's record);
 * - `conflict`: the current state forbids it (already done, closed, too late);
 * - `unavailable`: a service whose answer the command needs did not answer: nothing was done, try again.
 */
export const DOMAIN_ERROR_KINDS = ['invalid', 'not_found', 'forbidden', 'conflict', 'unavailable'] as const;
export type DomainErrorKind = (typeof DOMAIN_ERROR_KINDS)[number];

/** A rule of the domain refused a command. `code` is stable snake_case; `message` is for a person. */
export class DomainError {
  constructor(
    readonly kind: DomainErrorKind,
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

export const isDomainError = (decision: unknown): decision is DomainError => decision instanceof DomainError;

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
