import type { Decider, Decision, DomainError, EventMetadata, StoredEvent } from '@digit/contracts';
import { isDomainError } from '@digit/contracts';
import type { DatabaseTransaction } from './database.js';
import { WrongExpectedVersionError, type EventStore, type NewEvent, type StreamDataFilter } from './event-store.js';

export type CommandOutcome<Event, State = unknown> =
  | { readonly ok: true; readonly events: readonly StoredEvent[]; readonly decided: readonly Event[]; readonly state: State }
  | { readonly ok: false; readonly error: DomainError; readonly state: State };

/** What folding a stream needs: a decider has it. */
export type StreamFold<Event, State> = Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>;

/** A decision on a stream's state: a decider's `decide` bound to a command, or any function of the state. */
export type DecideOn<Event, State> = (state: State) => Decision<Event> | Promise<Decision<Event>>;

export interface CommandHandlingOptions {
  /** Recorded with every event (actor, correlation, causation); a command's own metadata wins. */
  readonly metadata?: EventMetadata;
  /**
   * Read and append in this transaction, so that the events commit with the caller's other
   * effects (a processed message, a checkpoint, a lock, a destroyed key) or not at all. A
   * concurrent write then fails the transaction (WrongExpectedVersionError): the caller tries it
   * again whole, so there is one attempt by default.
   */
  readonly transaction?: DatabaseTransaction;
  /**
   * Read only the events the decisions need (see `readStreamMatching`: the stream's owner indexes
   * the paths), up to the version the append is then expected at.
   */
  readonly matching?: readonly StreamDataFilter[];
  /** Decisions taken again on the newer state after a concurrent write: 3, or 1 in a transaction. */
  readonly attempts?: number;
  /** Waits before the next attempt (two writers of one stream that retry together keep colliding). */
  readonly backoff?: (attempt: number) => Promise<void>;
}

/** The state of a stream as the store holds it now (upcast, personal fields opened), and its version. */
export const aggregateStream = async <Event, State>(
  store: EventStore,
  fold: StreamFold<Event, State>,
  streamId: string,
  options: Pick<CommandHandlingOptions, 'transaction' | 'matching'> = {},
): Promise<{ readonly state: State; readonly version: number }> => {
  const { transaction, matching } = options;
  let events: readonly StoredEvent[];
  let version: number;
  if (matching) {
    // The version first: a slice read after it may hold later events, which the append then
    // refuses; never a slice older than the version it is appended at.
    version = await store.streamVersion(streamId, { transaction });
    events = version === 0 ? [] : await store.readStreamMatching(streamId, matching, version, { transaction });
  } else {
    events = await store.readStream(streamId, { transaction });
    version = events.at(-1)?.streamVersion ?? 0;
  }
  let state = fold.initialState;
  for (const event of events) state = fold.evolve(state, event as unknown as Event);
  return { state, version };
};

/** One decision of a batch on a stream, with what its events carry. */
export interface StreamDecision<Event, State> {
  readonly decide: DecideOn<Event, State>;
  readonly metadata?: EventMetadata;
}

/**
 * The one command path (ARCHITECTURE.md "thin edges"): load the stream, fold it, take each
 * decision in turn on the state the previous ones left, append all their events at the version
 * that was read. A concurrent writer makes the append conflict; everything is then decided
 * again on the newer state, so no rule is ever checked against stale state. One outcome per decision.
 */
export const decideOnStream = async <Event extends { type: string; data: unknown }, State>(
  store: EventStore,
  fold: StreamFold<Event, State>,
  streamId: string,
  decisions: readonly StreamDecision<Event, State>[],
  options: CommandHandlingOptions = {},
): Promise<CommandOutcome<Event, State>[]> => {
  const attempts = options.attempts ?? (options.transaction ? 1 : 3);
  for (let attempt = 1; ; attempt++) {
    const loaded = await aggregateStream(store, fold, streamId, options);
    let state = loaded.state;
    const toAppend: NewEvent[] = [];
    const taken: { decided: readonly Event[]; first: number; state: State }[] = [];
    const refused = new Map<number, { error: DomainError; state: State }>();
    for (const [index, { decide, metadata }] of decisions.entries()) {
      const decision = await decide(state);
      if (isDomainError(decision)) {
        refused.set(index, { error: decision, state });
        continue;
      }
      taken[index] = { decided: decision, first: toAppend.length, state: (state = decision.reduce(fold.evolve, state)) };
      toAppend.push(...decision.map((event) => (metadata ? { ...event, metadata: { ...options.metadata, ...metadata } } : event)));
    }
    const outcomeOf = (index: number, stored: readonly StoredEvent[]): CommandOutcome<Event, State> => {
      const failure = refused.get(index);
      if (failure) return { ok: false, ...failure };
      const { decided, first, state: after } = taken[index]!;
      return { ok: true, decided, events: stored.slice(first, first + decided.length), state: after };
    };
    // Nothing to record: the state read was current when read, which is all a refusal or a no-op needs.
    if (toAppend.length === 0) return decisions.map((_, index) => outcomeOf(index, []));
    const expected = loaded.version === 0 ? 'no_stream' : loaded.version;
    const appendOptions = { metadata: options.metadata };
    try {
      const appended = options.transaction
        ? await store.appendInTransaction(options.transaction, streamId, expected, toAppend, appendOptions)
        : await store.append(streamId, expected, toAppend, appendOptions);
      return decisions.map((_, index) => outcomeOf(index, appended.events));
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= attempts) throw error;
      await options.backoff?.(attempt);
    }
  }
};

/** Decides one command with a decider and appends its events: see `decideOnStream`. */
export const handleCommand = async <Command, Event extends { type: string; data: unknown }, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  command: Command,
  metadata: EventMetadata = {},
  options: Omit<CommandHandlingOptions, 'metadata'> = {},
): Promise<CommandOutcome<Event, State>> =>
  (await decideOnStream(store, decider, streamId, [{ decide: (state) => decider.decide(command, state) }], { ...options, metadata }))[0]!;

/** The commands of one stream, decided in turn and appended together. */
export interface StreamCommands<Command> {
  readonly streamId: string;
  readonly commands: readonly { readonly command: Command; readonly metadata?: EventMetadata }[];
  /** Read only the events these commands need (see CommandHandlingOptions.matching). */
  readonly matching?: readonly StreamDataFilter[];
}

/** Each stream's fate: its commands' outcomes, or what stopped it (the others go on). */
export type StreamOutcome<Event, State> =
  { readonly ok: true; readonly outcomes: readonly CommandOutcome<Event, State>[] } | { readonly ok: false; readonly error: unknown };

/**
 * Batches of commands on several streams at once (a town's road orders per town's registry):
 * each stream's are decided in turn and appended together, the streams side by side, so the
 * store's group commit records them in one transaction.
 */
export const handleCommands = async <Command, Event extends { type: string; data: unknown }, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streams: readonly StreamCommands<Command>[],
  options: Omit<CommandHandlingOptions, 'matching' | 'transaction'> = {},
): Promise<StreamOutcome<Event, State>[]> =>
  (
    await Promise.allSettled(
      streams.map(({ streamId, commands, matching }) =>
        decideOnStream(
          store,
          decider,
          streamId,
          commands.map(({ command, metadata }) => ({ decide: (state: State) => decider.decide(command, state), metadata })),
          { ...options, matching },
        ),
      ),
    )
  ).map((settled) =>
    settled.status === 'fulfilled' ? { ok: true, outcomes: settled.value } : { ok: false, error: settled.reason as unknown },
  );
