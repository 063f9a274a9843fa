/** Context every stored event carries (ARCHITECTURE.md "The event store"). */
export interface EventMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Who caused it: `town:92012`, `ops:<login>`, `system:calendar` ... */
  readonly actor?: string;
  /** W3C trace context of the request or message that caused the event. */
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/** A domain event as a decider emits it. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** An event as the store hands it back, after upcasting to the current schema version. */
export interface StoredEvent<Type extends string = string, Data = unknown> extends DomainEvent<Type, Data> {
  readonly eventId: string;
  readonly position: bigint;
  readonly streamId: string;
  /** 1 for the first event of a stream. */
  readonly streamVersion: number;
  readonly schemaVersion: number;
  readonly metadata: EventMetadata;
  readonly recordedAt: Date;
  readonly hash: string;
}

/** The JSON form of a stored event, as published on NATS and served to auditors. */
export interface PublishedEvent {
  readonly eventId: string;
  readonly position: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly recordedAt: string;
  readonly hash: string;
}

export const toPublishedEvent = (event: StoredEvent): PublishedEvent => ({
  eventId: event.eventId,
  position: event.position.toString(),
  streamId: event.streamId,
  streamVersion: event.streamVersion,
  type: event.type,
  schemaVersion: event.schemaVersion,
  data: event.data,
  metadata: event.metadata,
  recordedAt: event.recordedAt.toISOString(),
  hash: event.hash,
});
