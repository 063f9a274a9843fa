import { addDays, formatDateFr } from '@digit/calendar';
import { townName, type Alert, type DomainEvent, type HeldPersonalDataView, type Insee, type RetentionDueItemView } from '@digit/contracts';
import type { RegisteredProcessing } from './register.decider.js';

/** One stream per town: what retention erased, when, under which processing (art. 5(1)(e), 30). */
export const RETENTION_STREAM_PREFIX = 'privacy-retention-';
export const retentionStreamId = (insee: Insee): string => `${RETENTION_STREAM_PREFIX}${insee}`;

/** Each person's erasure is a `PersonalDataErased` of its own; this records which rule made them due. */
export type RetentionApplied = DomainEvent<
  'RetentionApplied',
  {
    readonly insee: Insee;
    readonly reference: string;
    readonly days: number;
    readonly appliedOn: string;
    readonly appliedAt: string;
    readonly erased: readonly { readonly subjectId: string; readonly dueOn: string; readonly erasureId: string }[];
  }
>;

/** Within this many days, a person's erasure shows among the alerts and in the DPD's due list by default. */
export const RETENTION_DUE_WITHIN_DAYS = 30;

/**
 * When each held person's data falls due (art. 5(1)(e)): the end of their last tenure plus the
 * longest retention among the town's validated processings covering that data (a person's data
 * stays as long as one purpose still needs it). Persons whose tenure runs, or whose data no rule
 * covers, are never due. Due by `asOf + withinDays`, earliest first.
 */
export const retentionDue = (
  insee: Insee,
  processings: readonly RegisteredProcessing[],
  held: readonly HeldPersonalDataView[],
  asOf: string,
  withinDays: number,
): RetentionDueItemView[] => {
  const horizon = addDays(asOf, withinDays);
  const rules = processings.filter((processing) => processing.status === 'validated' && processing.retention);
  return held
    .flatMap((item): RetentionDueItemView[] => {
      if (item.until === null || item.insee !== insee) return [];
      const covering = rules.filter((processing) => processing.retention!.appliesTo.includes(item.holding));
      if (covering.length === 0) return [];
      const longest = covering.reduce((best, processing) => (processing.retention!.days > best.retention!.days ? processing : best));
      const dueOn = addDays(item.until, longest.retention!.days);
      if (dueOn > horizon) return [];
      return [
        {
          insee,
          reference: longest.reference,
          subjectId: item.subjectId,
          holding: item.holding,
          where: item.where,
          until: item.until,
          dueOn,
        },
      ];
    })
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.subjectId.localeCompare(b.subjectId));
};

/** `retention-due` (art. 5(1)(e)): per processing, the persons the system erases within the period. Warning: it acts by itself. */
export const retentionAlerts = (due: readonly RetentionDueItemView[]): Alert[] => {
  const byProcessing = new Map<string, RetentionDueItemView[]>();
  for (const item of due)
    byProcessing.set(`${item.insee}|${item.reference}`, [...(byProcessing.get(`${item.insee}|${item.reference}`) ?? []), item]);
  return [...byProcessing.values()].map((items): Alert => {
    const first = items[0]!;
    return {
      kind: 'retention-due',
      rule: 'R-GDPR-1',
      severity: 'warning',
      subject: first.reference,
      insee: first.insee,
      date: first.dueOn,
      message:
        `${townName(first.insee)} : la durée de conservation du traitement ${first.reference} échoit pour ${items.length} personne${items.length > 1 ? 's' : ''} ` +
        `à partir du ${formatDateFr(first.dueOn)} ; le système effacera leurs données à la date due (art. 5.1.e du RGPD).`,
      demo: false,
    };
  });
};
