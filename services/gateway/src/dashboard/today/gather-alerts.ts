import { compareAlerts, type Alert, type Caller, type Insee } from '@digit/contracts';
import { DEAD_LETTERS_STREAM, type Bus } from '@digit/messaging';
import { gatherAlerts as gatherServiceAlerts } from '../../alerts/gather-alerts.js';
import type { HealthReport } from '../../health/health.controller.js';
import { isTownPerson, mayOpen, PAGES, townsOf } from '../dashboard-page.js';

/** What the alerts are gathered from, and whether each answered (a source down is said, never hidden). */
export interface GatheredAlerts {
  readonly alerts: readonly Alert[];
  readonly unavailable: readonly string[];
}

/** Messages a consumer gave up on (ops and auditors): how many wait for a look. */
export const deadLetterCount = async (bus: Bus): Promise<number> =>
  (await bus.jsm.streams.info(bus.streamName(DEAD_LETTERS_STREAM))).state.messages;

/** For DIGIT (the system page's readers): every service not answering, and the dead letters waiting for a look. */
const systemAlerts = (health: HealthReport, deadLetters: number | null, asOf: string): Alert[] => [
  ...health.services
    .filter((service) => service.status !== 'ok')
    .map((service) => ({
      kind: 'service-not-answering',
      rule: 'R-SUP-4',
      severity: 'critical' as const,
      subject: service.name,
      insee: null,
      date: asOf,
      message: `Le service ${service.name} ne répond pas : voir la page Système.`,
      demo: false,
    })),
  ...(deadLetters === null || deadLetters > 0
    ? [
        {
          kind: 'dead-letters',
          rule: 'R-DX-2',
          severity: 'warning' as const,
          subject: 'dead-letters',
          insee: null,
          date: asOf,
          message:
            deadLetters === null
              ? 'Les messages en échec ne peuvent pas être lus (NATS) : voir la page Système.'
              : `${deadLetters} message(s) abandonné(s) par un consommateur après plusieurs tentatives : voir la page Système (rejouer).`,
          demo: false,
        },
      ]
    : []),
];

/**
 * Everything a person must act on, on `asOf`, across what they may see (R-SEC-6): every service's
 * `alerts`, asked as the person (alerts/gather-alerts.ts: conventions, annex 4, support's response
 * times, held requests and interruptions, GDPR holds, drafts and trainings, billing's mémoires and
 * N+1 decisions), and for DIGIT the dead letters and any service not answering.
 */
export const gatherAlerts = async (
  bus: Bus,
  caller: Caller,
  asOf: string,
  health: HealthReport,
  /** One town (the Commune page), or every town the person may see. */
  town?: Insee,
): Promise<GatheredAlerts> => {
  const towns = town ? [town] : townsOf(caller);
  const operator = mayOpen(PAGES.system.policy, caller);
  const [overview, deadLetters] = await Promise.all([
    gatherServiceAlerts(bus, caller, { asOf, ...(town ? { insee: town } : {}) }),
    operator ? deadLetterCount(bus).catch(() => null) : Promise.resolve(0),
  ]);
  // A service not answering is said by `unavailable` (and, for DIGIT, by the health alerts), not twice.
  const fromServices = overview.alerts.filter((alert) => alert.kind !== 'service-unavailable');
  // Each service already narrowed its answer to the person's town; the page checks it once more (R-SEC-2).
  const visible = new Set<string>(towns);
  const alerts = [...fromServices, ...(operator ? systemAlerts(health, deadLetters, asOf) : [])]
    .filter((alert) => (alert.insee === null ? !isTownPerson(caller) && !town : visible.has(alert.insee)))
    .sort(compareAlerts);
  return { alerts, unavailable: overview.sources.filter((source) => source.status === 'unavailable').map((source) => source.service) };
};
