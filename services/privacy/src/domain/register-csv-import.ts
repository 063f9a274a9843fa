import { CsvError, parse } from 'csv-parse/sync';
import { isDomainError, type ErrorDetail, type Insee } from '@digit/contracts';
import { csvDelimiterOf } from './csv-delimiter.js';
import { splitList } from './french-text.js';
import {
  CATEGORY_LABELS,
  isSensitiveCategory,
  SENSITIVE_CATEGORIES,
  sortCategories,
  type PersonalDataCategory,
} from './personal-data-category.js';
import type { OutsideEuTransfer, ProcessingFiche } from './processing-fiche.js';
import { findProcessing, registerDecider, type RegisterState } from './register.decider.js';
import type { RegisterCommand, RegisterEvent } from './register.events.js';
import {
  categoriesIn,
  columnOfHeader,
  COLUMN_LABELS,
  isBareYes,
  legalBasesIn,
  meansNone,
  MULTI_HEADER_COLUMNS,
  statusOf,
  withoutLeadingYes,
  type CsvStatus,
  type RegisterColumn,
} from './register-csv-vocabulary.js';

export interface RegisterImportContext {
  readonly insee: Insee;
  readonly importedAt: string;
  readonly importedBy: string;
}

/** A problem at a line of the file (line 1 is the header), in the DPD's own column name. */
export interface RegisterImportProblem {
  readonly line: number;
  readonly column: string | null;
  readonly message: string;
}

export type RegisterImportResult =
  | {
      readonly ok: true;
      /** To record in one append on `dpd-register-<insee>`, so the import is all or nothing. */
      readonly events: readonly RegisterEvent[];
      readonly commands: readonly RegisterCommand[];
      readonly rows: number;
      readonly warnings: readonly RegisterImportProblem[];
      readonly ignoredHeaders: readonly string[];
    }
  | { readonly ok: false; readonly errors: readonly RegisterImportProblem[] };

interface Row {
  readonly line: number;
  readonly cell: (column: RegisterColumn) => string;
}

interface ParsedRow {
  readonly line: number;
  readonly reference: string;
  readonly fiche: ProcessingFiche;
  readonly status: CsvStatus;
}

class Problems {
  readonly list: RegisterImportProblem[] = [];
  add(line: number, column: string | null, message: string): void {
    this.list.push({ line, column, message });
  }
}

const CSV_ERROR_MESSAGES: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: "un guillemet ouvert n'est jamais refermé",
  CSV_INVALID_CLOSING_QUOTE: 'un guillemet fermant est suivi de caractères inattendus',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'un guillemet fermant est suivi de caractères inattendus',
};

