import { csvText } from '@digit/csv';

/** How a cell looks: a status badge's tone, a link, figures aligned right, a code in monospace. */
export type Tone = 'success' | 'danger' | 'warning' | 'info' | 'secondary';

export interface Cell {
  readonly text: string;
  readonly href?: string;
  readonly tone?: Tone;
  readonly numeric?: boolean;
  readonly code?: boolean;
}

export interface Column<Row> {
  readonly header: string;
  /** What the page shows; the CSV gets `csv` when given (a plain number for a spreadsheet), else the cell's text. */
  readonly cell: (row: Row) => Cell | string;
  readonly csv?: (row: Row) => string | number;
  readonly numeric?: boolean;
}

/** A table of a page, with what its CSV export needs (every table of the dashboard exports). */
export interface DashboardTable {
  /** Names the table in its export link (`?csv=<id>`) and its file. */
  readonly id: string;
  readonly caption: string;
  readonly headers: readonly { readonly text: string; readonly numeric: boolean }[];
  readonly rows: readonly (readonly Cell[])[];
  readonly csvRows: readonly (readonly (string | number)[])[];
  /** Said when there is no row. */
  readonly empty: string;
  /** A line under the caption: where the figures come from, what is left out. */
  readonly note?: string;
}

const asCell = (value: Cell | string, numeric: boolean): Cell =>
  typeof value === 'string' ? { text: value, numeric } : { numeric, ...value };

export const dashboardTable = <Row>(
  id: string,
  caption: string,
  columns: readonly Column<Row>[],
  items: readonly Row[],
  options: { readonly empty: string; readonly note?: string },
): DashboardTable => ({
  id,
  caption,
  headers: columns.map((column) => ({ text: column.header, numeric: column.numeric ?? false })),
  rows: items.map((item) => columns.map((column) => asCell(column.cell(item), column.numeric ?? false))),
  csvRows: items.map((item) => columns.map((column) => (column.csv ? column.csv(item) : asCell(column.cell(item), false).text))),
  empty: options.empty,
  note: options.note,
});

/** The table as CSV for a French spreadsheet, as the other exports write it (BOM, `;`, CRLF), formulas neutralised by libs/csv. */
export const tableCsv = (table: DashboardTable): string =>
  `\uFEFF${csvText([table.headers.map((header) => header.text), ...table.csvRows], { delimiter: ';', record_delimiter: 'windows' })}`;
