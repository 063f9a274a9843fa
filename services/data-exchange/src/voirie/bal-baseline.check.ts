import { Worker } from 'node:worker_threads';
import type { Insee } from '@digit/contracts';
import { MAX_REPORTED_LINE_ERRORS, type BalBaseline, type BalLineError } from '../domain/voirie/index.js';

export type BalCheck = { readonly ok: true; readonly baseline: BalBaseline } | { readonly ok: false; readonly errors: readonly BalLineError[] };

/** The built worker (tools/build.mjs): from dist/voirie as from src/voirie (tests), the package's dist. */
const WORKER = new URL('../../dist/voirie/bal-baseline.worker.js', import.meta.url);

/** The worker's own heap: the validator's rows of a 150,000-line file fit (R-SEC-5: bounded, but for the file's size). */
const WORKER_HEAP_MB = 1536;

/**
 * A BAL file checked by the official validator (`@ban-team/validateur-bal`, profile 1.4), then read
 * into the registry's roads and numbers (R-DX-9), in a worker thread so that the service keeps
 * answering meanwhile and its own heap stays bounded. Blocking errors only, by line (0: the file).
 */
export const checkBalFile = (bytes: Buffer, insee: Insee): Promise<BalCheck> =>
  new Promise<BalCheck>((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { bytes, insee }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    worker.once('message', (result: BalCheck) => resolve(result.ok ? result : { ok: false, errors: result.errors.slice(0, MAX_REPORTED_LINE_ERRORS) }));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`BAL validation worker exited with ${code}`))));
  });
