import { jsonText, type HistoryRecord, type Seal } from '@digit/event-store';
import { parseSignedSeal, type SignedSeal } from '@digit/history-seal';

export const ARCHIVE_FORMAT = 'digit-history-archive/1';
export const MANIFEST_ENTRY = 'manifest.json';
/** One page of the store per file: the export holds one page at a time, whatever the history's size. */
export const EVENTS_PER_FILE = 2_000;
export const eventsEntry = (index: number): string => `events/${String(index).padStart(6, '0')}.jsonl`;

/** How an auditor recomputes both hashes with any tool: the archive explains itself. */
export const HASHING = {
  hash: 'sha256 (hex) of the canonical JSON (keys sorted at every depth, no spaces) of { previous: hash of the previous event of the same stream, or 64 zeros for its first, eventId, streamId, streamVersion, type, schemaVersion, data, metadata, recordedAt }',
  chainHash: 'sha256 (hex) of the text "<chainHash of the previous event by position, or 64 zeros>:<hash>"',
  previousStreamHash: "on an event whose stream began before the archive: the hash of that stream's previous event",
  anchoredSeal:
    "Ed25519 signature (base64) over the canonical JSON of the seal's other fields, by the key given in publicKey (SPKI PEM); keyId = first 32 hex digits of the sha256 of its DER",
} as const;

export interface SealJson {
  readonly position: string;
  readonly chainHash: string;
}

/** The archive's first entry: everything a verifier must know before reading the events. */
export interface ArchiveManifest {
  readonly format: typeof ARCHIVE_FORMAT;
  readonly history: string;
  readonly createdAt: string;
  /** What wrote the archive: the package and, where the code runs from a git checkout, its commit. */
  readonly codeVersion: { readonly package: string; readonly commit: string | null };
  /** The instants asked for (null: from the beginning, up to the head). */
  readonly range: { readonly from: string | null; readonly to: string | null };
  readonly eventCount: number;
  readonly eventsPerFile: number;
  readonly firstPosition: string | null;
  readonly lastPosition: string | null;
  /** The seal of the event just before the first one (64 zeros at position 0 for a whole history). */
  readonly previousSeal: SealJson;
  /** The seal of the last event. */
  readonly headSeal: SealJson;
  /** The latest seal anchored outside the database that the archive reaches, signed. */
  readonly anchoredSeal: SignedSeal | null;
  readonly publicKey: string | null;
  readonly personalData: string;
  readonly hashing: typeof HASHING;
}

export const sealJson = (seal: Seal): SealJson => ({ position: seal.position.toString(), chainHash: seal.chainHash });

const isSealJson = (value: unknown): value is SealJson =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as SealJson).position === 'string' &&
  /^\d{1,19}$/.test((value as SealJson).position) &&
  typeof (value as SealJson).chainHash === 'string' &&
  /^[0-9a-f]{64}$/.test((value as SealJson).chainHash);

const isPosition = (value: unknown): value is string | null =>
  value === null || (typeof value === 'string' && /^[1-9]\d{0,18}$/.test(value));

/** The manifest, or the French reason it is not one. */
export const parseManifest = (text: string): ArchiveManifest | string => {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return "le manifeste n'est pas du JSON";
  }
  if (typeof value !== 'object' || value === null || value.format !== ARCHIVE_FORMAT)
    return `le manifeste n'est pas au format ${ARCHIVE_FORMAT}`;
  if (typeof value.history !== 'string') return "le manifeste ne nomme pas l'historique";
  if (!Number.isSafeInteger(value.eventCount) || (value.eventCount as number) < 0)
    return 'le nombre d’événements du manifeste est invalide';
  if (!isPosition(value.firstPosition) || !isPosition(value.lastPosition)) return 'les positions extrêmes du manifeste sont invalides';
  if (!isSealJson(value.previousSeal) || !isSealJson(value.headSeal)) return 'les sceaux du manifeste sont invalides';
  if (value.anchoredSeal !== null && !parseSignedSeal(value.anchoredSeal)) return 'le sceau signé du manifeste est illisible';
  if (value.publicKey !== null && typeof value.publicKey !== 'string') return 'la clé publique du manifeste est illisible';
  return value as unknown as ArchiveManifest;
};

/** One event as auditors get it (archive line, API): as stored, with both hashes. */
export const auditEventJson = (record: HistoryRecord) => ({
  position: record.position.toString(),
  eventId: record.eventId,
  streamId: record.streamId,
  streamVersion: record.streamVersion,
  type: record.type,
  schemaVersion: record.schemaVersion,
  data: record.data,
  metadata: record.metadata,
  recordedAt: record.recordedAt.toISOString(),
  hash: record.hash,
  chainHash: record.chainHash,
  ...(record.previousStreamHash ? { previousStreamHash: record.previousStreamHash } : {}),
});

/** Written without recursion: a line for any event PostgreSQL stores, however deep (issue 18). */
export const recordLine = (record: HistoryRecord): string => jsonText(auditEventJson(record));

const HEX64 = /^[0-9a-f]{64}$/;

/** An event from its JSON line, or undefined when the line is not one (shapes only: hashes judge the rest). */
export const parseRecordLine = (line: string): HistoryRecord | undefined => {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const {
    position,
    eventId,
    streamId,
    streamVersion,
    type,
    schemaVersion,
    data,
    metadata,
    recordedAt,
    hash,
    chainHash,
    previousStreamHash,
  } = value;
  const valid =
    typeof position === 'string' &&
    /^[1-9]\d{0,18}$/.test(position) &&
    typeof eventId === 'string' &&
    typeof streamId === 'string' &&
    Number.isSafeInteger(streamVersion) &&
    typeof type === 'string' &&
    Number.isSafeInteger(schemaVersion) &&
    typeof recordedAt === 'string' &&
    !Number.isNaN(Date.parse(recordedAt)) &&
    typeof hash === 'string' &&
    HEX64.test(hash) &&
    typeof chainHash === 'string' &&
    HEX64.test(chainHash) &&
    (previousStreamHash === undefined || (typeof previousStreamHash === 'string' && HEX64.test(previousStreamHash)));
  if (!valid) return undefined;
  return {
    position: BigInt(position),
    eventId,
    streamId,
    streamVersion: streamVersion as number,
    type,
    schemaVersion: schemaVersion as number,
    data,
    metadata,
    recordedAt: new Date(recordedAt),
    hash,
    chainHash,
    ...(previousStreamHash ? { previousStreamHash: previousStreamHash as string } : {}),
  };
};
