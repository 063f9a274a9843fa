import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { DomainError, type ErrorDetail } from '@digit/contracts';

export type DatasetFormat = 'csv' | 'json';

/** The SHA-256 of the content as received: it proves DIGIT never altered it (R-DX-4). */
export const contentSha256 = (content: string): string => createHash('sha256').update(content, 'utf8').digest('hex');

/** What is wrong with a dataset's content as sent, or nothing. The content is only read, never changed (R-DX-4). */
export const datasetContentProblems = (format: DatasetFormat, content: string): ErrorDetail[] => {
  if (content.trim() === '') return [{ path: 'content', message: 'le contenu du jeu de données est vide' }];
  try {
    if (format === 'json') JSON.parse(content);
    else if (parse(content, { bom: true, relax_column_count: false, skip_empty_lines: true, delimiter: [',', ';', '\t'] }).length === 0) {
      return [{ path: 'content', message: 'le fichier CSV ne contient aucune ligne' }];
    }
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : '';
    return [
      {
        path: 'content',
        message: format === 'json' ? 'le contenu n’est pas un JSON valide' : `le contenu n’est pas un CSV lisible (${why})`,
      },
    ];
  }
  return [];
};

/** The refusal of content that cannot be read as its format says, before anything is asked or stored. */
export const unreadableContent = (format: DatasetFormat, content: string): DomainError | undefined => {
  const problems = datasetContentProblems(format, content);
  return problems.length === 0
    ? undefined
    : new DomainError('invalid', 'invalid_request', 'Le contenu du jeu de données ne peut pas être lu ; voir le détail.', problems);
};
