import { chainHash, eventHash, GENESIS_HASH } from './event-hash.js';
import { GENESIS_SEAL, type HistoryRecord, type Seal } from './history-records.js';

export type VerificationReport =
  | { readonly ok: true; readonly eventsChecked: number; readonly head: Seal }
  | { readonly ok: false; readonly eventsChecked: number; readonly position: bigint; readonly reason: string };

export type VerificationFailure = Extract<VerificationReport, { ok: false }>;

/** Checks a history (or a range of it) event by event, in position order, with no I/O. */
export interface HistoryCheck {
  /** The next event; the first failure is returned, and every later call returns it again. */
  next(record: HistoryRecord): VerificationFailure | undefined;
  /** After the last event: the report, failing if an expected seal was never reached. */
  end(): VerificationReport;
}

/**
 * Recomputes each event's stream hash and the global chain, and checks that the chain reaches
 * every expected seal. `from` is the seal of the event just before the first one checked
 * (genesis for a whole history); after it, an event whose stream began earlier must carry its
 * predecessor's hash (`previousStreamHash`), which its own hash then vouches for. Memory: one
 * entry per stream seen (about 200 bytes), never per event.
 */
export const startHistoryCheck = (options: { from?: Seal; expectedSeals?: readonly Seal[] } = {}): HistoryCheck => {
  const from = options.from ?? GENESIS_SEAL;
  const pending = [...(options.expectedSeals ?? [])]
    .filter((seal) => seal.position > from.position)
    .sort((a, b) => (a.position < b.position ? -1 : 1));
  const lastOfStream = new Map<string, { version: number; hash: string }>();
  let previousChain = from.chainHash;
  let lastPosition = from.position;
  let checked = 0;
  let failure: VerificationFailure | undefined;

  const fail = (position: bigint, reason: string): VerificationFailure => {
    failure = { ok: false, eventsChecked: checked, position, reason };
    return failure;
  };

  const check = (record: HistoryRecord): VerificationFailure | undefined => {
    const { position } = record;
    if (position <= lastPosition)
      return fail(position, `position hors d'ordre (après la position ${lastPosition}) : événement déplacé ou dupliqué`);
    const skipped = pending[0];
    if (skipped && skipped.position < position)
      return fail(skipped.position, 'la position scellée manque : un événement scellé a été supprimé');
    const previous = lastOfStream.get(record.streamId);
    let previousHash: string;
    if (previous) {
      if (record.streamVersion !== previous.version + 1)
        return fail(position, `le flux ${record.streamId} saute de la version ${previous.version} à ${record.streamVersion}`);
      previousHash = previous.hash;
    } else if (record.streamVersion === 1) {
      previousHash = GENESIS_HASH;
    } else if (from.position > 0n && record.previousStreamHash) {
      previousHash = record.previousStreamHash;
    } else {
      return fail(position, `le flux ${record.streamId} commence à la version ${record.streamVersion}`);
    }
    const expectedHash = eventHash(previousHash, {
      eventId: record.eventId,
      streamId: record.streamId,
      streamVersion: record.streamVersion,
      type: record.type,
      schemaVersion: record.schemaVersion,
      data: record.data,
      metadata: record.metadata,
      recordedAt: record.recordedAt,
    });
    if (expectedHash !== record.hash) return fail(position, `l'événement ${record.eventId} ne correspond plus à son empreinte`);
    const expectedChain = chainHash(previousChain, record.hash);
    if (expectedChain !== record.chainHash)
      return fail(position, 'la chaîne globale est rompue (un événement a été supprimé ou inséré avant celui-ci)');
    while (pending[0]?.position === position) {
      if (pending.shift()!.chainHash !== record.chainHash)
        return fail(position, 'la chaîne ne rejoint plus le sceau attendu (historique réécrit à cette position ou avant)');
    }
    lastOfStream.set(record.streamId, { version: record.streamVersion, hash: record.hash });
    previousChain = record.chainHash;
    lastPosition = position;
    checked += 1;
    return undefined;
  };

  return {
    next: (record) => failure ?? check(record),
    end() {
      if (failure) return failure;
      const missing = pending[0];
      if (missing)
        return fail(missing.position, `l'historique s'arrête à la position ${lastPosition}, avant la position scellée : fin supprimée`);
      return { ok: true, eventsChecked: checked, head: { position: lastPosition, chainHash: previousChain } };
    },
  };
};
