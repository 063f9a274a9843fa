import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAULTS_SIZE } from './fault-size.js';

/** What each scenario prints: the same columns for all, then its own. */
export interface FaultFigures {
  readonly sent: number;
  readonly acknowledged: number;
  readonly applied: number;
  readonly duplicated: number;
  readonly lost: number;
  /** From the server back (or the fault ended) to the system serving again; undefined when nothing stopped. */
  readonly recoveryMs?: number;
  readonly [other: string]: number | string | undefined;
}

/**
 * Prints the figures of a scenario (and writes them as JSON under FAULTS_RESULTS_DIR when set,
 * to copy into the README after a full run).
 */
export const reportFigures = (scenario: string, figures: FaultFigures): void => reportScenarioFigures(scenario, figures);

/** The same line and file for a scenario whose figures are not about messages (the HTTP fuzz suite). */
export const reportScenarioFigures = (scenario: string, figures: Readonly<Record<string, number | string | undefined>>): void => {
  const cells = Object.entries(figures)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${typeof value === 'number' ? Math.round(value * 10) / 10 : value}`);
  console.log(`[faults ${FAULTS_SIZE}] ${scenario}: ${cells.join(' ')}`);
  const directory = process.env.FAULTS_RESULTS_DIR;
  if (directory) {
    mkdirSync(directory, { recursive: true });
    const file = join(directory, `${scenario.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.json`);
    writeFileSync(file, `${JSON.stringify({ scenario, size: FAULTS_SIZE, date: new Date().toISOString(), ...figures }, null, 2)}\n`);
  }
};

/** Polls `done` every few milliseconds until it holds or `timeoutMs` passes; returns whether it held. */
export const waitFor = async (done: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 25): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
};
