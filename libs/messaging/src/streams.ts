import { DiscardPolicy, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { DOMAIN_EVENTS_STREAM } from '@digit/contracts';
import type { Bus } from './bus.js';
import { natsReplicas } from './replicas.js';

export const DEAD_LETTERS_STREAM = 'DIGIT_DEAD_LETTERS';
export const deadLetterSubject = (consumer: string): string => `digit.deadletters.${consumer}`;

const nanos = (ms: number): number => ms * 1_000_000;

export interface StreamSpec {
  readonly name: string;
  readonly subjects: readonly string[];
  /** JetStream drops a second publish with the same Nats-Msg-Id inside this window. */
  readonly duplicateWindowMs?: number;
  readonly maxMessageBytes?: number;
  /** Nodes holding the stream (NATS_REPLICAS by default). */
  readonly replicas?: number;
}

/** Creates the stream, or brings its subjects and limits up to date; safe at every start. */
export const ensureStream = async (bus: Bus, spec: StreamSpec): Promise<void> => {
  const config = {
    name: bus.streamName(spec.name),
    subjects: spec.subjects.map((subject) => bus.subject(subject)),
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(spec.duplicateWindowMs ?? 10 * 60_000),
    num_replicas: spec.replicas ?? natsReplicas(),
    ...(spec.maxMessageBytes ? { max_msg_size: spec.maxMessageBytes } : {}),
  };
  try {
    await bus.jsm.streams.info(config.name);
    await bus.jsm.streams.update(config.name, config);
  } catch (error) {
    if (!String(error).includes('stream not found')) throw error;
    await bus.jsm.streams.add(config);
  }
};

export const ensureDomainEventStreams = async (bus: Bus): Promise<void> => {
  await ensureStream(bus, { name: DOMAIN_EVENTS_STREAM, subjects: ['digit.events.>'] });
  await ensureStream(bus, { name: DEAD_LETTERS_STREAM, subjects: ['digit.deadletters.>'] });
};
