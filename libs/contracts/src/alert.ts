import type { Insee } from './towns.js';

/**
 * Something a party must act on, before or since a date (DOMAIN R-SEC-6). Each service computes
 * its own alerts for a given date with a pure function over its state and answers them on its
 * `digit.query.<context>.alerts` subject, so a dashboard can gather them.
 */
export interface Alert {
  /** Stable, for filtering: `sig-usage-exceeds-option`, `contract-ended`, `licence-ending`... */
  readonly kind: string;
  /** The DOMAIN rule it serves, e.g. `R-CON-7`. */
  readonly rule: string;
  /** `critical`: the date has passed; `warning`: it is coming, or a limit is exceeded. */
  readonly severity: 'warning' | 'critical';
  /** What it is about: a town's INSEE code, an agreement's id. */
  readonly subject: string;
  readonly insee: Insee | null;
  /** The date that matters (an end, a measurement), `YYYY-MM-DD`. */
  readonly date: string;
  /** One French sentence that says what happens and what to do. */
  readonly message: string;
  /** True when the alert rests on demonstration data, not on the seed. */
  readonly demo: boolean;
}
