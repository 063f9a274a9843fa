import { lastValueFrom } from 'rxjs';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Subscription } from '@nats-io/transport-node';
import { DOMAIN_EVENTS_STREAM, isDomainError, type AnyMessage } from '@digit/contracts';
import type { EventStore } from '@digit/event-store';
import type { Bus } from './bus.js';
import { startDurableConsumer, type DurableConsumer, type InboundMessage } from './durable-consumer.js';
import { serveHealth } from './health.js';
import { messagesBySubject, serveMessage } from './message-edge.js';

export interface JetStreamTransportOptions {
  readonly bus: Bus;
  /** Durable consumer names are `<service>-<pattern>`: one per service and pattern, shared by its copies. */
  readonly service: string;
  /** The event store domain events are checked against before any handler sees them (issue 18). */
  readonly store: EventStore;
  readonly maxDeliver?: number;
  /**
   * The messages this service answers (its catalogue in libs/contracts): every one must have a
   * handler, and a handler for a subject the catalogue does not list (so without a policy) is refused.
   */
  readonly messages: readonly AnyMessage[];
  /**
   * Opens what a reply holds sealed (free text whose persons' spans the event store sealed, which
   * read models keep sealed): the one place a service's data is read in clear (issue 15).
   */
  readonly openReply?: (reply: unknown) => Promise<unknown>;
}

const durableName = (service: string, pattern: string): string => `${service}-${pattern.replace(/\.>$/, '-all').replace(/[.*>]/g, '-')}`;

/**
 * Nest's NATS transport has no JetStream: this one binds `@EventPattern('digit.events.…')`
 * handlers to durable pull consumers of the domain events stream, and `@Handles` handlers to
 * the catalogue's messages (queue groups, so copies of a service share the work).
 */
export class JetStreamTransport extends Server implements CustomTransportStrategy {
  override readonly propagatesEventHandlerErrors = true;
  private readonly consumers: DurableConsumer[] = [];
  private readonly subscriptions: Subscription[] = [];

  constructor(private readonly options: JetStreamTransportOptions) {
    super();
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    const { bus, service } = this.options;
    const catalogue = messagesBySubject(this.options.messages);
    try {
      const unhandled = [...catalogue.keys()].filter((subject) => !this.messageHandlers.has(subject));
      if (unhandled.length > 0) throw new Error(`${service}: no handler for ${unhandled.join(', ')}`);
      for (const [pattern, handler] of this.messageHandlers) {
        if (handler.isEventHandler) {
          this.consumers.push(
            await startDurableConsumer({
              bus,
              stream: DOMAIN_EVENTS_STREAM,
              durable: durableName(service, pattern),
              filterSubjects: [pattern],
              maxDeliver: this.options.maxDeliver ?? 5,
              events: this.options.store,
              // The event as the store holds it: never the message's own body.
              handle: async (message: InboundMessage) => {
                await lastValueFrom(this.transformToObservable(await handler(message.event, message)), {
                  defaultValue: undefined,
                });
              },
            }),
          );
        } else {
          // Deny by default (R-SEC-2): a subject only answers as a catalogue message, with its policy.
          const message = catalogue.get(pattern);
          if (!message) throw new Error(`${service}: ${pattern} is not in the service's message catalogue (no policy)`);
          this.subscriptions.push(
            serveMessage(bus, message, async (request, context) => {
              const reply = await lastValueFrom<unknown, undefined>(this.transformToObservable(await handler(request, context)), {
                defaultValue: undefined,
              });
              const { openReply } = this.options;
              return openReply && !isDomainError(reply) ? openReply(reply) : reply;
            }),
          );
        }
      }
      // Health answers once every handler is bound: a service that answers is a service that serves.
      this.subscriptions.push(serveHealth(bus, service));
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }

  on(): void {
    throw new Error('JetStreamTransport has no status events');
  }

  unwrap<T>(): T {
    return this.options.bus.nc as T;
  }
}
