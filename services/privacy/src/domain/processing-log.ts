import { createHash } from 'node:crypto';
import { CHECKED_ITEM_KINDS, DomainError, townName, type DomainEvent, type ErrorDetail, type Insee } from '@digit/contracts';
import { crossCheck, type CrossCheckOutcome, type CrossCheckReason, type DeclaredCategories } from './cross-check.js';
import { isPersonalDataCategory, type DetectableCategory } from './personal-data-category.js';
import { detectPersonalData, type ContentSample, type DetectionEvidence } from './personal-data-detection.js';
import { isCalendarDate, parisDateOf } from '@digit/calendar';
import { instantProblem } from './instant-problem.js';
import type { ProcessingStatus, RegisterState } from './register.decider.js';

/** One append-only log per town (R-GDPR-2), hash-linked like every stream of the store. */
export const processingLogStreamId = (insee: Insee): string => `privacy-log-${insee}`;

export type CheckedItemKind = (typeof CHECKED_ITEM_KINDS)[number];

/** Which data was checked: its id and the SHA-256 of its content, never the content itself. */
export interface CheckedItem {
  readonly kind: CheckedItemKind;
  readonly id: string;
  readonly sha256: string;
}

export interface CategoryEvidence extends DetectionEvidence {
  readonly category: DetectableCategory;
}

export interface PersonalDataCheckedData {
  readonly checkId: string;
  readonly insee: Insee;
  readonly checkedAt: string;
  readonly checkedBy: string;
  readonly item: CheckedItem;
  readonly declaredProcessing: string | null;
  readonly declaredCategories: DeclaredCategories;
  readonly detectedCategories: readonly DetectableCategory[];
  readonly evidence: readonly CategoryEvidence[];
  readonly recordsScanned: number;
  readonly processingStatus: ProcessingStatus | 'unknown' | null;
  readonly outcome: CrossCheckOutcome;
  readonly reasons: readonly CrossCheckReason[];
  readonly summary: string;
}

/** A refused item is held, not processed, and the town is told the reasons. */
export type PersonalDataChecked = DomainEvent<'PersonalDataChecked', PersonalDataCheckedData>;

export interface PersonalDataCheckRequest {
  readonly checkId: string;
  readonly insee: Insee;
  readonly checkedAt: string;
  readonly checkedBy: string;
  readonly item: CheckedItem;
  readonly declaredProcessing: string | null;
  readonly declaredCategories: DeclaredCategories;
  /** Rows or records of the content; read for detection, never copied into the log. */
  readonly sample: ContentSample;
}

/** SHA-256 of the content as received, hex: identifies the data in the log without holding it. */
export const contentSha256 = (content: string | Uint8Array): string => createHash('sha256').update(content).digest('hex');

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The town, the item's kind and id are the request's (CheckPersonalDataRequest, libs/contracts);
 * the categories' vocabulary is the register's, so it is checked here.
 */
const requestProblems = (request: PersonalDataCheckRequest, register: RegisterState): ErrorDetail[] => [
  ...(register.insee !== null && register.insee !== request.insee
    ? [{ path: 'insee', message: `le registre fourni est celui de ${townName(register.insee)}` }]
    : []),
  ...(request.checkId?.trim() ? [] : [{ path: 'checkId', message: 'identifiant de vérification manquant' }]),
  ...instantProblem(request.checkedAt, 'checkedAt'),
  ...(request.checkedBy?.trim() ? [] : [{ path: 'checkedBy', message: 'indiquez qui fait la vérification' }]),
  ...(SHA256.test(request.item?.sha256 ?? '')
    ? []
    : [{ path: 'item.sha256', message: 'empreinte SHA-256 attendue en hexadécimal minuscule (64 caractères)' }]),
  ...(request.declaredCategories === 'none' ||
  request.declaredCategories === 'unstated' ||
  (Array.isArray(request.declaredCategories) && request.declaredCategories.every(isPersonalDataCategory))
    ? []
    : [{ path: 'declaredCategories', message: 'catégories déclarées : « none », « unstated » ou une liste de catégories connues' }]),
];

/**
 * R-GDPR-2: detects the personal data in the sample, cross-checks it against the town's register
 * and returns the log entry to append, whatever the outcome. Only ill-formed requests are refused.
 */
export const checkPersonalData = (request: PersonalDataCheckRequest, register: RegisterState): PersonalDataChecked | DomainError => {
  const problems = requestProblems(request, register);
  if (problems.length > 0)
    return new DomainError('invalid', 'invalid_personal_data_check', 'La demande de vérification contient des erreurs.', problems);
  const declaredProcessing = request.declaredProcessing?.trim() || null;
  const detection = detectPersonalData(request.sample);
  const result = crossCheck({
    register,
    declaredProcessing,
    declaredCategories: request.declaredCategories,
    detectedCategories: detection.categories,
  });
  return {
    type: 'PersonalDataChecked',
    data: {
      checkId: request.checkId,
      insee: request.insee,
      checkedAt: request.checkedAt,
      checkedBy: request.checkedBy,
      item: { kind: request.item.kind, id: request.item.id, sha256: request.item.sha256 },
      declaredProcessing,
      declaredCategories: typeof request.declaredCategories === 'string' ? request.declaredCategories : [...request.declaredCategories],
      detectedCategories: detection.categories,
      evidence: detection.found.flatMap(({ category, evidence }) => evidence.map((item) => ({ category, ...item }))),
      recordsScanned: detection.recordsScanned,
      processingStatus: result.processingStatus,
      outcome: result.outcome,
      reasons: result.reasons,
      summary: result.summary,
    },
  };
};

export interface LogPeriod {
  /** First Paris calendar day included, `YYYY-MM-DD`. */
  readonly from?: string;
  /** Last Paris calendar day included, `YYYY-MM-DD`. */
  readonly to?: string;
}

/** The entries of a period, by Paris calendar day of the check, both ends included. */
export const logEntriesInPeriod = (entries: readonly PersonalDataCheckedData[], period: LogPeriod): PersonalDataCheckedData[] => {
  for (const [name, value] of Object.entries(period)) {
    if (value !== undefined && !isCalendarDate(value)) throw new RangeError(`${name} must be YYYY-MM-DD, got ${String(value)}`);
  }
  return entries.filter((entry) => {
    const day = parisDateOf(entry.checkedAt);
    return (!period.from || day >= period.from) && (!period.to || day <= period.to);
  });
};
