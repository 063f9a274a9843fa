import {
  townName,
  type Alert,
  type ConventionTermsTimeline,
  type Half,
  type Insee,
  type NewForecastAction,
  type NewRateAction,
  type RegularisationRecord,
} from '@digit/contracts';
import { addDays, formatDateFr, formatMoneyFr, isBefore, isOnOrBefore, type CalendarDate } from '@digit/calendar';
import { semesterOf, type Semester } from './semester.js';

/**
 * R-SEC-6 in billing, from its own state on `asOf`:
 * - `statement-not-issued` (R-BIL-4): the mémoire of a half that has ended, while the town had a
 *   convention in force during it, is not issued. The last STATEMENT_HALVES_WATCHED ended halves
 *   are watched (a year: the mémoires of earlier years were presented before the system); the
 *   latest one is a warning, the one before it critical (a whole half late).
 * - `regularisation-awaiting-committee` (R-BIL-5, R-BIL-8): a regularisation proposed by the
 *   comparison of a year waits for the follow-up committee; no mémoire carries it before. Warning.
 * - `new-rate-open` (R-BIL-5, art. 6.4): a change of the town's share opened a "new rate N+1"
 *   action still undecided: a warning, critical once year N+1 has begun without its rate.
 * - `new-forecast-open` (R-BIL-5): a difference beyond 15 % opened a "new forecast N+1" action,
 *   EPT-wide, with the same severities.
 */
export const STATEMENT_HALVES_WATCHED = 2;

const HALF_LABELS: Readonly<Record<Half, string>> = { 1: '1er semestre', 2: '2nd semestre' };

/** The last `count` halves ended before `asOf`, the latest first. */
export const endedHalves = (asOf: CalendarDate, count = STATEMENT_HALVES_WATCHED): Semester[] => {
  const halves: Semester[] = [];
  let year = Number(asOf.slice(0, 4));
  let half: Half = 2;
  while (halves.length < count) {
    const semester = semesterOf(year, half);
    if (isBefore(semester.to, asOf)) halves.push(semester);
    [year, half] = half === 1 ? [year - 1, 2] : [year, 1];
  }
  return halves;
};

const inForceDuring = (timeline: ConventionTermsTimeline, semester: Semester): boolean =>
  timeline.periods.some((period) => isOnOrBefore(period.from, semester.to) && isOnOrBefore(semester.from, period.to));

/** `issuedOn(year, half)`: the day the town's mémoire of that half was issued, or null. */
export const statementAlerts = (
  insee: Insee,
  timeline: ConventionTermsTimeline,
  issuedOn: (semester: Semester) => CalendarDate | null,
  asOf: CalendarDate,
): Alert[] =>
  endedHalves(asOf)
    .filter((semester) => inForceDuring(timeline, semester))
    .flatMap((semester, index): Alert[] => {
      const issued = issuedOn(semester);
      if (issued !== null && isOnOrBefore(issued, asOf)) return [];
      const year = Number(semester.from.slice(0, 4));
      return [
        {
          kind: 'statement-not-issued',
          rule: 'R-BIL-4',
          severity: index === 0 ? 'warning' : 'critical',
          subject: `${insee}-${year}-S${semester.half}`,
          insee,
          date: addDays(semester.to, 1),
          message:
            `${townName(insee)} : le mémoire du ${HALF_LABELS[semester.half]} ${year} (du ${formatDateFr(semester.from)} au ${formatDateFr(semester.to)}) n’est pas émis ; ` +
            'émettez-le avec son état semestriel des dépenses pour que la ville rembourse sa part (chapitre 930).',
          demo: false,
        },
      ];
    });

/** A statement is unknown while billing still receives the town's convention history: said once, not guessed. */
export const timelineUnknownAlert = (insee: Insee, asOf: CalendarDate): Alert => ({
  kind: 'statement-status-unknown',
  rule: 'R-BIL-4',
  severity: 'warning',
  subject: insee,
  insee,
  date: asOf,
  message: `${townName(insee)} : l’historique de la convention est en cours de réception par la facturation ; les mémoires dus seront connus dans un instant.`,
  demo: false,
});

const owed = (cents: number): string =>
  cents >= 0 ? `${formatMoneyFr(cents)} que la ville devrait à l’EPT` : `${formatMoneyFr(-cents)} que l’EPT devrait à la ville`;

export const regularisationAlerts = (insee: Insee, regularisations: readonly RegularisationRecord[], asOf: CalendarDate): Alert[] =>
  regularisations
    .filter(
      (regularisation) =>
        regularisation.status === 'proposed' && (regularisation.reconciledOn === null || isOnOrBefore(regularisation.reconciledOn, asOf)),
    )
    .map((regularisation): Alert => ({
      kind: 'regularisation-awaiting-committee',
      rule: 'R-BIL-5',
      severity: 'warning',
      subject: regularisation.proposalId,
      insee,
      date: regularisation.reconciledOn ?? asOf,
      message:
        `${townName(insee)} : la régularisation ${regularisation.year} proposée (${owed(regularisation.proposedCents)}) attend la décision du comité de suivi ; ` +
        'aucun mémoire ne la porte avant (R-BIL-8).',
      demo: false,
    }));

const yearBegun = (forYear: number, asOf: CalendarDate): boolean => isOnOrBefore(`${String(forYear).padStart(4, '0')}-01-01`, asOf);

export const newRateAlerts = (insee: Insee, actions: readonly NewRateAction[], asOf: CalendarDate): Alert[] =>
  actions
    .filter((action) => action.status === 'open' && isOnOrBefore(action.signedOn, asOf))
    .map((action): Alert => {
      const late = yearBegun(action.forYear, asOf);
      return {
        kind: 'new-rate-open',
        rule: 'R-BIL-5',
        severity: late ? 'critical' : 'warning',
        subject: action.actionId,
        insee,
        date: `${action.forYear}-01-01`,
        message:
          `${townName(insee)} : l’avenant n° ${action.amendmentNumber} du ${formatDateFr(action.signedOn)} change la part de la ville ; ` +
          `les parties doivent se rencontrer pour définir le taux de mise à disposition ${action.forYear}` +
          (late ? `, déjà commencée sans taux décidé : enregistrez leur décision.` : ' (article 6.4), puis enregistrer leur décision.'),
        demo: false,
      };
    });

/** The comparison of `year`, made on `reconciledOn`, and its "new forecast N+1" action. */
export const newForecastAlert = (
  year: number,
  reconciledOn: CalendarDate | null,
  action: NewForecastAction | null,
  asOf: CalendarDate,
): Alert | null => {
  if (!action || action.status !== 'open' || reconciledOn === null || !isOnOrBefore(reconciledOn, asOf)) return null;
  const late = yearBegun(action.forYear, asOf);
  return {
    kind: 'new-forecast-open',
    rule: 'R-BIL-5',
    severity: late ? 'critical' : 'warning',
    subject: action.actionId,
    insee: null,
    date: `${action.forYear}-01-01`,
    message:
      `Le réalisé ${year} s’écarte de plus de 15 % du prévisionnel : les parties doivent fixer un nouveau prévisionnel ${action.forYear}` +
      (late ? ', année déjà commencée : enregistrez leur décision.' : ', puis enregistrer leur décision.'),
    demo: false,
  };
};
