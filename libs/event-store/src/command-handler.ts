import type { Decider, DomainError, EventMetadata, StoredEvent } from '@digit/contracts';
import { isDomainError } from '@digit/contracts';
import { WrongExpectedVersionError, type EventStore } from './event-store.js';

export type CommandOutcome<Event> =
  | { readonly ok: true; readonly events: readonly StoredEvent[]; readonly decided: readonly Event[] }
  | { readonly ok: false; readonly error: DomainError };

/**
 * The whole of a command's edge: load the stream, fold it, decide, append at the version
 * that was read. A concurrent writer makes the append conflict; the command is then decided
 * again on the newer state (a few times), so no rule is ever checked against stale state.
 */
export const handleCommand = async <Command, Event extends { type: string; data: unknown }, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  command: Command,
  metadata: EventMetadata = {},
  attempts = 3,
): Promise<CommandOutcome<Event>> => {
  for (let attempt = 1; ; attempt++) {
    const history = await store.readStream(streamId);
    const state = history.reduce((current, event) => decider.evolve(current, event as unknown as Event), decider.initialState);
    const decision = decider.decide(command, state);
    if (isDomainError(decision)) return { ok: false, error: decision };
    try {
      const appended = await store.append(streamId, history.length === 0 ? 'no_stream' : history.length, decision, { metadata });
      return { ok: true, events: appended.events, decided: decision };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= attempts) throw error;
    }
  }
};
