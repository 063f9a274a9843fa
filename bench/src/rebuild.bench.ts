import { performance } from 'node:perf_hooks';
import type { BenchOptions } from './bench-options.js';
import { benchEvent } from './bench-events.js';
import type { EmmettPeerSubject } from './emmett-peer.subject.js';
import type { OurStoreSubject } from './our-store.subject.js';
import type { RawSqlSubject } from './raw-sql.subject.js';
import { measureOnce } from './throughput.js';
import type { Workload } from './workload.js';

const PAGE_SIZE = 500;
/**
 * The peer reads each batch by sorting every event after its checkpoint (a sequential scan and a
 * top-N sort: about a second per batch at 1,000,000 events), so its rebuild is measured over
 * its first two minutes.
 */
const PEER_DEADLINE_MS = 120_000;
const APPEND_SIZE = 1_000;

/**
 * Stores exactly `options.rebuildEvents` events from one writer, 1,000 per append, over the streams in turn.
 * One writer because the peer's consumer reads in transaction order but resumes by position:
 * over a history written by concurrent transactions it repeats and skips events (seen with
 * Emmett 0.42.0), which would make its rebuild figure meaningless.
 */
export const populate = async (
  options: BenchOptions,
  append: (streamId: string, version: number, events: ReturnType<typeof benchEvent>[]) => Promise<void>,
): Promise<number> => {
  const start = performance.now();
  const versions = new Map<string, number>();
  for (let first = 0, turn = 0; first < options.rebuildEvents; first += APPEND_SIZE, turn++) {
    const count = Math.min(APPEND_SIZE, options.rebuildEvents - first);
    const streamId = `rebuild-${turn % options.streams}`;
    const version = versions.get(streamId) ?? 0;
    versions.set(streamId, version + count);
    await append(
      streamId,
      version,
      Array.from({ length: count }, (_, i) => benchEvent(version + i + 1)),
    );
  }
  return (performance.now() - start) / 1000;
};

/**
 * Benchmark 2: rebuilding a projection from N stored events. Ours and the peer each hold the
 * same N events in their own schema; the limit scans our table with plain SQL.
 */
export const rebuildWorkload = async (
  options: BenchOptions,
  subjects: { ours: OurStoreSubject; raw: RawSqlSubject; peer: EmmettPeerSubject },
  log: (line: string) => void,
): Promise<Workload> => {
  const count = options.rebuildEvents.toLocaleString('en');
  log(`storing ${count} events for the rebuild (ours, then the peer)…`);
  const oursSeconds = await populate(options, (streamId, version, events) => subjects.ours.append(streamId, version, events));
  const peerSeconds = await populate(options, (streamId, version, events) => subjects.peer.append(streamId, version, events));
  log(`  stored in ${oursSeconds.toFixed(1)} s (ours), ${peerSeconds.toFixed(1)} s (peer)`);
  const expectAll = (applied: number) => {
    if (applied !== options.rebuildEvents) throw new Error(`rebuild applied ${applied} events, expected ${options.rebuildEvents}`);
    return applied;
  };
  return {
    name: `projection rebuild from ${count} events`,
    legend: {
      ours: `catchUp of a counting projection (batches of ${PAGE_SIZE}, checkpoint in the same transaction)`,
      limit: `keyset scan of the events table by position, pages of ${PAGE_SIZE}, folded into a Map`,
      peer: `Emmett consumer with a counting reactor from the beginning, batches of ${PAGE_SIZE} (one round, stopped after ${PEER_DEADLINE_MS / 1000} s)`,
    },
    targets: [{ ratio: 'ours/limit', atLeast: 0.5 }],
    maxRounds: { peer: 1 },
    run: (subject, round) =>
      measureOnce(async () => {
        if (subject === 'ours') return expectAll(await subjects.ours.rebuild(`bench-count-r${round}`));
        if (subject === 'peer') return subjects.peer.rebuild(`bench-count-r${round}`, PAGE_SIZE, PEER_DEADLINE_MS);
        return expectAll(await subjects.raw.scan(subjects.ours.store.schema, PAGE_SIZE));
      }),
  };
};
