import { createHash } from 'node:crypto';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { parisInstant } from '@digit/calendar';
import type {
  Caller,
  DeadLetterReplayRecord,
  DeadLetterReplayView,
  DeadLettersPageView,
  DeadLetterView,
  PublishedEvent,
  StoredEvent,
} from '@digit/contracts';
import { WrongExpectedVersionError, type EventStore } from '@digit/event-store';
import { checkPublishedEvents, DEAD_LETTERS_STREAM, type Bus, type DeadLetter } from '@digit/messaging';
import { injectTraceContext } from '@digit/telemetry';
import { ApiError } from '../http/service-client.js';

/**
 * The dead letters for DIGIT ops (read from JetStream, newest first) and their replay. A replay
 * republishes a dead-lettered domain event on its own subject, so every consumer of that subject
 * receives it again through the bus, with every check the bus makes (the event is checked against
 * the store; each consumer applies an event id once). It never applies anything itself, and it
 * republishes only an event the store holds, checked as the consumers check it (id, hash, stream,
 * version, type, subject), and only its identity: consumers take its content from the store. Each replay is recorded in the
 * history (`DeadLetterReplayed`, the ops person as actor) on a stream of its own, so a letter is
 * replayed once: asking again answers the replay already made.
 */
export const REPLAY_STREAM_PREFIX = 'dead-letter-replay-';
export const REPLAY_EVENT = 'DeadLetterReplayed';
/** Header of a republished message: the dead letter it replays. */
export const REPLAY_OF_HEADER = 'Digit-Replay-Of';

/** `digit.events.<context>.<type>`: the only subjects a replay republishes on. */
const EVENT_SUBJECT = /^digit\.events\.[a-z][a-z-]*\.([A-Za-z][A-Za-z0-9]*)$/;

interface StoredLetter {
  readonly seq: number;
  readonly letter: DeadLetter;
}

/** What a letter's body says it carries, for the list: a stored event's id (the replay checks all of its identity). */
const claimOf = (letter: DeadLetter): { readonly eventId: string } | null => {
  if (!EVENT_SUBJECT.test(letter.subject)) return null;
  let body: unknown;
  try {
    body = JSON.parse(letter.body);
  } catch {
    return null;
  }
  const { eventId, hash } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return typeof eventId === 'string' && typeof hash === 'string' ? { eventId } : null;
};

const typeOfSubject = (subject: string): string | null => EVENT_SUBJECT.exec(subject)?.[1] ?? null;

/** One stream per failed message (consumer and message id): a replay's record, and its message id on the bus. */
export const replayStreamId = (letter: Pick<DeadLetter, 'consumer' | 'messageId'>): string =>
  `${REPLAY_STREAM_PREFIX}${createHash('sha256').update(`${letter.consumer}\n${letter.messageId}`).digest('hex').slice(0, 32)}`;

const deadLettersStream = (bus: Bus) => bus.streamName(DEAD_LETTERS_STREAM);

const letterAt = async (bus: Bus, seq: number): Promise<StoredLetter | null> => {
  const stored = await bus.jsm.streams.getMessage(deadLettersStream(bus), { seq });
  return stored ? { seq, letter: stored.json<DeadLetter>() } : null;
};

const recordOf = (event: StoredEvent): DeadLetterReplayRecord => ({
  replayedAt: parisInstant(event.recordedAt.toISOString()),
  replayedBy: event.metadata.actor ?? 'inconnu',
  publishedAs: event.streamId,
});

/** The replays recorded for these letters, by record stream, in one read. */
const replaysOf = async (store: EventStore, letters: readonly StoredLetter[]): Promise<Map<string, DeadLetterReplayRecord>> => {
  if (letters.length === 0) return new Map();
  const rows = await store.db
    .selectFrom('events')
    .select(['stream_id', 'recorded_at', 'metadata'])
    .where(
      'stream_id',
      'in',
      letters.map(({ letter }) => replayStreamId(letter)),
    )
    .where('stream_version', '=', 1)
    .execute();
  return new Map(
    rows.map((row) => [
      row.stream_id,
      { replayedAt: parisInstant(row.recorded_at.toISOString()), replayedBy: row.metadata.actor ?? 'inconnu', publishedAs: row.stream_id },
    ]),
  );
};

const viewOf = ({ seq, letter }: StoredLetter, replay: DeadLetterReplayRecord | null): DeadLetterView => {
  const claim = claimOf(letter);
  return {
    seq: String(seq),
    consumer: letter.consumer,
    subject: letter.subject,
    messageId: letter.messageId,
    deliveries: letter.deliveries,
    reason: letter.reason,
    failedAt: letter.failedAt,
    eventId: claim?.eventId ?? null,
    eventType: claim ? typeOfSubject(letter.subject) : null,
    replayable: claim !== null,
    replay,
  };
};

