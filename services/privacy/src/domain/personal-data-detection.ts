import { sealedSpanKinds, type PersonalSpanKind } from '@digit/personal-data';
import { DETECTABLE_CATEGORIES, type DetectableCategory } from './personal-data-category.js';
import {
  CIVILITY_NAME_PATTERN,
  EMAIL_PATTERN,
  FRENCH_PHONE_PATTERN,
  looksLikePlace,
  meaningOfColumn,
  STREET_ADDRESS_PATTERN,
} from './personal-data-patterns.js';

/** One CSV row or JSON record of the content DIGIT is about to process. */
export type ContentRecord = Readonly<Record<string, unknown>>;

export interface ContentSample {
  /** Column names known even without rows (a CSV header). */
  readonly columns?: readonly string[];
  readonly records: readonly ContentRecord[];
}

export type EvidenceKind = 'column-name' | 'value-pattern';

/** Why a category was found: where, how, how many values. Never the values themselves. */
export interface DetectionEvidence {
  readonly column: string;
  readonly by: EvidenceKind;
  readonly count: number;
}

export interface DetectedCategory {
  readonly category: DetectableCategory;
  readonly evidence: readonly DetectionEvidence[];
}

export interface PersonalDataDetection {
  readonly categories: readonly DetectableCategory[];
  readonly found: readonly DetectedCategory[];
  readonly recordsScanned: number;
}

/** Nested JSON reads as dotted columns (`requester.email`, `people[].name`). */
const collectValues = (value: unknown, column: string, into: Map<string, string[]>): void => {
  if (Array.isArray(value)) {
    value.forEach((item) => collectValues(item, `${column}[]`, into));
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) collectValues(item, column ? `${column}.${key}` : key, into);
    return;
  }
  const values = into.get(column) ?? [];
  into.set(column, values);
  if (value !== null && value !== undefined && String(value).trim()) values.push(String(value));
};

const VALUE_PATTERNS: readonly (readonly [DetectableCategory, RegExp])[] = [
  ['identity', CIVILITY_NAME_PATTERN],
  ['email', EMAIL_PATTERN],
  ['phone', FRENCH_PHONE_PATTERN],
];

const SEALED_KINDS: readonly (readonly [PersonalSpanKind, DetectableCategory])[] = [
  ['name', 'identity'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['postal-address', 'postal-address'],
];

class Findings {
  private readonly evidence = new Map<DetectableCategory, DetectionEvidence[]>();
  add(category: DetectableCategory, column: string, by: EvidenceKind, count: number): void {
    const list = this.evidence.get(category) ?? [];
    list.push({ column, by, count });
    this.evidence.set(category, list);
  }
  has(category: DetectableCategory): boolean {
    return this.evidence.has(category);
  }
  result(recordsScanned: number): PersonalDataDetection {
    const found = DETECTABLE_CATEGORIES.filter((category) => this.evidence.has(category)).map((category) => ({
      category,
      evidence: [...this.evidence.get(category)!].sort(
        (left, right) => left.column.localeCompare(right.column) || left.by.localeCompare(right.by),
      ),
    }));
    return { categories: found.map(({ category }) => category), found, recordsScanned };
  }
}

/**
 * Which personal-data categories a content sample actually holds (R-GDPR-2), judged from
 * column names and value patterns. Postal addresses count only next to persons (a names or
 * owners column, or a column saying whose address it is): a street address alone is a place.
 */
export const detectPersonalData = (sample: ContentSample): PersonalDataDetection => {
  const values = new Map<string, string[]>();
  for (const column of sample.columns ?? []) values.set(column, []);
  for (const record of sample.records) collectValues(record, '', values);

  const findings = new Findings();
  const placeAddresses: { column: string; by: EvidenceKind; count: number }[] = [];
  for (const [column, columnValues] of values) {
    const meaning = meaningOfColumn(column);
    if (meaning?.category === 'ambiguous-name') {
      const places = columnValues.filter(looksLikePlace).length;
      if (columnValues.length === 0 || places * 2 < columnValues.length) {
        findings.add('identity', column, 'column-name', columnValues.length);
      }
    } else if (meaning?.category === 'postal-address' && !meaning.personSpecific) {
      placeAddresses.push({ column, by: 'column-name', count: columnValues.length });
    } else if (meaning) {
      findings.add(meaning.category, column, 'column-name', columnValues.length);
    }
    for (const [category, pattern] of VALUE_PATTERNS) {
      const count = columnValues.filter((value) => pattern.test(value)).length;
      if (count > 0) findings.add(category, column, 'value-pattern', count);
    }
    // Free text the event store sealed says what it held by its tokens' kinds (issue 15).
    for (const [kind, category] of SEALED_KINDS) {
      const count = columnValues.filter((value) => sealedSpanKinds(value).includes(kind)).length;
      if (count > 0) findings.add(category, column, 'value-pattern', count);
    }
    if (meaning?.category !== 'postal-address') {
      const count = columnValues.filter((value) => STREET_ADDRESS_PATTERN.test(value)).length;
      if (count > 0) placeAddresses.push({ column, by: 'value-pattern', count });
    }
  }
  if (findings.has('identity') || findings.has('cadastral-owner')) {
    for (const { column, by, count } of placeAddresses) findings.add('postal-address', column, by, count);
  }
  return findings.result(sample.records.length);
};
