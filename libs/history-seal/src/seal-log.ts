import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { safeHistoryName, sealDirectory, type SealConfig } from './seal-config.js';
import { parseSignedSeal, type SignedSeal } from './signed-seal.js';

/**
 * The file anchor: an append-only log of signed seals, one JSON line each, under
 * `DIGIT_DATA_DIR/history-seal/<history>.seals.jsonl`. Append-only rather than "latest +
 * history": one write per seal (O_APPEND, a single line, so concurrent anchorers never
 * interleave), nothing ever rewritten in place, and every past seal kept, so an archive cut
 * at an earlier instant still finds the signed seal of its own last event.
 */
export const sealLogFile = (config: Pick<SealConfig, 'dataDir'>, history: string): string =>
  join(sealDirectory(config), `${safeHistoryName(history)}.seals.jsonl`);

export const appendToSealLog = async (file: string, seal: SignedSeal): Promise<void> => {
  await mkdir(join(file, '..'), { recursive: true, mode: 0o700 });
  await appendFile(file, `${JSON.stringify(seal)}\n`, { mode: 0o644 });
};

/** Lines no seal could be read from: a torn last write, or an edit. */
export interface SealLogReading {
  readonly seal: SignedSeal | undefined;
  readonly unreadableLines: number;
}

const TAIL_BYTES = 64 * 1024;

const position = (seal: SignedSeal): bigint => BigInt(seal.position);

/** Keeps the seal of highest position (concurrent anchorers may append slightly out of order). */
const highest = (lines: Iterable<string>, accept: (seal: SignedSeal) => boolean = () => true): SealLogReading => {
  let seal: SignedSeal | undefined;
  let unreadableLines = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    let parsed: SignedSeal | undefined;
    try {
      parsed = parseSignedSeal(JSON.parse(line));
    } catch {
      parsed = undefined;
    }
    if (!parsed) unreadableLines += 1;
    else if (accept(parsed) && (!seal || position(parsed) > position(seal))) seal = parsed;
  }
  return { seal, unreadableLines };
};

/** The latest seal of the log, read from its last 64 KiB (hundreds of seals), so it costs the same whatever the log's length. */
export const latestInSealLog = async (file: string): Promise<SealLogReading> => {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!handle) return { seal: undefined, unreadableLines: 0 };
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n');
    // A read that starts inside a line drops that partial first line.
    return highest(start > 0 ? lines.slice(1) : lines);
  } finally {
    await handle.close();
  }
};

/** The seal of highest position at or below `limit` in the whole log (streamed: memory flat). */
export const sealInLogAtOrBelow = async (
  file: string,
  limit: bigint,
  accept: (seal: SignedSeal) => boolean,
): Promise<SignedSeal | undefined> => {
  const input = createReadStream(file, 'utf8');
  try {
    const lines = createInterface({ input, crlfDelay: Infinity });
    let best: SignedSeal | undefined;
    const batch: string[] = [];
    const flush = () => {
      const { seal } = highest(batch, (seal) => position(seal) <= limit && accept(seal));
      if (seal && (!best || position(seal) > position(best))) best = seal;
      batch.length = 0;
    };
    for await (const line of lines) {
      batch.push(line);
      if (batch.length === 1000) flush();
    }
    flush();
    return best;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  } finally {
    input.destroy();
  }
};
