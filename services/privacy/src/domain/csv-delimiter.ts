/** `;` (French spreadsheets) or `,`, whichever the header line uses more, outside quotes. */
export const csvDelimiterOf = (text: string): ';' | ',' | null => {
  const header =
    text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n|\r/)
      .find((line) => line.trim()) ?? '';
  let quoted = false;
  let semicolons = 0;
  let commas = 0;
  for (const character of header) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && character === ';') semicolons += 1;
    else if (!quoted && character === ',') commas += 1;
  }
  if (semicolons === 0 && commas === 0) return null;
  return semicolons >= commas ? ';' : ',';
};