/** A page of the dead letters, the newest first, before sequence `before` (exclusive); `limit + 1` read to know whether more follow. */
export const readDeadLettersPage = async (
  bus: Bus,
  store: EventStore,
  page: { readonly limit: number; readonly before?: number },
): Promise<DeadLettersPageView> => {
  const { state } = await bus.jsm.streams.info(deadLettersStream(bus));
  const letters: StoredLetter[] = [];
  const from = Math.min(page.before === undefined ? state.last_seq : page.before - 1, state.last_seq);
  for (let seq = from; seq >= state.first_seq && seq > 0 && letters.length <= page.limit; seq--) {
    const letter = await letterAt(bus, seq);
    if (letter) letters.push(letter);
  }
  const served = letters.slice(0, page.limit);
  const replays = await replaysOf(store, served);
  return {
    deadLetters: served.map((letter) => viewOf(letter, replays.get(replayStreamId(letter.letter)) ?? null)),
    next: letters.length > page.limit ? String(served.at(-1)!.seq) : null,
  };
};

/** How many dead letters there are, and the latest with its reason. */
export const deadLettersSummary = async (bus: Bus, store: EventStore): Promise<{ count: number; latest: DeadLetterView | null }> => {
  const { state } = await bus.jsm.streams.info(deadLettersStream(bus));
  const page = await readDeadLettersPage(bus, store, { limit: 1 });
  return { count: state.messages, latest: page.deadLetters[0] ?? null };
};

const notReplayable = (message: string) => new ApiError(409, 'dead_letter_not_replayable', message);

/**
 * The event a letter names, as the store holds it, or a 409 saying why it is not replayed: the
 * consumers' own check (`checkPublishedEvents`: id, hash, stream, version, type, position, subject).
 */
const storedEventOf = async (store: EventStore, letter: DeadLetter): Promise<PublishedEvent> => {
  if (!EVENT_SUBJECT.test(letter.subject)) {
    throw notReplayable(
      `Cette lettre morte (${letter.subject}) ne porte pas un événement de l’historique : seuls les événements du domaine (digit.events.*) se rejouent.`,
    );
  }
  const [check] = await checkPublishedEvents(store, [{ subject: letter.subject, text: () => letter.body }]);
  if (!check?.ok) {
    throw notReplayable(
      `L’événement que nomme cette lettre morte (${claimOf(letter)?.eventId ?? 'sans identifiant'}) n’est pas dans l’historique tel qu’elle le décrit (position, empreinte, flux ou type) : il n’est pas rejoué, la lettre reste pour examen.`,
    );
  }
  return check.event;
};

const replayView = (
  seq: number,
  letter: DeadLetter,
  eventId: string,
  record: DeadLetterReplayRecord,
  alreadyReplayed: boolean,
): DeadLetterReplayView => ({
  seq: String(seq),
  consumer: letter.consumer,
  subject: letter.subject,
  eventId,
  ...record,
  alreadyReplayed,
});

/** The replay recorded for this letter, if any. */
const recordedReplay = async (store: EventStore, letter: DeadLetter): Promise<StoredEvent | undefined> =>
  (await store.readStream(replayStreamId(letter)))[0];

/** Replays dead letter `seq` as `caller` (DIGIT ops): once; again, the replay already made is answered. */
export const replayDeadLetter = async (bus: Bus, store: EventStore, seq: number, caller: Caller): Promise<DeadLetterReplayView> => {
  const found = await letterAt(bus, seq);
  if (!found)
    throw new ApiError(404, 'dead_letter_not_found', `Aucune lettre morte n° ${seq} : consultez la liste (GET /api/v1/ops/dead-letters).`);
  const { letter } = found;
  const previous = await recordedReplay(store, letter);
  if (previous) return replayView(seq, letter, (previous.data as { eventId: string }).eventId, recordOf(previous), true);
  const event = await storedEventOf(store, letter);
  const publishedAs = replayStreamId(letter);
  const headers = injectTraceContext(natsHeaders());
  headers.set('Content-Type', 'application/json');
  headers.set(REPLAY_OF_HEADER, String(seq));
  // The event's identity only: consumers take its content from the store, as for an event too large for a message.
  headers.set('Digit-Event-Data', 'in-store');
  // The same message id if two replays race: JetStream keeps one; the record below keeps one too.
  await bus.js.publish(bus.subject(letter.subject), JSON.stringify({ ...event, data: null }), { msgID: publishedAs, headers });
  const data = {
    deadLetterSeq: seq,
    consumer: letter.consumer,
    subject: letter.subject,
    messageId: letter.messageId,
    reason: letter.reason,
    failedAt: letter.failedAt,
    eventId: event.eventId,
    eventPosition: event.position,
    publishedAs,
  };
  try {
    const appended = await store.append(publishedAs, 'no_stream', [{ type: REPLAY_EVENT, data }], { metadata: { actor: caller.sub } });
    return replayView(seq, letter, event.eventId, recordOf(appended.events[0]!), false);
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
    const raced = await recordedReplay(store, letter);
    return replayView(seq, letter, event.eventId, recordOf(raced!), true);
  }
};
