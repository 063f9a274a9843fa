import { formatDateFr, formatMoneyFr } from '@digit/calendar';
import { formatRatePercent } from './money.js';
import type { StatementView } from './statement.decider.js';
import type { PoolShareStatementLine, StatementLine } from './statement-lines.js';

/**
 * The printable mémoire (R-BIL-4): one self-contained HTML page in French, no script and no
 * external resource, laid out for A4 portrait. On screen it shows as an A4 sheet; printed, the
 * @page margins take over. Amounts use money.ts (no-break spaces), dates are DD/MM/YYYY.
 */

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

const semesterName = (view: StatementView): string => `${view.half === 1 ? '1er' : '2e'} semestre ${view.year}`;

const shareRow = (
  line: PoolShareStatementLine,
  row: { no: string; label: string; baseCents: number; amountCents: number; className?: string },
): string =>
  [
    `<tr${row.className ? ` class="${row.className}"` : ''}><td class="no">${row.no}</td>`,
    `<td class="label">${row.label}</td>`,
    `<td class="period">du ${formatDateFr(line.from)}<br>au ${formatDateFr(line.to)}</td>`,
    `<td class="num">${line.days}&nbsp;/&nbsp;${line.semesterDays}</td>`,
    `<td class="amount">${formatMoneyFr(row.baseCents)}</td>`,
    `<td class="num">${formatRatePercent(line.rate)}</td>`,
    `<td class="amount">${formatMoneyFr(row.amountCents)}</td></tr>`,
  ].join('');

/** Article 6.2 apart: the payroll and the 4 % assimilated costs as two rows, then the personnel line as their sum. */
const lineRows = (line: StatementLine): string => {
  if (line.kind !== 'pool-share') {
    return `<tr><td class="no">${line.lineNo}</td><td class="label" colspan="5">${escapeHtml(line.label)}</td><td class="amount">${formatMoneyFr(line.amountCents)}</td></tr>`;
  }
  const parts = (line.components ?? []).map((part, index) =>
    shareRow(line, {
      no: `${line.lineNo}.${index + 1}`,
      label: escapeHtml(part.label),
      baseCents: part.baseCents,
      amountCents: part.amountCents,
      className: 'part',
    }),
  );
  const sum = parts.length > 0 ? ` (total des lignes ${parts.map((_part, index) => `${line.lineNo}.${index + 1}`).join(' et ')})` : '';
  return [
    ...parts,
    shareRow(line, {
      no: String(line.lineNo),
      label: `${escapeHtml(line.label)}${sum}`,
      baseCents: line.baseCents,
      amountCents: line.amountCents,
    }),
  ].join('\n');
};

const STYLE = `
@page { size: A4 portrait; margin: 16mm 15mm 18mm; }
* { box-sizing: border-box; }
html { background: #e9ecef; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 9.5pt; line-height: 1.35;
  color: #111; background: #fff; width: 210mm; min-height: 297mm; margin: 0 auto; padding: 16mm 15mm 18mm; }
@media print { html { background: none; } body { width: auto; min-height: 0; margin: 0; padding: 0; } }
header { display: flex; justify-content: space-between; gap: 10mm; margin-bottom: 10mm; }
.issuer { font-size: 9pt; max-width: 112mm; }
.issuer strong { display: block; font-size: 10.5pt; }
.recipient { border: 0.3mm solid #444; padding: 3mm 4mm; width: 62mm; flex: none; font-size: 9.5pt; }
h1 { font-size: 15pt; margin: 0 0 1mm; letter-spacing: 0.02em; }
.subtitle { font-size: 11pt; margin: 0 0 5mm; }
.demo { border: 0.4mm dashed #a40000; color: #a40000; padding: 2mm 3mm; margin-bottom: 4mm; font-weight: bold; }
dl.facts { display: grid; grid-template-columns: 28mm 1fr; gap: 1mm 4mm; margin: 0 0 6mm; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
table { width: 100%; table-layout: fixed; border-collapse: collapse; page-break-inside: auto; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
th, td { border: 0.25mm solid #777; padding: 1.6mm 1.8mm; vertical-align: top; }
thead th { background: #dde3ea; font-size: 8.5pt; text-align: left; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
col.no { width: 8mm; } col.period { width: 25mm; } col.days { width: 21mm; } col.base { width: 29mm; }
col.rate { width: 15mm; } col.amount { width: 28mm; }
td.no { text-align: center; }
tr.part td { font-size: 8.5pt; color: #333; border-bottom-style: dotted; }
td.period { white-space: nowrap; font-size: 8.5pt; }
td.label { overflow-wrap: anywhere; }
th.num, th.amount { text-align: right; }
td.num { text-align: right; white-space: nowrap; }
td.amount, tfoot th.amount { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tfoot th { background: #f3f5f7; font-size: 10.5pt; text-align: right; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.notes { margin-top: 6mm; font-size: 8pt; color: #333; }
.notes p { margin: 0 0 1.5mm; }
.signature { margin-top: 12mm; margin-left: auto; width: 75mm; text-align: center; page-break-inside: avoid; }
.signature .space { height: 22mm; }
`;

