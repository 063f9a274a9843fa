import { extendChain, historyIdentity, type EventStore } from '@digit/event-store';
import type { Bus } from '@digit/messaging';
import { advanceBucket, createSealBucket, latestInBucket } from './seal-bucket.js';
import { sealConfigFromEnv, type SealConfig } from './seal-config.js';
import { loadSigningKey, type SealSigningKey } from './seal-keys.js';
import { appendToSealLog, latestInSealLog, sealLogFile } from './seal-log.js';
import { isSignedBy, sealOf, signSeal, type SignedSeal } from './signed-seal.js';

export type AnchorOutcome =
  | { readonly status: 'anchored'; readonly seal: SignedSeal }
  /** Both anchors already hold the head (or the history is empty). */
  | { readonly status: 'unchanged'; readonly seal: SignedSeal | undefined }
  /** The history no longer reaches the latest anchored seal: nothing is signed, the alarm is logged. */
  | { readonly status: 'refused'; readonly position: bigint; readonly reason: string };

export interface SealAnchorer {
  anchor(): Promise<AnchorOutcome>;
}

const higher = (a: SignedSeal | undefined, b: SignedSeal | undefined): SignedSeal | undefined =>
  !a ? b : !b ? a : BigInt(b.position) > BigInt(a.position) ? b : a;

/**
 * One anchoring: extends the latest anchored seal (file or bucket, whichever is higher) to the
 * history's head, checking the chain in between, signs the head and anchors it in both places.
 * It never signs a head that does not chain from what it signed before (a cut or rewritten
 * history keeps its last good seal, which `audit verify` then fails against), and never moves
 * an anchor back.
 */
export const createSealAnchorer = async (options: {
  store: EventStore;
  bus: Bus;
  config: SealConfig;
  key?: SealSigningKey;
  log: (line: string) => void;
}): Promise<SealAnchorer> => {
  const key = options.key ?? (await loadSigningKey(options.config));
  const kv = await createSealBucket(options.bus, options.config.replicas);
  const history = await historyIdentity(options.store);
  const logFile = sealLogFile(options.config, history);
  const trusted = (seal: SignedSeal | undefined): SignedSeal | undefined => {
    if (!seal) return undefined;
    if (seal.history === history && isSignedBy(seal, key)) return seal;
    options.log(
      `[history-seal] ALERT: an anchored seal at position ${seal.position} of ${history} is not signed by key ${key.keyId}: ignored`,
    );
    return undefined;
  };
  return {
    async anchor() {
      const [inFile, inBucket] = await Promise.all([latestInSealLog(logFile), latestInBucket(kv, history)]);
      const fileSeal = trusted(inFile.seal);
      const bucketSeal = trusted(inBucket.seal);
      const base = higher(fileSeal, bucketSeal);
      const extension = await extendChain(options.store, base && sealOf(base));
      if (!extension.ok) {
        options.log(
          `[history-seal] ALERT: ${history} no longer reaches its anchored seal at position ${base?.position} (${extension.reason} at ${extension.position}); nothing signed`,
        );
        return { status: 'refused', position: extension.position, reason: extension.reason };
      }
      const head = extension.head;
      if (!head) return { status: 'unchanged', seal: undefined };
      const seal = base && BigInt(base.position) === head.position ? base : signSeal(key, { history, seal: head, sealedAt: new Date() });
      const bucket = await advanceBucket(kv, seal, (current) => trusted(current) !== undefined);
      const fileBehind = !fileSeal || BigInt(fileSeal.position) < BigInt(seal.position);
      if (fileBehind) await appendToSealLog(logFile, seal);
      return bucket === 'kept' && !fileBehind && seal === base ? { status: 'unchanged', seal } : { status: 'anchored', seal };
    },
  };
};

export interface SealAnchorOptions {
  readonly store: EventStore;
  readonly bus: Bus;
  /** Default: from the environment (DIGIT_DATA_DIR, DIGIT_SEAL_KEY_FILE, NATS_REPLICAS, DIGIT_ENV). */
  readonly sealConfig?: SealConfig;
  /** At most 60 s (R-SEC-5); shorter in tests. */
  readonly intervalMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * Anchors a signed head seal of the history every `intervalMs` and once more on `stop()`
 * (a service's infra fits as options: `await startSealAnchor(infra)`)
 * (R-SEC-5). Refuses to start without a usable key (production without DIGIT_SEAL_KEY_FILE, a
 * key readable by others). A failed anchoring (NATS or PostgreSQL away) is logged and tried
 * again at the next tick; it never stops the process that runs it.
 */
export const startSealAnchor = async (options: SealAnchorOptions): Promise<{ stop(): Promise<void> }> => {
  const log = options.log ?? ((line: string) => console.error(line));
  const intervalMs = Math.min(options.intervalMs ?? 60_000, 60_000);
  const anchorer = await createSealAnchorer({
    store: options.store,
    bus: options.bus,
    config: options.sealConfig ?? sealConfigFromEnv(),
    log,
  });
  const anchorLogged = () =>
    anchorer.anchor().then(
      () => undefined,
      (error: unknown) => log(`[history-seal] anchoring failed, next try in ${intervalMs / 1000} s: ${(error as Error).message}`),
    );
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void>;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = anchorLogged().then(schedule);
    }, intervalMs);
    timer.unref();
  };
  running = anchorLogged().then(schedule);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await anchorLogged();
    },
  };
};