const readRecords = (text: string, problems: Problems): { cells: string[]; line: number }[] | null => {
  const delimiter = csvDelimiterOf(text);
  if (!delimiter) {
    problems.add(1, null, 'séparateur introuvable : les colonnes doivent être séparées par « ; » ou « , »');
    return null;
  }
  try {
    const records = parse(text, { delimiter, bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    // info.lines is the record's last line; a quoted cell may span several lines.
    return records.map(({ record, info }) => ({
      cells: record,
      line: info.lines - record.reduce((count, cell) => count + (cell.match(/\n/g)?.length ?? 0), 0),
    }));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? 1;
    problems.add(line, null, `fichier CSV illisible : ${CSV_ERROR_MESSAGES[error.code] ?? `structure invalide (${error.code})`}`);
    return null;
  }
};

const headerColumns = (
  headers: readonly string[],
  problems: Problems,
): { columns: (RegisterColumn | undefined)[]; ignored: string[]; headerOf: (column: RegisterColumn) => string } => {
  const columns = headers.map(columnOfHeader);
  const firstHeader = new Map<RegisterColumn, string>();
  columns.forEach((column, index) => {
    if (!column) return;
    const header = headers[index]!.trim();
    const earlier = firstHeader.get(column);
    if (earlier && !MULTI_HEADER_COLUMNS.includes(column)) {
      problems.add(1, header, `les colonnes « ${earlier} » et « ${header} » désignent la même information : gardez-en une`);
    }
    if (!earlier) firstHeader.set(column, header);
  });
  for (const required of ['reference', 'name'] as const) {
    if (!firstHeader.has(required)) {
      problems.add(1, null, `colonne obligatoire absente : « ${COLUMN_LABELS[required]} »`);
    }
  }
  return {
    columns,
    ignored: headers.filter((header, index) => header.trim() && !columns[index]).map((header) => header.trim()),
    headerOf: (column) => firstHeader.get(column) ?? COLUMN_LABELS[column],
  };
};

const SENSITIVE_LIST = SENSITIVE_CATEGORIES.map((category) => CATEGORY_LABELS[category].replace(' (art. 9)', '')).join(', ');

const parseTransfers = (row: Row, header: string, problems: Problems): OutsideEuTransfer[] => {
  const cell = row.cell('transfersOutsideEu');
  if (meansNone(cell)) return [];
  if (isBareYes(cell)) {
    problems.add(
      row.line,
      header,
      'précisez le ou les pays destinataires et les garanties, par ex. « États-Unis (clauses contractuelles types) »',
    );
    return [];
  }
  const sharedSafeguards = row.cell('transferSafeguards').trim();
  return splitList(withoutLeadingYes(cell), { commas: true }).flatMap((item) => {
    const detailed = /^(.*?)\s*\((.+)\)$/.exec(item) ?? /^(.*?)\s*[:–-]\s+(.+)$/.exec(item);
    const country = (detailed?.[1] ?? item).trim();
    const safeguards = (detailed?.[2] ?? sharedSafeguards).trim();
    if (!safeguards) {
      problems.add(
        row.line,
        header,
        `précisez les garanties du transfert vers « ${country} » (décision d'adéquation, clauses contractuelles types, règles d'entreprise contraignantes...)`,
      );
      return [];
    }
    return [{ country, safeguards }];
  });
};

const parseRow = (row: Row, headerOf: (column: RegisterColumn) => string, problems: Problems, warnings: Problems): ParsedRow => {
  const text = (column: RegisterColumn): string | null => row.cell(column).trim() || null;
  const reference = row.cell('reference').trim();
  if (!reference) problems.add(row.line, headerOf('reference'), 'la référence du traitement est obligatoire');

  const legalCell = row.cell('legalBases');
  const legalBases = legalBasesIn(legalCell);
  if (legalCell.trim() && legalBases.length === 0) {
    problems.add(
      row.line,
      headerOf('legalBases'),
      `base légale non reconnue « ${legalCell.trim()} » : indiquez consentement, contrat, obligation légale, intérêts vitaux, mission d'intérêt public ou intérêt légitime (art. 6.1 a à f)`,
    );
  }

  const categories: PersonalDataCategory[] = [];
  const otherDataCategories: string[] = [];
  for (const item of splitList(row.cell('dataCategories'), { commas: true })) {
    const found = categoriesIn(item);
    if (found.length > 0) categories.push(...found);
    else {
      otherDataCategories.push(item);
      warnings.add(
        row.line,
        headerOf('dataCategories'),
        `« ${item} » n'est pas une catégorie connue : elle est conservée telle quelle mais ne couvre aucune donnée détectée`,
      );
    }
  }
  const sensitiveCell = row.cell('sensitiveCategories');
  if (isBareYes(sensitiveCell)) {
    problems.add(row.line, headerOf('sensitiveCategories'), `précisez quelles données sensibles sont traitées (${SENSITIVE_LIST})`);
  } else if (!meansNone(sensitiveCell)) {
    for (const item of splitList(withoutLeadingYes(sensitiveCell), { commas: true })) {
      const sensitive = categoriesIn(item).filter(isSensitiveCategory);
      if (sensitive.length > 0) categories.push(...sensitive);
      else
        problems.add(
          row.line,
          headerOf('sensitiveCategories'),
          `« ${item} » n'est pas une donnée sensible de l'article 9 : ${SENSITIVE_LIST}`,
        );
    }
  }

  const statusCell = row.cell('status');
  const status = statusOf(statusCell);
  if (!status)
    problems.add(row.line, headerOf('status'), `statut non reconnu « ${statusCell.trim()} » : indiquez « Brouillon » ou « Validé »`);

  return {
    line: row.line,
    reference,
    status: status ?? 'draft',
    fiche: {
      name: row.cell('name').trim(),
      purposes: splitList(row.cell('purposes'), { commas: false }),
      legalBases,
      dataSubjects: splitList(row.cell('dataSubjects'), { commas: true }),
      dataCategories: sortCategories(categories),
      otherDataCategories,
      sensitiveDataException: text('sensitiveDataException'),
      recipients: splitList(row.cell('recipients'), { commas: true }),
      transfersOutsideEu: parseTransfers(row, headerOf('transfersOutsideEu'), problems),
      retentionPeriods: splitList(row.cell('retentionPeriods'), { commas: false }),
      securityMeasures: splitList(row.cell('securityMeasures'), { commas: true }),
      jointController: text('jointController'),
      software: text('software'),
    },
  };
};

/** Which column of the file a decider error path points at. */
const columnOfPath = (path: string): RegisterColumn | null => {
  const field = path.startsWith('fiche.') ? path.split('.')[1] : path;
  if (field === 'otherDataCategories') return 'dataCategories';
  const known: readonly string[] = Object.keys(COLUMN_LABELS);
  return field && known.includes(field) ? (field as RegisterColumn) : null;
};

const commandsFor = (row: ParsedRow, state: RegisterState, context: RegisterImportContext): RegisterCommand[] => {
  const { insee, importedAt, importedBy } = context;
  const { reference, fiche } = row;
  const change: RegisterCommand = findProcessing(state, reference)
    ? { type: 'UpdateProcessing', data: { insee, reference, fiche, updatedAt: importedAt, updatedBy: importedBy } }
    : { type: 'DeclareProcessing', data: { insee, reference, fiche, declaredAt: importedAt, declaredBy: importedBy } };
  const validation: RegisterCommand[] =
    row.status === 'validated'
      ? [{ type: 'ValidateProcessing', data: { insee, reference, validatedAt: importedAt, validatedBy: importedBy } }]
      : [];
  return [change, ...validation];
};

/**
 * Reads the register CSV a DPD already keeps and plans the register changes: new references are
 * declared, known ones updated, rows marked "Validé" validated. A row marked "Brouillon" never
 * un-validates a processing whose content is unchanged; references absent from the file are
 * left as they are. Every bad row is reported with its line; if any row is bad, nothing is planned.
 */
export const importRegisterCsv = (csv: string, register: RegisterState, context: RegisterImportContext): RegisterImportResult => {
  const problems = new Problems();
  const warnings = new Problems();
  const records = readRecords(csv.replace(/\r\n?/g, '\n'), problems);
  if (!records) return { ok: false, errors: problems.list };
  const [header, ...body] = records;
  if (!header) return { ok: false, errors: [{ line: 1, column: null, message: 'le fichier est vide' }] };
  const { columns, ignored, headerOf } = headerColumns(header.cells, problems);
  if (problems.list.length > 0) return { ok: false, errors: problems.list };

  const rows: ParsedRow[] = [];
  const lineOfReference = new Map<string, number>();
  for (const record of body) {
    if (record.cells.every((cell) => !cell.trim())) continue;
    if (record.cells.length !== header.cells.length) {
      problems.add(record.line, null, `la ligne compte ${record.cells.length} colonnes, l'en-tête en compte ${header.cells.length}`);
      continue;
    }
    const cell = (column: RegisterColumn): string => record.cells.filter((_, index) => columns[index] === column).join('\n');
    const row = parseRow({ line: record.line, cell }, headerOf, problems, warnings);
    const earlier = lineOfReference.get(row.reference);
    if (row.reference && earlier) {
      problems.add(row.line, headerOf('reference'), `la référence « ${row.reference} » figure déjà ligne ${earlier}`);
    }
    lineOfReference.set(row.reference, earlier ?? row.line);
    rows.push(row);
  }
  if (rows.length === 0 && problems.list.length === 0) problems.add(1, null, 'le fichier ne contient aucun traitement');
  if (problems.list.length > 0) return { ok: false, errors: problems.list };

  let state = register;
  const commands: RegisterCommand[] = [];
  const events: RegisterEvent[] = [];
  for (const row of rows) {
    for (const command of commandsFor(row, state, context)) {
      const decision = registerDecider.decide(command, state);
      if (isDomainError(decision)) {
        const details = decision.details.length > 0 ? decision.details : [{ path: '', message: '' }];
        for (const detail of details) {
          const column = columnOfPath(detail.path);
          problems.add(row.line, column ? headerOf(column) : null, [decision.message, detail.message].filter(Boolean).join(' '));
        }
        break;
      }
      if (decision.length > 0) commands.push(command);
      events.push(...decision);
      state = decision.reduce(registerDecider.evolve, state);
    }
  }
  if (problems.list.length > 0) return { ok: false, errors: problems.list };
  return { ok: true, events, commands, rows: rows.length, warnings: warnings.list, ignoredHeaders: ignored };
};

/** The import problems as the details of an API error (CONTRACT.md "Errors"). */
export const importProblemsAsDetails = (problems: readonly RegisterImportProblem[]): ErrorDetail[] =>
  problems.map(({ line, column, message }) => ({
    path: column ? `ligne ${line} / ${column}` : `ligne ${line}`,
    message,
  }));
