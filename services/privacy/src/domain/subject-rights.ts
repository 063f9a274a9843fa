import { csvText } from '@digit/csv';
import type { DomainEvent, Insee, SubjectAccessItemView } from '@digit/contracts';

/** One stream per request of a person's rights (art. 15, 17): each request recorded once, whoever asks again. */
export const SUBJECT_RIGHTS_STREAM_PREFIX = 'privacy-rights-';
export const subjectRightsStreamId = (requestId: string): string => `${SUBJECT_RIGHTS_STREAM_PREFIX}${requestId}`;

/** The purpose of an access export, a legal obligation rather than a processing of the register. */
export const SUBJECT_ACCESS_PURPOSE = {
  reference: 'RGPD-ART-15',
  name: 'Réponse à une demande d’accès de la personne (art. 15 du RGPD, obligation légale)',
} as const;

/** An access export was made (art. 15): for whom (subject ids, never the identifiers searched), by whom, how much. */
export type SubjectAccessExported = DomainEvent<
  'SubjectAccessExported',
  {
    readonly accessId: string;
    readonly insee: Insee;
    readonly requestedAt: string;
    readonly requestedBy: string;
    readonly format: 'json' | 'csv';
    readonly subjectIds: readonly string[];
    readonly itemCount: number;
  }
>;

/** A person's data erased in one act (art. 17): each erasure is its own `PersonalDataErased`; this ties them together. */
export type SubjectErasureCompleted = DomainEvent<
  'SubjectErasureCompleted',
  {
    readonly erasureRequestId: string;
    readonly insee: Insee;
    readonly completedAt: string;
    readonly requestedBy: string;
    readonly erased: readonly { readonly subjectId: string; readonly erasureId: string }[];
  }
>;

const HEADER = ['Personne (identifiant)', 'Quoi', 'Où', 'Pourquoi (finalité)', 'Depuis le', 'Donnée'];

/** The access export as a French spreadsheet reads it (semicolons, BOM), every cell neutralised (libs/csv). */
export const subjectAccessCsv = (items: readonly SubjectAccessItemView[]): string =>
  `\uFEFF${csvText([HEADER, ...items.map((item) => [item.subjectId, item.what, item.where, item.why, item.since, item.value])], { delimiter: ';', record_delimiter: 'windows' })}`;
