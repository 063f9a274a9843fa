import type { Transaction } from 'kysely';
import { isDomainError, type Decider, type EventMetadata } from '@digit/contracts';
import type { CommandOutcome, DatabaseTransaction, EventStore, EventStoreTables } from '@digit/event-store';

/**
 * Decisions whose effect must commit together with something else (the mark of a processed
 * message, a process step's checkpoint, a per-town lock): the stream is read and appended inside
 * `trx`, so a second command on the same stream in the same transaction sees the first one's
 * events, and the transaction needs no other connection. A concurrent writer makes the append
 * fail at the version that was read, and the whole transaction is tried again later.
 */
export interface BillingEventRow {
  readonly streamId: string;
  readonly type: string;
  readonly data: unknown;
}

/**
 * Billing's own streams read inside `trx`. They have no upcasters (every event is at its first
 * schema version) and no personal fields, so their rows are their events.
 */
export const readBillingEvents = async (
  trx: DatabaseTransaction,
  store: EventStore,
  streams: { readonly streamId: string } | { readonly streamPrefix: string },
): Promise<BillingEventRow[]> => {
  const events = (trx as unknown as Transaction<EventStoreTables>).withSchema(store.schema).selectFrom('events').select(['stream_id', 'type', 'data']);
  const selected =
    'streamId' in streams
      ? events.where('stream_id', '=', streams.streamId).orderBy('stream_version')
      : events.where('stream_id', 'like', `${streams.streamPrefix.replace(/[\\%_]/g, '\\$&')}%`).orderBy('position');
  return (await selected.execute()).map((row) => ({ streamId: row.stream_id, type: row.type, data: row.data }));
};

/** Folds a billing stream read inside `trx` with its decider. */
export const streamStateIn = async <Command, Event, State>(
  trx: DatabaseTransaction,
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
): Promise<{ readonly state: State; readonly version: number }> => {
  const history = await readBillingEvents(trx, store, { streamId });
  const state = history.reduce((current, event) => decider.evolve(current, event as unknown as Event), decider.initialState);
  return { state, version: history.length };
};

export const decideInTransaction = async <Command, Event extends { type: string; data: unknown }, State>(
  trx: DatabaseTransaction,
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  command: Command,
  metadata: EventMetadata,
): Promise<CommandOutcome<Event>> => {
  const { state, version } = await streamStateIn(trx, store, decider, streamId);
  const decision = decider.decide(command, state);
  if (isDomainError(decision)) return { ok: false, error: decision };
  const appended = await store.appendInTransaction(trx, streamId, version === 0 ? 'no_stream' : version, decision, { metadata });
  return { ok: true, events: appended.events, decided: decision };
};
