import { IsOptional } from 'class-validator';
import { IsCalendarDate } from './http/calendar-date.js';
import { IsTown } from './http/town.js';
import type { Insee } from './towns.js';

/**
 * Something a party must act on, before or since a date (DOMAIN R-SEC-6). Each service computes
 * its own alerts for a given date with a pure function over its state and answers them on its
 * `digit.query.<context>.alerts` subject; the gateway gathers them (`GET /api/v1/alerts`).
 */
export interface Alert {
  /** Stable, for filtering: `sig-usage-exceeds-option`, `contract-ended`, `licence-ending`... */
  readonly kind: string;
  /** The DOMAIN rule it serves, e.g. `R-CON-7`. */
  readonly rule: string;
  /**
   * `critical`: a date has passed, something is held until someone acts, or a deadline is too
   * close to act on in the ordinary course (a council deliberates about once a month: within 30
   * days, at most one session is left); `warning`: a date is coming, or a limit is exceeded.
   */
  readonly severity: AlertSeverity;
  /** What it is about: a town's INSEE code, an agreement's, a ticket's or a mémoire's id. */
  readonly subject: string;
  /** The town it concerns; null for what concerns the EPT as a whole (a public contract, DIGIT's agents). */
  readonly insee: Insee | null;
  /** The date that matters (an end, a due day, a measurement), `YYYY-MM-DD`. */
  readonly date: string;
  /** One French sentence that says what happens and what to do. */
  readonly message: string;
  /** True when the alert rests on demonstration data, not on the seed. */
  readonly demo: boolean;
}

export type AlertSeverity = 'warning' | 'critical';

/** Within this many days, a deadline is critical (see `Alert.severity`). */
export const CRITICAL_WITHIN_DAYS = 30;

/** Critical alerts first, then by date, then by subject: the order every alerts answer keeps. */
export const compareAlerts = (a: Alert, b: Alert): number =>
  (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1) ||
  a.date.localeCompare(b.date) ||
  a.subject.localeCompare(b.subject) ||
  a.kind.localeCompare(b.kind);

/** A service's `alerts` answer: its alerts on `asOf`, the most urgent first. */
export interface AlertsView {
  readonly asOf: string;
  readonly alerts: readonly Alert[];
}

/**
 * Every service's `alerts` request (R-SEC-6): the date (default: today in Paris) and, optionally,
 * one town. A town's people get their own town's alerts only (the policy fills `insee` in); with
 * `insee`, what concerns the EPT as a whole is left out.
 */
export class AlertsRequest {
  @IsOptional()
  @IsCalendarDate({ message: 'asOf doit être une date réelle au format AAAA-MM-JJ' })
  asOf?: string;

  @IsOptional()
  @IsTown()
  insee?: Insee;
}

/** The alerts of `alerts` that a request for one town (or for all) keeps, in order. */
export const alertsFor = (alerts: readonly Alert[], insee: Insee | undefined): Alert[] =>
  alerts.filter((alert) => insee === undefined || alert.insee === insee).sort(compareAlerts);
