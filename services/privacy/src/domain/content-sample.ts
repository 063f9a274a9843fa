import { parse } from 'csv-parse/sync';
import { csvDelimiterOf } from './csv-delimiter.js';
import type { ContentRecord, ContentSample } from './personal-data-detection.js';

/** Enough rows to see what columns hold, few enough to check a large dataset quickly. */
export const DEFAULT_SAMPLE_SIZE = 1000;

/**
 * The first rows of a CSV dataset (`;` or `,` separated, header first) as a detection sample.
 * Unreadable CSV throws: the caller refuses the content as ill-formed, it is not "clean".
 */
export const contentSampleFromCsv = (csv: string, maxRecords = DEFAULT_SAMPLE_SIZE): ContentSample => {
  const delimiter = csvDelimiterOf(csv) ?? ',';
  const rows = parse(csv, {
    delimiter,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    to_line: maxRecords + 1,
  }) as string[][];
  const [columns = [], ...body] = rows;
  const records = body.map((cells) => Object.fromEntries(columns.map((column, index) => [column, cells[index] ?? ''])));
  return { columns, records };
};

const isRecord = (value: unknown): value is ContentRecord => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A JSON payload as a detection sample: an array of records, a GeoJSON FeatureCollection (the
 * features' properties) or one record (a support request).
 */
export const contentSampleFromJson = (json: unknown, maxRecords = DEFAULT_SAMPLE_SIZE): ContentSample => {
  const features = isRecord(json) && Array.isArray(json['features']) ? (json['features'] as unknown[]) : null;
  const items = features
    ? features.map((feature) => (isRecord(feature) ? feature['properties'] : undefined))
    : Array.isArray(json)
      ? json
      : [json];
  return { records: items.filter(isRecord).slice(0, maxRecords) };
};
