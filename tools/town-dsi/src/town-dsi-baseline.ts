import { readFile } from 'node:fs/promises';
import type { BaselineImportView, Insee } from '@digit/contracts';

/**
 * A DSI's first step (R-DX-9, CONTRACT.md v1.1): import the town's Base Adresse Locale as its
 * registry's starting point, once, over HTTP; orders then rename and number those roads.
 */
export const baselineGuide = (insee: Insee, apiUrl: string): string[] => [
  `Point de départ du registre (une seule fois) : la Base Adresse Locale de la ville, CSV BAL 1.4 :`,
  `  TOKEN=$(npm run -s admin -- token --role town-dsi --insee ${insee})`,
  `  curl -X POST ${apiUrl}/api/v1/voirie/${insee}/baseline -H "Authorization: Bearer $TOKEN" -H "Content-Type: text/csv" --data-binary @${insee}_bal.csv`,
  `  → 201 { roads, numbers, sha256, importedAt, importedBy } ; 400 invalid_bal avec chaque erreur par ligne ; 409 si déjà importée.`,
  `  (ou : BAL_FILE=<fichier> DIGIT_API_URL=${apiUrl} DIGIT_TOKEN=$TOKEN npm run town-dsi -- ${insee})`,
  `Contrats : ${apiUrl}/api/v1/asyncapi.json (arrêtés, suites, codes d’erreur), ${apiUrl}/api/v1/openapi.json et ${apiUrl}/api/v1/docs (HTTP).`,
];

/** Imports `file` as the town's baseline and says what DIGIT answered. */
export const importBaseline = async (options: {
  apiUrl: string;
  token: string;
  insee: Insee;
  file: string;
  print: (line: string) => void;
}): Promise<boolean> => {
  const csv = await readFile(options.file);
  const response = await fetch(`${options.apiUrl}/api/v1/voirie/${options.insee}/baseline`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.token}`, 'content-type': 'text/csv' },
    body: csv,
  });
  const body = (await response.json()) as BaselineImportView & {
    error?: string;
    message?: string;
    details?: { path: string; message: string }[];
  };
  if (response.status === 201) {
    options.print(
      `Base adresse importée : ${body.roads} voies, ${body.numbers} numéros (${body.lines} lignes, empreinte ${body.sha256.slice(0, 12)}…, par ${body.importedBy}, en vigueur au ${body.effectiveAt}).`,
    );
    return true;
  }
  options.print(`Base adresse refusée (${response.status} ${body.error}) : ${body.message}`);
  for (const detail of body.details ?? []) options.print(`    ${detail.path} : ${detail.message}`);
  return false;
};
