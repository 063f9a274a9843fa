import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { parisInstant } from '@digit/calendar';
import {
  DOMAIN_EVENTS_STREAM,
  TOWN_VOIRIE_ORDERS_STREAM,
  TOWN_VOIRIE_OUTCOMES_STREAM,
  type ConsumerStatusView,
  type FollowerStatusView,
  type StreamStatusView,
  type SystemStatusView,
} from '@digit/contracts';
import type { EventStore } from '@digit/event-store';
import { DEAD_LETTERS_STREAM, type Bus } from '@digit/messaging';
import { healthReport } from '../health/health.controller.js';
import { deadLettersSummary } from './dead-letters.js';

/** The JetStream streams the system creates (libs/messaging, data-exchange's voirie streams). */
export const SYSTEM_STREAMS = [DOMAIN_EVENTS_STREAM, DEAD_LETTERS_STREAM, TOWN_VOIRIE_ORDERS_STREAM, TOWN_VOIRIE_OUTCOMES_STREAM] as const;

const RELAY_PREFIX = 'relay:';

const storeFigures = async (store: EventStore) => {
  const head = await store.headPosition();
  const [figures, last] = await Promise.all([
    store.db
      .selectFrom('events')
      .select((eb) => [
        eb.fn.countAll<string>().as('events'),
        sql<string>`pg_total_relation_size(format('%I.events', ${store.schema}::text)::regclass)`.as('bytes'),
      ])
      .executeTakeFirstOrThrow(),
    store.db.selectFrom('events').select('recorded_at').where('position', '=', head.toString()).executeTakeFirst(),
  ]);
  return {
    headPosition: head.toString(),
    events: Number(figures.events),
    bytes: Number(figures.bytes),
    lastRecordedAt: last ? parisInstant(last.recorded_at.toISOString()) : null,
  };
};

/**
 * Each follower's checkpoint against the head: how far behind it is, and since when the oldest
 * event it has not passed waits (the lag a stopped projection or relay shows, growing).
 */
const followers = async (store: EventStore, checkedAt: string): Promise<FollowerStatusView[]> => {
  const head = await store.headPosition();
  const checkpoints = await store.db
    .selectFrom('checkpoints')
    .select(['subscriber', 'position', 'updated_at'])
    .orderBy('subscriber')
    .execute();
  return Promise.all(
    checkpoints.map(async (checkpoint): Promise<FollowerStatusView> => {
      const position = BigInt(checkpoint.position);
      const next =
        position < head
          ? await store.db
              .selectFrom('events')
              .select('recorded_at')
              .where('position', '>', checkpoint.position)
              .orderBy('position')
              .limit(1)
              .executeTakeFirst()
          : undefined;
      const pendingSince = next ? parisInstant(next.recorded_at.toISOString()) : null;
      const relay = checkpoint.subscriber.startsWith(RELAY_PREFIX);
      return {
        name: checkpoint.subscriber,
        service: relay ? checkpoint.subscriber.slice(RELAY_PREFIX.length) : checkpoint.subscriber.split(':')[0]!,
        kind: relay ? 'relay' : 'projection',
        position: checkpoint.position,
        behind: Number(head > position ? head - position : 0n),
        pendingSince,
        lagSeconds: pendingSince
          ? Math.max(0, Math.round(Temporal.Instant.from(pendingSince).until(Temporal.Instant.from(checkedAt)).total('seconds')))
          : 0,
        checkpointSavedAt: parisInstant(checkpoint.updated_at.toISOString()),
      };
    }),
  );
};

/** Each system stream's size and its durable consumers' backlog; a stream not created yet is left out. */
const streams = async (bus: Bus): Promise<StreamStatusView[]> => {
  const read = await Promise.all(
    SYSTEM_STREAMS.map(async (name): Promise<StreamStatusView | null> => {
      const streamName = bus.streamName(name);
      let info;
      try {
        info = await bus.jsm.streams.info(streamName);
      } catch (error) {
        if (String(error).includes('stream not found')) return null;
        throw error;
      }
      const consumers: ConsumerStatusView[] = [];
      for await (const consumer of bus.jsm.consumers.list(streamName)) {
        consumers.push({
          name: consumer.name,
          pending: consumer.num_pending,
          ackPending: consumer.num_ack_pending,
          redelivered: consumer.num_redelivered,
          deliveredSeq: String(consumer.delivered.stream_seq),
          ackFloorSeq: String(consumer.ack_floor.stream_seq),
        });
      }
      const { state } = info;
      return {
        name,
        messages: state.messages,
        bytes: state.bytes,
        firstSeq: String(state.first_seq),
        lastSeq: String(state.last_seq),
        consumers: consumers.sort((a, b) => a.name.localeCompare(b.name)),
      };
    }),
  );
  return read.filter((stream): stream is StreamStatusView => stream !== null);
};

/** Runs one part; a failure leaves it null and says why in French. */
const part = async <T>(problems: string[], what: string, read: () => Promise<T>): Promise<T | null> => {
  try {
    return await read();
  } catch (error) {
    problems.push(`${what} : lecture impossible (${error instanceof Error ? error.message : String(error)}).`);
    return null;
  }
};

/** `GET /api/v1/ops/system`: the store, its followers, JetStream, the dead letters and each service's health, read side by side. */
export const systemStatus = async (bus: Bus, store: EventStore, checkedAt: string): Promise<SystemStatusView> => {
  const problems: string[] = [];
  const [storePart, followersPart, streamsPart, deadLetters, services] = await Promise.all([
    part(problems, 'Historique des événements', () => storeFigures(store)),
    part(problems, 'Abonnés de l’historique', () => followers(store, checkedAt)),
    part(problems, 'Flux JetStream', () => streams(bus)),
    part(problems, 'Lettres mortes', () => deadLettersSummary(bus, store)),
    healthReport(bus).then((report) => report.services),
  ]);
  const down = services.filter((service) => service.status !== 'ok').map((service) => service.name);
  if (down.length > 0) problems.push(`Service(s) sans réponse : ${down.join(', ')}.`);
  return {
    checkedAt,
    status: problems.length === 0 ? 'ok' : 'degraded',
    store: storePart,
    followers: followersPart,
    streams: streamsPart,
    deadLetters,
    services,
    problems,
  };
};
