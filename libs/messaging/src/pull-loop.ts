import { setTimeout as sleep } from 'node:timers/promises';
import type { JsMsg } from '@nats-io/jetstream';
import type { Bus } from './bus.js';

export interface PullLoopOptions {
  readonly bus: Bus;
  /** Logical stream name (namespaced by the bus). */
  readonly stream: string;
  /** The durable pull consumer, which must exist. */
  readonly durable: string;
  /** Messages taken together at most. */
  readonly batchSize: number;
  /** How long a fetch waits for messages: also the longest a stop waits. */
  readonly fetchExpiresMs?: number;
  /** Pause after a failed fetch or settle. */
  readonly retryDelayMs?: number;
  /** Told of every failure; the loop goes on. */
  readonly onError: (error: unknown) => void;
  /**
   * Settles the messages that arrived together, in their order: acks, naks or terminates each,
   * or leaves it to be delivered again. `running()` turns false once the loop is asked to stop.
   */
  settle(batch: readonly JsMsg[], running: () => boolean): Promise<void>;
}

export interface PullLoop {
  /** Settles the messages in hand, then stops pulling: nothing is left half-done. */
  stop(): Promise<void>;
}

/**
 * The one consumption loop of every durable consumer (domain events, towns' road orders): fetch,
 * take the messages that have arrived together as one batch, settle them, fetch again. A fetch
 * ends when its batch is full or after `fetchExpiresMs`; what it delivers is settled before the
 * next one, so stopping never leaves a message behind and later messages never overtake earlier ones.
 */
export const startPullLoop = async (options: PullLoopOptions): Promise<PullLoop> => {
  const { bus, onError } = options;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const consumer = await bus.js.consumers.get(bus.streamName(options.stream), options.durable);
  let running = true;
  const isRunning = () => running;
  const loop = (async () => {
    while (running) {
      try {
        const messages = await consumer.fetch({ max_messages: options.batchSize, expires: options.fetchExpiresMs ?? 1000 });
        let batch: JsMsg[] = [];
        for await (const msg of messages) {
          batch.push(msg);
          if (messages.getPending() === 0) {
            await options.settle(batch, isRunning);
            batch = [];
          }
        }
        if (batch.length > 0) await options.settle(batch, isRunning);
      } catch (error) {
        // Missed heartbeats of an idle fetch say the event loop or the server was slow, not that
        // anything failed: fetch again at once (a lost connection fails the next fetch itself).
        if (error instanceof Error && /heartbeats missed/.test(error.message)) continue;
        onError(error);
        if (running) await sleep(retryDelayMs);
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
};
