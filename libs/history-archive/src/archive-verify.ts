import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { startHistoryCheck, type HistoryRecord, type Seal } from '@digit/event-store';
import { isSignedBy, sealOf, sealPublicKeyFromPem, type SealPublicKey, type SignedSeal } from '@digit/history-seal';
import { eventsEntry, MANIFEST_ENTRY, parseManifest, parseRecordLine, type ArchiveManifest } from './archive-format.js';

export type ArchiveVerification =
  | {
      readonly ok: true;
      readonly eventsChecked: number;
      readonly manifest: ArchiveManifest;
      /** The signed seal the events reached (or stood after), with the key that signed it. */
      readonly anchoredSeal: { readonly seal: SignedSeal; readonly keyId: string; readonly within: boolean } | undefined;
      /** What the auditor should know (French): no signed seal, events after it, key not pinned. */
      readonly notes: readonly string[];
    }
  /** `position`: the first bad event's, or undefined when the manifest itself is at fault. */
  | { readonly ok: false; readonly eventsChecked: number; readonly position: bigint | undefined; readonly reason: string };

type Failure = Extract<ArchiveVerification, { ok: false }>;

const MAX_MANIFEST_BYTES = 1024 * 1024;

/** What `onRecord` threw: the reader's failure, not the archive's. */
class ConsumerFailure {
  constructor(readonly cause: unknown) {}
}

const seal = (json: { position: string; chainHash: string }): Seal => ({ position: BigInt(json.position), chainHash: json.chainHash });

/** The manifest's signed seal, checked against its key (and the key the auditor pinned, if any). */
const checkSignedSeal = (
  manifest: ArchiveManifest,
  pinned: SealPublicKey | undefined,
): { seal: SignedSeal; key: SealPublicKey } | undefined | string => {
  if (!manifest.anchoredSeal)
    return pinned ? `aucun sceau signé dans le manifeste, alors que la clé ${pinned.keyId} est exigée` : undefined;
  let key: SealPublicKey;
  try {
    key = pinned ?? sealPublicKeyFromPem(manifest.publicKey ?? '');
  } catch {
    return 'la clé publique du manifeste est illisible';
  }
  if (pinned && manifest.publicKey && sealPublicKeyFromPem(manifest.publicKey).keyId !== pinned.keyId) {
    return `la clé publique du manifeste n'est pas la clé exigée ${pinned.keyId}`;
  }
  if (manifest.anchoredSeal.history !== manifest.history)
    return `le sceau signé est celui d'un autre historique (${manifest.anchoredSeal.history})`;
  if (!isSignedBy(manifest.anchoredSeal, key))
    return `la signature du sceau ancré (position ${manifest.anchoredSeal.position}) est invalide`;
  return { seal: manifest.anchoredSeal, key };
};

/** JSON lines of a tar entry, split across chunks without breaking UTF-8 sequences. */
async function* linesOf(entry: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of entry) {
    const lines = (rest + decoder.write(chunk as Buffer)).split('\n');
    rest = lines.pop()!;
    yield* lines;
  }
  rest += decoder.end();
  if (rest !== '') yield rest;
}

