import { sql } from 'kysely';
import { chainHash } from './event-hash.js';
import type { EventStore } from './event-store.js';
import { headSeal, type Seal } from './history-records.js';

export type ChainExtension =
  | { readonly ok: true; readonly head: Seal | undefined; readonly linksChecked: number }
  | { readonly ok: false; readonly position: bigint; readonly reason: string };

const PAGE = 10_000;

/**
 * Whether the history still holds `from` and chains from it to its head, link by link (only
 * the chain: each link vouches for an event's hash, which a full verification checks against
 * its content). What a seal anchorer runs before signing a new head, so that it never signs a
 * chain rewritten below a seal it signed before. Without `from`, from the genesis.
 */
export const extendChain = async (store: EventStore, from: Seal | undefined): Promise<ChainExtension> => {
  const head = await headSeal(store);
  const events = sql.table(`${store.schema}.events`);
  if (from) {
    if (!head || head.position < from.position)
      return { ok: false, position: from.position, reason: `the history ends at ${head?.position ?? 0n}, below the sealed position` };
    const sealed = await sql<{ chain_hash: string }>`select chain_hash from ${events} where position = ${from.position.toString()}`.execute(
      store.db,
    );
    if (sealed.rows[0]?.chain_hash !== from.chainHash)
      return {
        ok: false,
        position: from.position,
        reason: sealed.rows.length === 0 ? 'the sealed event is gone' : 'the chain hash at the sealed position changed',
      };
  }
  if (!head) return { ok: true, head: undefined, linksChecked: 0 };
  let previous = from?.chainHash ?? '0'.repeat(64);
  let after = from?.position ?? 0n;
  let checked = 0;
  for (;;) {
    const { rows } = await sql<{ position: string; hash: string; chain_hash: string }>`
      select position, hash, chain_hash from ${events}
      where position > ${after.toString()} and position <= ${head.position.toString()} order by position limit ${PAGE}`.execute(store.db);
    if (rows.length === 0) break;
    for (const row of rows) {
      previous = chainHash(previous, row.hash);
      if (previous !== row.chain_hash) return { ok: false, position: BigInt(row.position), reason: 'the chain is broken at this position' };
      checked += 1;
    }
    after = BigInt(rows.at(-1)!.position);
  }
  return { ok: true, head, linksChecked: checked };
};
