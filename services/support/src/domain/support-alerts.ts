import { Temporal } from 'temporal-polyfill';
import { townName, type Alert, type Insee } from '@digit/contracts';
import { formatInstantFr, parisDateOf } from '@digit/calendar';
import type { MaintainedService } from './maintenance-notice.decider.js';
import { requestDueAt, type RequestClock } from './request-deadlines.js';
import type { ReceivedRequestState, WaitingPeriod } from './request.state.js';
import { addServiceMinutes } from './service-hours.js';

/**
 * R-SEC-6: what DIGIT must act on in support at the instant `at`, from each request's and
 * notice's facts dated up to then (a later reply, closure or restoration does not count).
 * - `response-breached` / `resolution-breached` (R-SUP-3): a running clock is past its due time,
 *   recorded or not yet seen by the periodic check: critical.
 * - `response-due` / `resolution-due` (R-SUP-3): a running clock falls due within the next
 *   DUE_SOON_SERVICE_MINUTES service minutes (one service half-day, 9:00–12:00 or 14:00–17:00,
 *   on the request's own calendar): warning, so it is answered in time. While the town is waited
 *   for, the clocks stand still: no alert.
 * - `privacy-check-pending` / `privacy-check-refused` (R-GDPR-2): a request holding personal data
 *   is held until the privacy service says its processing is in the town DPD's register; refused,
 *   nothing of it is processed until the DPD registers it (critical).
 * - `interruption-not-restored` (R-SUP-4): a maintenance interruption not restored; critical once
 *   past its announced end.
 */
export const DUE_SOON_SERVICE_MINUTES = 180;

const isBefore = (a: string, b: string): boolean => Temporal.Instant.compare(a, b) < 0;
const after = (instant: string | null, at: string): boolean => instant !== null && isBefore(at, instant);

/** The request as its facts dated up to `at` make it; null when it was not received yet. */
export const requestAsOf = (request: ReceivedRequestState, at: string): ReceivedRequestState | null => {
  if (after(request.receivedAt, at)) return null;
  const periods: WaitingPeriod[] = [];
  let waitingSince = request.waitingSince !== null && !after(request.waitingSince, at) ? request.waitingSince : null;
  for (const period of request.waitingPeriods) {
    if (after(period.start, at)) continue;
    if (after(period.end, at)) waitingSince = period.start;
    else periods.push(period);
  }
  const closed = request.closedAt !== null && !after(request.closedAt, at);
  return {
    ...request,
    status: closed ? 'closed' : 'open',
    closedAt: closed ? request.closedAt : null,
    firstRepliedAt: after(request.firstRepliedAt, at) ? null : request.firstRepliedAt,
    waitingSince,
    waitingPeriods: periods,
  };
};

const CLOCK_LABELS: Readonly<Record<RequestClock, { readonly name: string; readonly todo: string }>> = {
  firstResponse: { name: 'délai de première réponse', todo: 'répondez à la ville' },
  resolution: { name: 'délai de résolution', todo: 'résolvez la demande ou dites à la ville où elle en est' },
};

const ticketAlert = (request: ReceivedRequestState, kind: string, severity: Alert['severity'], dueAt: string, message: string): Alert => ({
  kind,
  rule: kind.startsWith('privacy') ? 'R-GDPR-2' : 'R-SUP-3',
  severity,
  subject: request.requestId,
  insee: request.insee,
  date: parisDateOf(dueAt),
  message: `${townName(request.insee)} : demande ${request.requestId} — ${message}`,
  demo: false,
});

const clockAlerts = (request: ReceivedRequestState, at: string): Alert[] => {
  const running: RequestClock[] = request.firstRepliedAt === null ? ['firstResponse', 'resolution'] : ['resolution'];
  const soon = addServiceMinutes(at, DUE_SOON_SERVICE_MINUTES, request.serviceLevel.calendar);
  return running.flatMap((clock): Alert[] => {
    const dueAt = requestDueAt(request, clock);
    if (dueAt === null) return [];
    const { name, todo } = CLOCK_LABELS[clock];
    const short = clock === 'firstResponse' ? 'response' : 'resolution';
    if (isBefore(dueAt, at))
      return [
        ticketAlert(
          request,
          `${short}-breached`,
          'critical',
          dueAt,
          `${name} dépassé depuis le ${formatInstantFr(dueAt)} (heures de service) : ${todo}.`,
        ),
      ];
    if (!isBefore(soon, dueAt))
      return [
        ticketAlert(
          request,
          `${short}-due`,
          'warning',
          dueAt,
          `${name} atteint le ${formatInstantFr(dueAt)} (heures de service) : ${todo} avant.`,
        ),
      ];
    return [];
  });
};