const readAll = async (entry: AsyncIterable<unknown>): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of entry) {
    size += (chunk as Buffer).length;
    if (size > MAX_MANIFEST_BYTES) throw new RangeError('manifest too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * Verifies an archive with nothing but its bytes (no database, no network): the manifest's
 * signed seal against its key (or the pinned one), then every event in order (both hashes,
 * stream versions, the chain from the seal before the first event), then that the chain
 * reaches the manifest's head seal and the signed seal, and that the counts agree. Streams:
 * memory holds one entry's line at a time and one head per stream. A failure of `onRecord`
 * ends the reading and is thrown as it is (it says nothing of the archive).
 */
export const verifyHistoryArchive = async (
  input: Readable,
  options: {
    publicKey?: SealPublicKey;
    /** Given each event once it is checked, in order (the replay loads them): reading waits for it. */
    onRecord?: (record: HistoryRecord, manifest: ArchiveManifest) => Promise<void>;
  } = {},
): Promise<ArchiveVerification> => {
  const extract = tar.extract();
  const reading = pipeline(input, createGunzip(), extract);
  let checked = 0;
  let firstPosition: bigint | undefined;
  let lastPosition: bigint | undefined;
  const failure = (position: bigint | undefined, reason: string): Failure => ({ ok: false, eventsChecked: checked, position, reason });
  try {
    const entries = extract[Symbol.asyncIterator]();
    const first = await entries.next();
    if (first.done || first.value.header.name !== MANIFEST_ENTRY)
      return failure(undefined, `l'archive ne commence pas par ${MANIFEST_ENTRY}`);
    const manifest = parseManifest(await readAll(first.value));
    if (typeof manifest === 'string') return failure(undefined, manifest);
    const signed = checkSignedSeal(manifest, options.publicKey);
    if (typeof signed === 'string') return failure(undefined, signed);
    const previous = seal(manifest.previousSeal);
    const head = seal(manifest.headSeal);
    const anchored = signed && sealOf(signed.seal);
    if (anchored && anchored.position === previous.position && anchored.chainHash !== previous.chainHash) {
      return failure(previous.position, "le sceau qui précède l'archive ne correspond pas au sceau signé");
    }
    const check = startHistoryCheck({ from: previous, expectedSeals: [head, ...(anchored ? [anchored] : [])] });
    let files = 0;
    for (let next = await entries.next(); !next.done; next = await entries.next()) {
      const entry = next.value;
      if (entry.header.name !== eventsEntry(files + 1) || entry.header.type !== 'file')
        return failure(undefined, `entrée inattendue dans l'archive : ${entry.header.name}`);
      files += 1;
      for await (const line of linesOf(entry)) {
        if (line === '') continue;
        const record: HistoryRecord | undefined = parseRecordLine(line);
        if (!record) return failure(undefined, `ligne illisible après la position ${lastPosition ?? previous.position}`);
        if (record.position > head.position) return failure(record.position, 'événement au-delà du sceau de tête du manifeste');
        const bad = check.next(record);
        if (bad) return bad;
        await options.onRecord?.(record, manifest).catch((cause: unknown) => {
          throw new ConsumerFailure(cause);
        });
        checked += 1;
        firstPosition ??= record.position;
        lastPosition = record.position;
      }
    }
    const report = check.end();
    if (!report.ok) return report;
    if (report.eventsChecked !== manifest.eventCount)
      return failure(undefined, `le manifeste annonce ${manifest.eventCount} événement(s), l'archive en contient ${report.eventsChecked}`);
    if (manifest.firstPosition !== (firstPosition?.toString() ?? null) || manifest.lastPosition !== (lastPosition?.toString() ?? null)) {
      return failure(undefined, 'les positions extrêmes du manifeste ne sont pas celles des événements');
    }
    const notes: string[] = [];
    const within = anchored !== undefined && anchored.position >= previous.position;
    if (!signed) notes.push("aucun sceau signé : l'archive n'est garantie que par son manifeste");
    else if (!within) notes.push(`le sceau signé (position ${anchored!.position}) précède l'archive : il ne la couvre pas`);
    else if (anchored!.position < report.head.position)
      notes.push(
        `les événements après la position ${anchored!.position} ne sont couverts que par le sceau de tête du manifeste (non signé)`,
      );
    if (signed && !options.publicKey)
      notes.push(`clé de signature ${signed.key.keyId} : comparez-la à l'empreinte publiée par DIGIT, ou exigez-la avec --public-key`);
    return {
      ok: true,
      eventsChecked: report.eventsChecked,
      manifest,
      anchoredSeal: signed && { seal: signed.seal, keyId: signed.key.keyId, within },
      notes,
    };
  } catch (error) {
    if (error instanceof ConsumerFailure) throw error.cause;
    return failure(undefined, `archive illisible${lastPosition ? ` après la position ${lastPosition}` : ''} (${(error as Error).message})`);
  } finally {
    input.destroy();
    extract.destroy();
    await reading.catch(() => undefined);
  }
};
