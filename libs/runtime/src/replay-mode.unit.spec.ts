import type { EventStore } from '@digit/event-store';
import { readOnlyEventStore, ReplayAppendRefused } from './replay-mode.js';

describe("a replay's store (issue 14: nothing appends in replay mode)", () => {
  const reads = { headPosition: async () => 7n } as unknown as EventStore;
  const store = readOnlyEventStore({
    ...reads,
    append: async () => ({ nextExpectedVersion: 1, events: [] }),
    appendInTransaction: async () => ({ nextExpectedVersion: 1, events: [] }),
  } as EventStore);

  it('refuses every append, in a transaction or not', async () => {
    await expect(store.append('convention-92012', 'any', [{ type: 'ConventionSigned', data: {} }])).rejects.toBeInstanceOf(
      ReplayAppendRefused,
    );
    await expect(store.appendInTransaction({} as never, 'budget-2025', 'any', [])).rejects.toBeInstanceOf(ReplayAppendRefused);
  });

  it('reads as the store it wraps', async () => {
    await expect(store.headPosition()).resolves.toBe(7n);
  });
});
