import { formatInstantFr, parisDateOf } from '@digit/calendar';
import {
  conventionsMessages,
  dataExchangeMessages,
  privacyMessages,
  supportMessages,
  townName,
  type Alert,
  type Caller,
  type Insee,
  type TicketView,
} from '@digit/contracts';
import { DEAD_LETTERS_STREAM, type Bus } from '@digit/messaging';
import type { HealthReport } from '../../health/health.controller.js';
import { isTownPerson, mayOpen, PAGES, townsOf } from '../dashboard-page.js';
import type { DashboardServices, Section } from '../dashboard-services.js';

/** What the alerts are gathered from, and whether each answered (a source down is said, never hidden). */
export interface GatheredAlerts {
  readonly alerts: readonly Alert[];
  readonly unavailable: readonly string[];
}

const SEVERITY_ORDER = { critical: 0, warning: 1 } as const;

/** Critical first, then by the date that matters. */
export const byUrgency = (a: Alert, b: Alert): number => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.date.localeCompare(b.date);

const alertsOf = (section: Section<{ readonly alerts: readonly Alert[] }>, source: string, unavailable: string[]): readonly Alert[] => {
  if (section.ok) return section.value.alerts;
  if (section.reason === 'unavailable') unavailable.push(source);
  return [];
};

/** The clock that ran out: the first response while none was given, else the resolution. */
const overdueClock = (ticket: TicketView) =>
  ticket.firstRepliedAt === null && ticket.firstResponseDueAt
    ? { clock: 'firstResponse' as const, dueAt: ticket.firstResponseDueAt }
    : { clock: 'resolution' as const, dueAt: ticket.resolutionDueAt ?? ticket.receivedAt };

/** R-SEC-6 / R-SUP-3: each open request whose service-hours clock ran out. */
const breachedTickets = async (services: DashboardServices, caller: Caller, town: Insee | undefined, unavailable: string[]): Promise<Alert[]> => {
  if (!mayOpen(supportMessages.tickets.policy, caller)) return [];
  const section = await services.read(supportMessages.tickets, { status: 'open', breached: true, limit: 100, ...(town ? { insee: town } : {}) }, caller);
  if (!section.ok) {
    if (section.reason === 'unavailable') unavailable.push('support');
    return [];
  }
  return section.value.items.map((ticket) => {
    // The service may answer a request as breached before its calendar has recorded the breach.
    const breach = ticket.breaches.at(-1) ?? overdueClock(ticket);
    return {
      kind: 'response-time-breached',
      rule: 'R-SUP-3',
      severity: 'critical',
      subject: ticket.id,
      insee: ticket.insee,
      date: parisDateOf(breach.dueAt),
      message: `Demande ${ticket.id} (${ticket.town}) : délai de ${breach.clock === 'firstResponse' ? 'première réponse' : 'résolution'} dépassé, échéance le ${formatInstantFr(breach.dueAt)} (heures de service).`,
      demo: false,
    };
  });
};

/** R-GDPR-2: the checks the register refused (data held) in the log of each town the person may read. */
const refusedChecks = async (services: DashboardServices, caller: Caller, towns: readonly Insee[], asOf: string, unavailable: string[]): Promise<Alert[]> => {
  if (!mayOpen(privacyMessages.processingLog.policy, caller)) return [];
  const logs = await Promise.all(towns.map((insee) => services.read(privacyMessages.processingLog, { insee, to: asOf, limit: 100 }, caller)));
  return logs.flatMap((log, index) => {
    if (!log.ok) {
      if (log.reason === 'unavailable' && !unavailable.includes('privacy')) unavailable.push('privacy');
      return [];
    }
    return log.value.entries
      .filter((entry) => entry.outcome === 'refused')
      .map((entry) => ({
        kind: 'gdpr-check-refused',
        rule: 'R-GDPR-2',
        severity: 'warning' as const,
        subject: entry.checkId,
        insee: towns[index]!,
        date: parisDateOf(entry.checkedAt),
        message: `${townName(towns[index]!)} : données retenues, traitement non inscrit au registre du DPD (${entry.item.kind} ${entry.item.id}) : ${entry.summary}`,
        demo: false,
      }));
  });
};

/** Messages a consumer gave up on (ops and auditors): how many wait for a look. */
export const deadLetterCount = async (bus: Bus): Promise<number> => (await bus.jsm.streams.info(bus.streamName(DEAD_LETTERS_STREAM))).state.messages;

/**
 * Everything a person must act on, on `asOf`, across what they may see (R-SEC-6): the conventions'
 * terms and notices, annex 4's licences and contracts, breached response times, refused GDPR checks,
 * and for DIGIT the dead letters and any service not answering.
 */
export const gatherAlerts = async (
  services: DashboardServices,
  bus: Bus,
  caller: Caller,
  asOf: string,
  health: HealthReport,
  /** One town (the Commune page), or every town the person may see. */
  town?: Insee,
): Promise<GatheredAlerts> => {
  const unavailable: string[] = [];
  const towns = town ? [town] : townsOf(caller);
  const operator = mayOpen(PAGES.system.policy, caller);
  const mayReadLicences = mayOpen(dataExchangeMessages.licenceAlerts.policy, caller);
  const [conventions, licences, tickets, checks, deadLetters] = await Promise.all([
    services.read(conventionsMessages.alerts, { asOf }, caller),
    mayReadLicences ? services.read(dataExchangeMessages.licenceAlerts, { asOf }, caller) : Promise.resolve({ ok: true as const, value: { asOf, alerts: [] } }),
    breachedTickets(services, caller, town, unavailable),
    refusedChecks(services, caller, towns, asOf, unavailable),
    operator ? deadLetterCount(bus).catch(() => null) : Promise.resolve(0),
  ]);
  const system: Alert[] = operator
    ? [
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
                    : `${deadLetters} message(s) abandonné(s) par un consommateur après plusieurs tentatives : voir la page Système.`,
                demo: false,
              },
            ]
          : []),
      ]
    : [];
  // Each service already narrowed its answer to the person's town; the page checks it once more (R-SEC-2).
  const visible = new Set<string>(towns);
  const alerts = [...alertsOf(conventions, 'conventions', unavailable), ...alertsOf(licences, 'data-exchange', unavailable), ...tickets, ...checks, ...system]
    .filter((alert) => (alert.insee === null ? !isTownPerson(caller) && !town : visible.has(alert.insee)))
    .sort(byUrgency);
  return { alerts, unavailable };
};
