import type { PublishedEvent } from '@digit/contracts';
import type { DeadLetter } from '@digit/messaging';

export interface TownStatusRow {
  readonly insee: string;
  readonly name: string;
  readonly status: string | null;
  readonly demo: boolean;
}

export interface DashboardData {
  readonly generatedAt: Date;
  readonly towns: readonly TownStatusRow[] | null;
  readonly deadLetters: readonly DeadLetter[] | null;
  readonly recentEvents: readonly PublishedEvent[];
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STATUS_LABELS: Record<string, string> = {
  draft: 'projet',
  approved: 'approuvée',
  signed: 'signée',
  in_force: 'en vigueur',
  notice_given: 'préavis en cours',
  terminated: 'résiliée',
  expired: 'expirée',
};

const parisDateTime = (date: Date): string =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'medium' }).format(date);

const unavailable = (what: string) => `<p class="warn">${escapeHtml(what)} : service indisponible pour le moment.</p>`;

/** The ops dashboard (French, for DIGIT's staff): towns, dead letters, the latest events. */
export const renderDashboard = (data: DashboardData): string => `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="30">
<title>DIGIT GPSO — tableau de bord</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d2733; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
  table { border-collapse: collapse; width: 100%; font-size: .9rem; }
  th, td { border-bottom: 1px solid #d5dbe1; padding: .35rem .5rem; text-align: left; vertical-align: top; }
  th { background: #f1f4f7; } .demo { color: #8a5a00; font-size: .8rem; } .warn { color: #a40000; }
  .ok { color: #1c6b2a; } code { font-size: .85rem; }
</style>
</head>
<body>
<h1>DIGIT — services partagés de GPSO</h1>
<p>Mis à jour le ${escapeHtml(parisDateTime(data.generatedAt))} (heure de Paris). API : <code>/api/v1/</code></p>
<h2>Communes et conventions (aujourd'hui)</h2>
${
  data.towns
    ? `<table><thead><tr><th>INSEE</th><th>Commune</th><th>Convention</th></tr></thead><tbody>
${data.towns
  .map(
    (town) =>
      `<tr><td>${escapeHtml(town.insee)}</td><td>${escapeHtml(town.name)}</td><td>${escapeHtml(town.status ? (STATUS_LABELS[town.status] ?? town.status) : 'aucune')}${town.demo ? ' <span class="demo">(données de démonstration)</span>' : ''}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`
    : unavailable('Conventions')
}
<h2>Messages en échec (dead letters)</h2>
${
  data.deadLetters === null
    ? unavailable('Messages en échec')
    : data.deadLetters.length === 0
      ? '<p class="ok">Aucun message en échec.</p>'
      : `<table><thead><tr><th>Quand</th><th>Consommateur</th><th>Sujet</th><th>Tentatives</th><th>Raison</th></tr></thead><tbody>
${data.deadLetters
  .map(
    (letter) =>
      `<tr><td>${escapeHtml(parisDateTime(new Date(letter.failedAt)))}</td><td>${escapeHtml(letter.consumer)}</td><td><code>${escapeHtml(letter.subject)}</code></td><td>${letter.deliveries}</td><td>${escapeHtml(letter.reason)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`
}
<h2>Derniers événements</h2>
<table><thead><tr><th>Position</th><th>Enregistré le</th><th>Flux</th><th>Événement</th><th>Acteur</th></tr></thead><tbody>
${data.recentEvents
  .map(
    (event) =>
      `<tr><td>${escapeHtml(event.position)}</td><td>${escapeHtml(parisDateTime(new Date(event.recordedAt)))}</td><td><code>${escapeHtml(event.streamId)}</code></td><td>${escapeHtml(event.type)}</td><td>${escapeHtml(event.metadata.actor ?? '')}</td></tr>`,
  )
  .join('\n')}
</tbody></table>
</body>
</html>
`;
