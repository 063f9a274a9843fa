import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import {
  countEvents,
  historyIdentity,
  positionRange,
  readHistoryRecords,
  sealAtOrBelow,
  type EventStore,
  type Seal,
} from '@digit/event-store';
import {
  ARCHIVE_FORMAT,
  EVENTS_PER_FILE,
  eventsEntry,
  HASHING,
  MANIFEST_ENTRY,
  recordLine,
  sealJson,
  type ArchiveManifest,
} from './archive-format.js';
import type { ArchiveRange } from './archive-range.js';
import { anchoredSealForArchive, type SealSources } from './archive-seal.js';
import { codeVersion } from './code-version.js';

const PERSONAL_DATA_NOTE =
  'Personal fields are as stored: encrypted with a key per person (AES-256-GCM envelopes). This archive holds no key: once a person is erased (key destroyed), their fields here can no longer be read either. Hashes cover the encrypted form.';

/** What an archive will hold, known before its first byte: its manifest (the first entry). */
export interface ArchivePlan {
  readonly manifest: ArchiveManifest;
  /** For the person exporting (French): why the archive carries no signed seal, anchors lagging. */
  readonly notes: readonly string[];
}

/**
 * Fixes the range of positions of the instants asked for, and everything the manifest says of
 * it: counts, the seal before its first event and of its last, the anchored signed seal.
 */
export const planHistoryArchive = async (store: EventStore, range: ArchiveRange, sources: SealSources): Promise<ArchivePlan> => {
  const positions = await positionRange(store, range);
  // An empty range ends where the history stood at its end: no event, previous seal = head seal.
  const end = positions?.last ?? (await positionRange(store, { to: range.to }))?.last ?? 0n;
  const head = await sealAtOrBelow(store, end);
  const previous = positions ? await sealAtOrBelow(store, positions.first - 1n) : head;
  const eventCount = positions ? await countEvents(store, positions.first, positions.last) : 0;
  const anchored = await anchoredSealForArchive(store, sources, { lastPosition: head.position, upToHead: range.to === undefined });
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    history: await historyIdentity(store),
    createdAt: new Date().toISOString(),
    codeVersion: await codeVersion(),
    range: { from: range.from?.toISOString() ?? null, to: range.to?.toISOString() ?? null },
    eventCount,
    eventsPerFile: EVENTS_PER_FILE,
    firstPosition: positions?.first.toString() ?? null,
    lastPosition: positions?.last.toString() ?? null,
    previousSeal: sealJson(previous),
    headSeal: sealJson(head),
    anchoredSeal: anchored.seal ?? null,
    publicKey: anchored.seal ? (sources.publicKey?.pem ?? null) : null,
    personalData: PERSONAL_DATA_NOTE,
    hashing: HASHING,
  };
  return { manifest, notes: anchored.notes };
};

/** Adds one entry and waits until the pack has taken it (its buffer drained downstream): memory stays flat. */
const addEntry = (pack: tar.Pack, name: string, body: Buffer, mtime: Date): Promise<void> =>
  new Promise((resolve, reject) =>
    pack.entry({ name, size: body.length, mtime, mode: 0o644 }, body, (error) => (error ? reject(error) : resolve())),
  );

/**
 * Streams the planned archive (tar + gzip) to `output`: the manifest, then the events as JSON
 * Lines in position order, exactly as stored, one file per page of 2,000 read, each written once
 * the output has taken the previous one, so memory does not grow with the history. Throws if the
 * history no longer matches its plan (it changed below its head meanwhile).
 */
export const writeHistoryArchive = async (
  store: EventStore,
  plan: ArchivePlan,
  output: Writable,
  onProgress?: (exported: number, total: number) => void,
): Promise<void> => {
  const { manifest } = plan;
  const mtime = new Date(manifest.createdAt);
  const pack = tar.pack();
  const written = pipeline(pack, createGzip({ level: 6 }), output);
  try {
    await addEntry(pack, MANIFEST_ENTRY, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), mtime);
    if (manifest.firstPosition !== null && manifest.lastPosition !== null) {
      const previousPosition = BigInt(manifest.previousSeal.position);
      const upTo = BigInt(manifest.lastPosition);
      let files = 0;
      let exported = 0;
      let last: Seal = { position: previousPosition, chainHash: manifest.previousSeal.chainHash };
      const first = BigInt(manifest.firstPosition);
      const page = (after: bigint) => {
        const reading = readHistoryRecords(store, {
          after,
          upTo,
          limit: EVENTS_PER_FILE,
          previousOfStreamsBefore: previousPosition > 0n ? first : undefined,
        });
        // Read ahead: if writing fails first, its failure is the one reported.
        reading.catch(() => undefined);
        return reading;
      };
      // The next page is read while this one is compressed and written: the database and gzip work side by side.
      for (let next = page(first - 1n); ;) {
        const records = await next;
        if (records.length === 0) break;
        last = records.at(-1)!;
        next = page(last.position);
        await addEntry(pack, eventsEntry(++files), Buffer.from(`${records.map(recordLine).join('\n')}\n`), mtime);
        exported += records.length;
        onProgress?.(exported, manifest.eventCount);
      }
      if (exported !== manifest.eventCount || last.chainHash !== manifest.headSeal.chainHash) {
        throw new Error(
          `the history changed during the export: ${exported} events read for ${manifest.eventCount} planned, chain head ${last.chainHash} for ${manifest.headSeal.chainHash}`,
        );
      }
    }
    pack.finalize();
    await written;
  } catch (error) {
    pack.destroy(error as Error);
    await written.catch(() => undefined);
    throw error;
  }
};
