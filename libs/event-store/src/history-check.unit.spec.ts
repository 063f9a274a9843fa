import { chainHash, eventHash, GENESIS_HASH } from './event-hash.js';
import { startHistoryCheck } from './history-check.js';
import type { HistoryRecord, Seal } from './history-records.js';

/** A well-formed history: `streams[i]` is the stream of the event at position i + 1. */
const historyOf = (streams: readonly string[]): HistoryRecord[] => {
  const heads = new Map<string, { version: number; hash: string }>();
  let chain = GENESIS_HASH;
  return streams.map((streamId, i) => {
    const previous = heads.get(streamId) ?? { version: 0, hash: GENESIS_HASH };
    const fields = {
      eventId: `e-${i + 1}`,
      streamId,
      streamVersion: previous.version + 1,
      type: 'Noted',
      schemaVersion: 1,
      data: { n: i },
      metadata: {},
      recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
    };
    const hash = eventHash(previous.hash, fields);
    heads.set(streamId, { version: fields.streamVersion, hash });
    chain = chainHash(chain, hash);
    return { ...fields, position: BigInt(i + 1), hash, chainHash: chain };
  });
};

const run = (records: readonly HistoryRecord[], options: Parameters<typeof startHistoryCheck>[0] = {}) => {
  const check = startHistoryCheck(options);
  for (const record of records) if (check.next(record)) break;
  return check.end();
};

const history = historyOf(['a', 'b', 'a', 'c', 'a']);
const sealAt = (index: number): Seal => ({ position: history[index]!.position, chainHash: history[index]!.chainHash });

describe('history check (CONTRACT.md auditors: verify; R-SEC-5 seals)', () => {
  it.each<[string, HistoryRecord[], Parameters<typeof startHistoryCheck>[0], bigint | 'ok']>([
    ['an intact history', history, {}, 'ok'],
    ['an intact history reaching its seals', history, { expectedSeals: [sealAt(1), sealAt(4)] }, 'ok'],
    ['a data change', history.map((r, i) => (i === 2 ? { ...r, data: { n: 99 } } : r)), {}, 3n],
    ['a removed event', history.filter((_, i) => i !== 1), {}, 3n],
    ['a duplicated position', [...history.slice(0, 3), history[2]!, ...history.slice(3)], {}, 3n],
    ['a cut tail below a seal', history.slice(0, 3), { expectedSeals: [sealAt(4)] }, 5n],
    ['a removed sealed event', history.filter((_, i) => i !== 3), { expectedSeals: [sealAt(3)] }, 4n],
    ['a seal the chain no longer reaches', history, { expectedSeals: [{ position: 2n, chainHash: 'f'.repeat(64) }] }, 2n],
    [
      'a stream starting at version 2 in a whole history',
      history.slice(2).map((r) => ({ ...r, previousStreamHash: history[0]!.hash })),
      {},
      3n,
    ],
  ])('%s', (_, records, options, expected) => {
    const report = run(records, options);
    if (expected === 'ok') expect(report).toMatchObject({ ok: true, eventsChecked: records.length, head: sealAt(4) });
    else expect(report).toMatchObject({ ok: false, position: expected });
  });

  it('a range after a seal checks each first event of a stream against the predecessor hash it carries', () => {
    const range = history
      .slice(2)
      .map((r) => (r.streamId === 'a' && r.streamVersion === 2 ? { ...r, previousStreamHash: history[0]!.hash } : r));
    expect(run(range, { from: sealAt(1) })).toMatchObject({ ok: true, eventsChecked: 3 });
    const forged = range.map((r, i) => (i === 0 ? { ...r, previousStreamHash: 'e'.repeat(64) } : r));
    expect(run(forged, { from: sealAt(1) })).toMatchObject({ ok: false, position: 3n });
  });
});