const privacyAlert = (request: ReceivedRequestState, privacyCheckedAt: string | null, at: string): Alert | null => {
  // A verdict dated after `at` was not known then: the request was still waiting for it.
  const verdict = after(privacyCheckedAt, at) ? 'pending' : request.privacyCheck;
  if (verdict === 'pending') {
    return ticketAlert(
      request,
      'privacy-check-pending',
      'warning',
      request.receivedAt,
      'elle contient des données personnelles et reste retenue tant que le service RGPD n’a pas confirmé que leur traitement est au registre du DPD de la ville (vérification relancée automatiquement).',
    );
  }
  if (verdict !== 'not-registered') return null;
  return ticketAlert(
    request,
    'privacy-check-refused',
    'critical',
    privacyCheckedAt ?? request.receivedAt,
    'elle contient des données personnelles dont le traitement n’est pas au registre du DPD de la ville : elle est retenue, rien n’en est traité. ' +
      'Le DPD de la ville inscrit et valide le traitement, puis la DIGIT relance la vérification.',
  );
};

/** One request's alerts at `at` (its facts after `at` ignored). */
export const requestAlerts = (current: ReceivedRequestState, privacyCheckedAt: string | null, at: string): Alert[] => {
  const request = requestAsOf(current, at);
  if (!request || request.status !== 'open') return [];
  const privacy = privacyAlert(request, privacyCheckedAt, at);
  return [...clockAlerts(request, at), ...(privacy ? [privacy] : [])];
};

/** What an interruption alert needs of a maintenance notice (R-SUP-4). */
export interface InterruptionFacts {
  readonly id: string;
  readonly services: readonly MaintainedService[];
  readonly plannedEnd: string;
  readonly recipients: readonly Insee[];
  readonly interruptedAt: string | null;
  readonly restoredAt: string | null;
}

const SERVICES: Readonly<Record<MaintainedService, string>> = {
  'web-map': 'le module cartographique web',
  database: 'l’accès aux bases de données',
};

/**
 * R-SUP-4: an interruption started by `at` and not restored then. Told to one town (`insee`,
 * among its recipients) or, for DIGIT, once for all its recipients (`insee` null).
 */
export const interruptionAlert = (notice: InterruptionFacts, at: string, insee: Insee | undefined): Alert | null => {
  if (notice.interruptedAt === null || after(notice.interruptedAt, at) || (notice.restoredAt !== null && !after(notice.restoredAt, at)))
    return null;
  if (insee !== undefined && !notice.recipients.includes(insee)) return null;
  const overdue = isBefore(notice.plannedEnd, at);
  const what = notice.services.map((service) => SERVICES[service]).join(' et ');
  const towns = insee === undefined ? `${notice.recipients.map(townName).join(', ')} : ` : `${townName(insee)} : `;
  return {
    kind: 'interruption-not-restored',
    rule: 'R-SUP-4',
    severity: overdue ? 'critical' : 'warning',
    subject: notice.id,
    insee: insee ?? null,
    date: parisDateOf(notice.plannedEnd),
    message:
      `${towns}interruption de maintenance ${notice.id} (${what}) en cours depuis le ${formatInstantFr(notice.interruptedAt)}, ` +
      (overdue
        ? `au-delà de la fin annoncée (${formatInstantFr(notice.plannedEnd)}) : rétablissez le service au plus vite et prévenez les villes.`
        : `fin annoncée le ${formatInstantFr(notice.plannedEnd)} : enregistrez le rétablissement dès qu’il est fait.`),
    demo: false,
  };
};
