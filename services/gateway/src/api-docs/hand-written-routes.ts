import { AlertsRequest, DeadLettersRequest, ReplayDeadLetterRequest, type JsonSchema } from '@digit/contracts';

/**
 * The OpenAPI description of the gateway's hand-written routes (the catalogue's routes describe
 * themselves: summary, request DTO, reply type). Keyed `METHOD /path` as `routeTable(app)` lists
 * them; their policy comes from their `@RoutePolicy`, never from here. A route the gateway serves
 * without an entry is listed as undocumented, and fails `api-docs.int.spec.ts`.
 */
export interface HandWrittenRouteDoc {
  /** Only for a route nobody described (openapi.ts lists it all the same). */
  readonly undocumented?: true;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly query?: Readonly<Record<string, { readonly schema: JsonSchema; readonly description: string }>>;
  /** The request DTO the route validates with (`validRequest`): its path and query parameters' schemas. */
  readonly request?: abstract new () => object;
  /** The reply type in libs/contracts (tools/api-schemas HAND_WRITTEN_REPLY_TYPES generates its schema). */
  readonly reply?: string;
  readonly status?: number;
  /** Media type → schema of the success answer; HTML pages and redirects say so in `description`. */
  readonly content?: Readonly<Record<string, JsonSchema>>;
  readonly responseDescription: string;
}

const HTML = { 'text/html': { type: 'string' } } as const;
const SEAL = {
  type: 'object',
  properties: { position: { type: 'string' }, chainHash: { type: 'string' } },
  required: ['position', 'chainHash'],
} as const;
/** The dashboard's pages: the day they show (`asOf`), what was known when (`knownAt`), a CSV export, their filters. */
const PAGE_QUERY = {
  asOf: { schema: { type: 'string', format: 'date' }, description: 'le jour montré (aujourd’hui par défaut)' },
  knownAt: { schema: { type: 'string' }, description: 'ce qui était connu à cet instant (AAAA-MM-JJTHH:MM)' },
  csv: { schema: { type: 'string' }, description: 'un tableau de la page en CSV' },
} as const;
const DAY_OR_INSTANT = { type: 'string', description: 'jour AAAA-MM-JJ (Paris) ou instant ISO 8601 avec décalage' } as const;