/** Renders the mémoire of one half-year for a town; the same view always gives the same bytes. */
export const renderStatementHtml = (view: StatementView): string => {
  const town = escapeHtml(view.townName);
  // A negative total reads as what the EPT pays back, never as a "negative amount due".
  const totalLabel = view.totalCents >= 0 ? 'Total à rembourser par la Ville' : 'Solde à reverser à la Ville par l’EPT';
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Mémoire ${escapeHtml(view.number)} – ${town}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<div class="issuer"><strong>Établissement public territorial<br>Grand Paris Seine Ouest</strong>
Direction de l'Information Géographique et de l'Innovation Territoriale (DIGIT)<br>digit@seineouest.fr</div>
<div class="recipient">Ville de ${town}<br>Direction des finances<br>Code INSEE ${escapeHtml(view.insee)}</div>
</header>
${view.demoData ? '<p class="demo">Données de démonstration : les options et taux de cette ville ne proviennent pas d’une délibération.</p>\n' : ''}<h1>Mémoire n° ${escapeHtml(view.number)}</h1>
<p class="subtitle">État semestriel des dépenses – ${semesterName(view)}, du ${formatDateFr(view.periodFrom)} au ${formatDateFr(view.periodTo)}</p>
<dl class="facts">
<dt>Objet</dt><dd>Remboursement des frais de mise à disposition de la DIGIT – convention de mutualisation, article 6</dd>
<dt>Imputation</dt><dd>Chapitre ${escapeHtml(view.chapter)} du budget de la Ville</dd>
<dt>Émis le</dt><dd>${formatDateFr(view.issuedOn)}</dd>
</dl>
<table>
<colgroup><col class="no"><col><col class="period"><col class="days"><col class="base"><col class="rate"><col class="amount"></colgroup>
<thead><tr><th>N°</th><th>Nature de la dépense</th><th>Période</th><th class="num">Jours</th><th class="amount">Assiette annuelle</th><th class="num">Taux</th><th class="amount">Montant</th></tr></thead>
<tbody>
${view.lines.map(lineRows).join('\n')}
</tbody>
<tfoot><tr><th colspan="6">${totalLabel}</th><th class="amount">${formatMoneyFr(Math.abs(view.totalCents))}</th></tr></tfoot>
</table>
<div class="notes">
<p>Part semestrielle d’un poste = assiette annuelle × taux × ½ × jours de convention en vigueur / jours du semestre (prorata temporis) ; chaque ligne est arrondie une seule fois au centime le plus proche.</p>
<p>Frais de personnels (article 6.2) : rémunérations et charges des agents de la DIGIT, et frais assimilés comptés à 4 % de la masse salariale ; la ligne, arrondie une fois, se répartit entre les deux au prorata de leurs assiettes et en est la somme.</p>
<p>Remboursement semestriel sur présentation du présent mémoire (article 6.4 de la convention).</p>
</div>
<div class="signature">Pour le Président et par délégation<div class="space"></div></div>
</body>
</html>
`;
};
