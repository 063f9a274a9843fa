import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Insee } from '@digit/contracts';
import { MAX_REPORTED_LINE_ERRORS, type BalBaseline, type BalLineError } from '../domain/voirie/index.js';

export type BalCheck =
  { readonly ok: true; readonly baseline: BalBaseline } | { readonly ok: false; readonly errors: readonly BalLineError[] };

/** The built script (tools/build.mjs): from dist/voirie as from src/voirie (tests), the package's dist. */
const CHECKER = fileURLToPath(new URL('../../dist/voirie/bal-baseline.process.js', import.meta.url));

/**
 * The checker's own heap: the validator's rows of a 150,000-line file fit. A child process, not a
 * worker thread: a worker cannot get a larger heap than the service's own bound (its V8 flags win).
 */
const CHECKER_FLAGS = ['--max-old-space-size=1536'];

/**
 * A BAL file checked by the official validator (`@ban-team/validateur-bal`, profile 1.4), then read
 * into the registry's roads and numbers (R-DX-9), in a process of its own so that the service keeps
 * answering meanwhile and its heap stays bounded. Blocking errors only, by line (0: the file).
 */
export const checkBalFile = (bytes: Buffer, insee: Insee): Promise<BalCheck> =>
  new Promise<BalCheck>((resolve, reject) => {
    const checker = fork(CHECKER, [], {
      execArgv: CHECKER_FLAGS,
      env: { ...process.env, NODE_OPTIONS: '' },
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answered = false;
    checker.once('message', (result: BalCheck) => {
      answered = true;
      resolve(result.ok ? result : { ok: false, errors: result.errors.slice(0, MAX_REPORTED_LINE_ERRORS) });
    });
    checker.once('error', reject);
    checker.once('exit', (code) => (answered ? undefined : reject(new Error(`the BAL checker exited with ${code}`))));
    checker.send({ bytes, insee });
  });