export const HAND_WRITTEN_ROUTES: Readonly<Record<string, HandWrittenRouteDoc>> = {
  'GET /api/v1/health': {
    tag: 'Santé',
    summary: 'État du système : la passerelle et chaque service (CONTRACT.md)',
    responseDescription: 'Toujours 200 : « degraded » quand un service ne répond pas',
    content: {
      'application/json': {
        type: 'object',
        properties: {
          status: { enum: ['ok', 'degraded'] },
          services: {
            type: 'array',
            items: { type: 'object', properties: { name: { type: 'string' }, status: { type: 'string' } }, required: ['name', 'status'] },
          },
        },
        required: ['status', 'services'],
      },
    },
  },
  'GET /api/v1/openapi.json': {
    tag: 'Documentation',
    summary: 'Ce document : l’OpenAPI 3.1 de toutes les routes, engendré du code',
    responseDescription: 'Le document OpenAPI',
    content: { 'application/json': { type: 'object' } },
  },
  'GET /api/v1/asyncapi.json': {
    tag: 'Documentation',
    summary: 'L’AsyncAPI 3 des arrêtés de voirie des villes par NATS : canaux, schémas JSON, identifiants, exemples, codes d’erreur',
    responseDescription: 'Le document AsyncAPI',
    content: { 'application/json': { type: 'object' } },
  },
  'GET /api/v1/docs': {
    tag: 'Documentation',
    summary: 'La documentation navigable de l’API (Swagger UI, servie localement)',
    responseDescription: 'Page HTML',
    content: HTML,
  },
  'GET /api/v1/docs/:asset': {
    tag: 'Documentation',
    summary: 'Les fichiers de la page de documentation (scripts, feuilles de style)',
    responseDescription: 'Le fichier demandé',
    content: { 'application/javascript': { type: 'string' }, 'text/css': { type: 'string' } },
  },
  'GET /api/v1/audit/events': {
    tag: 'Audit',
    summary:
      'L’historique global, dans l’ordre, chaque événement avec ses deux empreintes ; sceau de tête et dernier sceau ancré (R-SEC-5)',
    query: {
      after: { schema: { type: 'string', pattern: '^\\d+$' }, description: 'position après laquelle lire (0 par défaut)' },
      limit: { schema: { type: 'integer', minimum: 1, maximum: 1000 }, description: 'nombre d’événements (100 par défaut)' },
    },
    responseDescription: 'Une page de l’historique ; `next` est la position à donner à `after`',
    content: {
      'application/json': {
        type: 'object',
        properties: {
          events: { type: 'array', items: { type: 'object' } },
          next: { type: 'string' },
          headSeal: { anyOf: [SEAL, { type: 'null' }] },
          anchoredSeal: { anyOf: [{ type: 'object' }, { type: 'null' }] },
          anchoredSealProblem: { type: 'string' },
        },
        required: ['events', 'next', 'headSeal'],
      },
    },
  },
  'GET /api/v1/audit/export': {
    tag: 'Audit',
    summary: 'L’archive de l’historique (tar.gz) que `npm run audit -- export` écrit, diffusée en continu',
    query: {
      from: { schema: DAY_OR_INSTANT, description: 'début (inclus)' },
      to: { schema: DAY_OR_INSTANT, description: 'fin (incluse)' },
    },
    responseDescription: 'L’archive',
    content: { 'application/gzip': { type: 'string', contentEncoding: 'binary' } },
  },
  'GET /': {
    tag: 'Tableau de bord',
    summary: 'Le tableau de bord : aujourd’hui, selon le rôle',
    query: PAGE_QUERY,
    responseDescription: 'Page HTML',
    content: HTML,
  },
  'GET /communes/:insee': {
    tag: 'Tableau de bord',
    summary: 'La page d’une commune (une commune ne voit que la sienne)',
    query: PAGE_QUERY,
    responseDescription: 'Page HTML',
    content: HTML,
  },
  'GET /voirie': {
    tag: 'Tableau de bord',
    summary: 'Les arrêtés de voirie reçus et leurs suites',
    query: PAGE_QUERY,
    responseDescription: 'Page HTML (ou CSV avec csv=1)',
    content: HTML,
  },
  'GET /voirie/flux': {
    tag: 'Tableau de bord',
    summary: 'Le flux en direct des arrêtés décidés (server-sent events)',
    query: PAGE_QUERY,
    responseDescription: 'Flux text/event-stream',
    content: { 'text/event-stream': { type: 'string' } },
  },
  'GET /support': {
    tag: 'Tableau de bord',
    summary: 'Les demandes d’assistance et projets',
    query: PAGE_QUERY,
    responseDescription: 'Page HTML',
    content: HTML,
  },
  'GET /facturation': {
    tag: 'Tableau de bord',
    summary: 'La facturation des communes',
    query: PAGE_QUERY,
    responseDescription: 'Page HTML',
    content: HTML,
  },
  'GET /rgpd': {
    tag: 'Tableau de bord',
    summary: 'Le registre et le journal RGPD',
    query: PAGE_QUERY,
    responseDescription: 'Page HTML',
    content: HTML,
  },
  'GET /systeme': {
    tag: 'Tableau de bord',
    summary: 'L’état du système et les alertes',
    query: PAGE_QUERY,
    responseDescription: 'Page HTML',
    content: HTML,
  },
  'GET /assets/:name': {
    tag: 'Tableau de bord',
    summary: 'Les fichiers du tableau de bord (scripts, feuilles de style, polices)',
    responseDescription: 'Le fichier demandé',
    content: { 'application/javascript': { type: 'string' }, 'text/css': { type: 'string' } },
  },
  'GET /api/v1/ops/dead-letters': {
    tag: 'Exploitation',
    summary: 'Les messages écartés après leurs essais (lettres mortes), avec leur raison, les plus récents d’abord, par pages',
    request: DeadLettersRequest,
    reply: 'DeadLettersPageView',
    responseDescription: 'Une page de lettres mortes',
  },
  'POST /api/v1/ops/dead-letters/:seq/replay': {
    tag: 'Exploitation',
    summary: 'Rejoue une lettre morte (acte de l’exploitation DIGIT, inscrit dans l’historique)',
    request: ReplayDeadLetterRequest,
    reply: 'DeadLetterReplayView',
    responseDescription: 'Ce que le rejeu a donné',
  },
  'GET /api/v1/ops/system': {
    tag: 'Exploitation',
    summary:
      'L’état du système : l’historique et le retard de ses lecteurs, les flux et consommateurs JetStream, la santé de chaque service',
    reply: 'SystemStatusView',
    responseDescription: 'L’état du système',
  },
  'GET /api/v1/alerts': {
    tag: 'Exploitation',
    summary: 'Les alertes de chaque service à une date (R-SEC-6) ; une commune ne voit que les siennes',
    request: AlertsRequest,
    reply: 'AlertsOverviewView',
    responseDescription: 'Les alertes, par gravité',
  },
  'GET /auth/login': {
    tag: 'Connexion',
    summary: 'Commence la connexion au tableau de bord auprès du fournisseur d’identité (code d’autorisation avec PKCE)',
    query: { returnTo: { schema: { type: 'string' }, description: 'chemin de ce site où revenir une fois connecté' } },
    status: 302,
    responseDescription: 'Redirection vers le fournisseur d’identité',
  },
  'GET /auth/callback': {
    tag: 'Connexion',
    summary: 'Retour du fournisseur d’identité : ouvre la session du tableau de bord',
    status: 302,
    responseDescription: 'Redirection vers la page demandée, cookie de session posé ; sinon une page HTML qui dit pourquoi',
  },
  'GET /auth/session': {
    tag: 'Connexion',
    summary: 'La personne connectée par le cookie de session, et le jeton CSRF à joindre aux modifications (X-CSRF-Token)',
    responseDescription: 'La session',
    content: {
      'application/json': {
        type: 'object',
        properties: {
          sub: { type: 'string' },
          roles: { type: 'array', items: { type: 'string' } },
          insee: { type: 'string' },
          csrfToken: { type: 'string' },
          expiresAt: { type: 'string', format: 'date-time' },
        },
        required: ['sub', 'roles', 'csrfToken', 'expiresAt'],
      },
    },
  },
  'GET /auth/logout': {
    tag: 'Connexion',
    summary: 'Page de déconnexion (un bouton : la déconnexion se fait en POST)',
    responseDescription: 'Page HTML',
    content: HTML,
  },
  'POST /auth/logout': {
    tag: 'Connexion',
    summary: 'Ferme la session (et celle du fournisseur d’identité) ; exige le jeton CSRF de la session',
    status: 302,
    responseDescription: 'Redirection vers /auth/logged-out',
  },
  'GET /auth/logged-out': { tag: 'Connexion', summary: 'Page « vous êtes déconnecté »', responseDescription: 'Page HTML', content: HTML },
  'GET /auth/link/:token': {
    tag: 'Connexion',
    summary: 'Page d’un lien de connexion à usage unique (`npm run admin -- login-link`)',
    responseDescription: 'Page HTML avec un bouton',
    content: HTML,
  },
  'POST /auth/link/:token': {
    tag: 'Connexion',
    summary: 'Utilise le lien de connexion : ouvre la session',
    status: 302,
    responseDescription: 'Redirection vers le tableau de bord',
  },
  'GET /auth/interaction/:uid': {
    tag: 'Connexion',
    summary: 'Formulaire de connexion du fournisseur d’identité intégré',
    responseDescription: 'Page HTML',
    content: HTML,
  },
  'POST /auth/interaction/:uid': {
    tag: 'Connexion',
    summary: 'Identifiant et mot de passe envoyés au fournisseur d’identité intégré (429 après trop d’échecs)',
    status: 302,
    responseDescription: 'Redirection vers le fournisseur d’identité ; sinon le formulaire avec l’erreur',
  },
};
