import type { EventStore } from './event-store.js';
import { chainHash, eventHash, GENESIS_HASH } from './event-hash.js';

/** The head of the chain: an auditor writes it down, and the next verification must still reach it. */
export interface Seal {
  readonly position: bigint;
  readonly chainHash: string;
}

export type VerificationReport =
  | { readonly ok: true; readonly eventsChecked: number; readonly head: Seal }
  | { readonly ok: false; readonly eventsChecked: number; readonly position: bigint; readonly reason: string };

/**
 * Walks the whole history by position, recomputing each event's stream hash and the global
 * chain. Reports the first position where stored data no longer matches what was appended.
 */
export const verifyHistory = async (
  store: EventStore,
  options: { batchSize?: number; expectedSeal?: Seal } = {},
): Promise<VerificationReport> => {
  const batchSize = options.batchSize ?? 2000;
  const lastOfStream = new Map<string, { version: number; hash: string }>();
  let previousChain = GENESIS_HASH;
  let after = '0';
  let checked = 0;
  let sealSeen = false;
  for (;;) {
    const rows = await store.db
      .selectFrom('events')
      .selectAll()
      .where('position', '>', after)
      .orderBy('position')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const position = BigInt(row.position);
      const fail = (reason: string): VerificationReport => ({ ok: false, eventsChecked: checked, position, reason });
      const previous = lastOfStream.get(row.stream_id) ?? { version: 0, hash: GENESIS_HASH };
      if (row.stream_version !== previous.version + 1) {
        return fail(`stream ${row.stream_id} jumps from version ${previous.version} to ${row.stream_version}`);
      }
      const expectedHash = eventHash(previous.hash, {
        eventId: row.event_id,
        streamId: row.stream_id,
        streamVersion: row.stream_version,
        type: row.type,
        schemaVersion: row.schema_version,
        data: row.data,
        metadata: row.metadata,
        recordedAt: row.recorded_at,
      });
      if (expectedHash !== row.hash) return fail(`event ${row.event_id} does not match its hash`);
      const expectedChain = chainHash(previousChain, row.hash);
      if (expectedChain !== row.chain_hash) return fail('the global chain is broken (an event was removed or inserted before this one)');
      if (options.expectedSeal && position === options.expectedSeal.position) {
        if (row.chain_hash !== options.expectedSeal.chainHash) return fail('the chain no longer reaches the expected seal');
        sealSeen = true;
      }
      lastOfStream.set(row.stream_id, { version: row.stream_version, hash: row.hash });
      previousChain = row.chain_hash;
      checked += 1;
    }
    after = rows.at(-1)!.position;
  }
  if (options.expectedSeal && !sealSeen) {
    return { ok: false, eventsChecked: checked, position: options.expectedSeal.position, reason: 'the sealed position is missing from the history' };
  }
  return { ok: true, eventsChecked: checked, head: { position: BigInt(after), chainHash: previousChain } };
};
