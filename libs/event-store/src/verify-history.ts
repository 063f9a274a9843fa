import type { EventStore } from './event-store.js';
import { startHistoryCheck, type VerificationReport } from './history-check.js';
import { readHistoryRecords, type Seal } from './history-records.js';

/**
 * Walks the whole history by position, recomputing each event's stream hash and the global
 * chain. Reports the first position where stored data no longer matches what was appended, or
 * the first expected seal (an auditor's, an anchored one) that the chain no longer reaches.
 */
export const verifyHistory = async (
  store: EventStore,
  options: { batchSize?: number; expectedSeals?: readonly Seal[] } = {},
): Promise<VerificationReport> => {
  const check = startHistoryCheck({ expectedSeals: options.expectedSeals });
  for (let after = 0n; ;) {
    const records = await readHistoryRecords(store, { after, limit: options.batchSize ?? 2000 });
    if (records.length === 0) break;
    for (const record of records) {
      const failure = check.next(record);
      if (failure) return failure;
    }
    after = records.at(-1)!.position;
  }
  return check.end();
};
