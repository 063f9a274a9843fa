import { csvText } from '@digit/csv';
import { Temporal } from 'temporal-polyfill';
import { townName } from '@digit/contracts';
import type { DeclaredCategories } from './cross-check.js';
import { describeCategories } from './personal-data-category.js';
import type { EvidenceKind } from './personal-data-detection.js';
import { formatInstantFr } from '@digit/calendar';
import type { CheckedItemKind, PersonalDataCheckedData } from './processing-log.js';
import type { ProcessingStatus } from './register.decider.js';

const ITEM_KIND_LABELS: Readonly<Record<CheckedItemKind, string>> = {
  dataset: 'jeu de données',
  'support-request': "demande d'assistance",
  'road-order': 'arrêté de voirie',
};

const STATUS_LABELS: Readonly<Record<ProcessingStatus | 'unknown', string>> = {
  draft: 'brouillon',
  validated: 'validé',
  withdrawn: 'retiré',
  unknown: 'absent du registre',
};

const EVIDENCE_LABELS: Readonly<Record<EvidenceKind, string>> = {
  'column-name': 'intitulé',
  'value-pattern': 'valeurs',
};

const HEADER = [
  'Date de la vérification',
  'Code INSEE',
  'Commune',
  'Nature de la donnée',
  'Identifiant de la donnée',
  'Empreinte SHA-256',
  'Traitement déclaré',
  'Statut du traitement',
  'Catégories déclarées',
  'Catégories détectées',
  'Indices (colonne, méthode : nombre de valeurs)',
  'Résultat',
  'Motifs',
  'Vérifié par',
  'Identifiant de la vérification',
];

const declaredText = (declared: DeclaredCategories): string =>
  declared === 'none' ? 'aucune donnée personnelle' : declared === 'unstated' ? 'non précisées' : describeCategories(declared) || '—';

const row = (entry: PersonalDataCheckedData): string[] => [
  formatInstantFr(entry.checkedAt),
  entry.insee,
  townName(entry.insee),
  ITEM_KIND_LABELS[entry.item.kind],
  entry.item.id,
  entry.item.sha256,
  entry.declaredProcessing ?? '—',
  entry.processingStatus ? STATUS_LABELS[entry.processingStatus] : '—',
  declaredText(entry.declaredCategories),
  describeCategories(entry.detectedCategories) || 'aucune',
  entry.evidence.map((item) => `${item.column} (${EVIDENCE_LABELS[item.by]}) : ${item.count}`).join(' | '),
  entry.outcome === 'allowed' ? 'autorisé' : 'refusé',
  entry.reasons.map((reason) => reason.message).join(' | '),
  entry.checkedBy,
  entry.checkId,
];

const byCheckTime = (left: PersonalDataCheckedData, right: PersonalDataCheckedData): number =>
  Temporal.Instant.compare(left.checkedAt, right.checkedAt);

/**
 * The processing log as the DPD opens it in a spreadsheet: French headers, `;` separator,
 * UTF-8 with a byte-order mark and CRLF line ends (what French Excel expects), dates
 * `07/12/2023 14:05` in Paris time, oldest check first.
 */
export const processingLogCsv = (entries: readonly PersonalDataCheckedData[]): string =>
  '\uFEFF' +
  csvText([HEADER, ...[...entries].sort(byCheckTime).map(row)], {
    delimiter: ';',
    record_delimiter: 'windows',
  });
