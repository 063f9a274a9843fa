import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { ErrorDetail } from '@digit/contracts';

export type DatasetFormat = 'csv' | 'json';

export const contentSha256 = (content: string): string => createHash('sha256').update(content, 'utf8').digest('hex');

/**
 * What is wrong with a dataset's content as sent, or nothing. The content is only read, never
 * changed (R-DX-4): its hash is the one of the text received.
 */
export const datasetContentProblems = (format: unknown, content: unknown, contentHash: unknown): ErrorDetail[] => {
  if (format !== 'csv' && format !== 'json') return [{ path: 'format', message: 'format attendu : csv ou json' }];
  if (typeof content !== 'string' || content.trim() === '') return [{ path: 'content', message: 'le contenu du jeu de données est vide' }];
  if (contentHash !== contentSha256(content)) {
    return [{ path: 'contentHash', message: 'l’empreinte SHA-256 ne correspond pas au contenu reçu : renvoyez le fichier' }];
  }
  try {
    if (format === 'json') JSON.parse(content);
    else if (parse(content, { bom: true, relax_column_count: false, skip_empty_lines: true, delimiter: [',', ';', '\t'] }).length === 0) {
      return [{ path: 'content', message: 'le fichier CSV ne contient aucune ligne' }];
    }
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : '';
    return [{ path: 'content', message: format === 'json' ? 'le contenu n’est pas un JSON valide' : `le contenu n’est pas un CSV lisible (${why})` }];
  }
  return [];
};
