import { NEW_STREAM, type StreamHead, type StreamHeads } from './append-batch.js';

export interface StreamHeadCache {
  /** The head this store last saw for the stream; a stream it never saw is guessed new. */
  guess(streamId: string): StreamHead;
  remember(heads: StreamHeads): void;
  forget(streamIds: readonly string[]): void;
  /** The chain hash of the store's last event as this store last planned or stored it, if known. */
  guessChain(): string | undefined;
  /** A batch that ends the chain at `chainTo` is on its way: the next one chains after it. */
  planChain(chainTo: string | undefined): void;
  /** That batch is over, the chain now at `stored` (undefined: unknown), unless a later batch is on its way. */
  settleChain(chainTo: string | undefined, stored: string | undefined): void;
}

/**
 * The heads of the streams this store last appended to or read, and of the chain, so that a
 * batch is hashed without reading them first. Only guesses: other processes append to the same
 * table, so `append_events` checks the streams' under the append lock (a wrong one costs a
 * second try) and chains the events itself when the chain's is wrong. The streams least
 * recently used are forgotten first.
 */
export const createStreamHeadCache = (capacity: number): StreamHeadCache => {
  const heads = new Map<string, StreamHead>();
  let chain: string | undefined;
  return {
    guess: (streamId) => heads.get(streamId) ?? NEW_STREAM,
    remember(seen) {
      for (const [streamId, head] of seen) {
        heads.delete(streamId);
        heads.set(streamId, head);
      }
      for (const streamId of heads.keys()) {
        if (heads.size <= capacity) break;
        heads.delete(streamId);
      }
    },
    forget(streamIds) {
      for (const streamId of streamIds) heads.delete(streamId);
    },
    guessChain: () => chain,
    planChain(chainTo) {
      chain = chainTo;
    },
    settleChain(chainTo, stored) {
      if (chain === chainTo) chain = stored;
    },
  };
};
