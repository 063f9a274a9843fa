import { toPublishedEvent, type PublishedEvent } from '@digit/contracts';
import type { EventStore } from '@digit/event-store';

/** A message of the domain events stream, as the check needs it. */
export interface AnnouncedEvent {
  /** Logical subject: `digit.events.<context>.<type>`. */
  readonly subject: string;
  text(): string;
}

export type EventCheck = { readonly ok: true; readonly event: PublishedEvent } | { readonly ok: false; readonly reason: string };

/** What a message claims to be: the identity of a stored event (its content is taken from the store). */
interface Claim {
  readonly eventId: string;
  readonly hash: string;
  readonly streamId: unknown;
  readonly streamVersion: unknown;
  readonly type: unknown;
  readonly position: unknown;
}

const forged = (reason: string): EventCheck => ({ ok: false, reason: `forged event: ${reason}` });

const claimOf = (message: AnnouncedEvent): Claim | EventCheck => {
  let body: unknown;
  try {
    body = JSON.parse(message.text());
  } catch {
    return forged('the message is not JSON');
  }
  const claim = body as Partial<Claim> | null;
  if (typeof claim !== 'object' || claim === null || typeof claim.eventId !== 'string' || typeof claim.hash !== 'string') {
    return forged('the message names no event id and hash');
  }
  return claim as Claim;
};

const IDENTITY = ['streamId', 'streamVersion', 'type', 'position'] as const;

/**
 * Messages of the domain events stream are applied only as the store holds them (issue 18: events
 * forged on `digit.events.*` were applied): each must name an event id the store holds, with its
 * hash, stream, version, type and position, on its type's subject. One indexed lookup for the
 * batch. What is handed on is the store's event, never the message's body, so a message that
 * copies a real id and hash around other data still applies only what was recorded.
 */
export const checkPublishedEvents = async (store: EventStore, messages: readonly AnnouncedEvent[]): Promise<EventCheck[]> => {
  const claims = messages.map(claimOf);
  const ids = claims.flatMap((claim) => ('eventId' in claim ? [claim.eventId] : []));
  const stored = new Map((await store.readEvents(ids, { sealed: true })).map((event) => [event.eventId, toPublishedEvent(event)]));
  return claims.map((claim, index) => {
    if (!('eventId' in claim)) return claim;
    const event = stored.get(claim.eventId);
    if (!event) return forged(`the event store holds no event ${claim.eventId}`);
    if (event.hash !== claim.hash)
      return forged(`event ${claim.eventId} has another hash in the event store (${event.hash}) than in the message (${claim.hash})`);
    const differing = IDENTITY.filter((field) => event[field] !== claim[field]);
    if (differing.length > 0) return forged(`event ${claim.eventId} differs from the event store in ${differing.join(', ')}`);
    const subject = messages[index]!.subject;
    if (subject.split('.').at(-1) !== event.type) return forged(`event ${claim.eventId} of type ${event.type} was published on ${subject}`);
    return { ok: true, event };
  });
};
