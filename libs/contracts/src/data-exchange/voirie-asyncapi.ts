import type { JsonSchema } from '../edge/json-schema.js';
import { TOWN_VOIRIE_ORDERS_STREAM, TOWN_VOIRIE_OUTCOMES_STREAM } from '../subjects.js';
import { INSEE_CODES } from '../towns.js';
import { VOIRIE_ERROR_CODES, type VoirieErrorCode } from './voirie-errors.js';
import { voirieOrderJsonSchema } from './voirie-order.schema.js';
import { voirieOutcomeJsonSchema, type VoirieOutcome } from './voirie-outcome.js';
import type { VoirieOrderKind } from './voirie-view.js';

/**
 * `GET /api/v1/asyncapi.json` (CONTRACT.md "Integrators and auditors (v1.1)"): AsyncAPI 3 of the
 * towns' NATS interface (R-DX-1..3): the orders and outcomes channels, their JSON Schemas (the
 * order's from the DTO the data-exchange service validates with), the credentials, an example of
 * every kind of order and of each outcome, and every error code.
 */
const DRAFT_07 = 'application/schema+json;version=draft-07';

const MENTIONS = { source: 'Ville de Boulogne-Billancourt', copyright: '© Ville de Boulogne-Billancourt', year: 2024 };
const ROAD = { id: '92012_0042', name: 'Allée Marie Curie', type: 'voie' };

/** One valid order of each kind (Boulogne-Billancourt, demo data), in the order they can be sent. */
export const VOIRIE_ORDER_EXAMPLES = {
  ROAD_CREATED: {
    orderId: '3b0f8a52-6c1d-4e8f-9a27-5d4c3b2a1f01',
    insee: '92012',
    reference: 'AR-2024-0153',
    signedAt: '2024-03-02',
    effectiveAt: '2024-04-01',
    kind: 'ROAD_CREATED',
    road: ROAD,
    mentions: MENTIONS,
  },
  NUMBERING: {
    orderId: '3b0f8a52-6c1d-4e8f-9a27-5d4c3b2a1f02',
    insee: '92012',
    reference: 'AR-2024-0187',
    signedAt: '2024-04-15',
    effectiveAt: '2024-05-01',
    kind: 'NUMBERING',
    road: ROAD,
    numbers: [
      { number: 1, lon: 2.2401, lat: 48.8352 },
      { number: 2, suffix: 'bis', lon: 2.24026, lat: 48.83532 },
    ],
    mentions: MENTIONS,
  },
  ROAD_RENAMED: {
    orderId: '3b0f8a52-6c1d-4e8f-9a27-5d4c3b2a1f03',
    insee: '92012',
    reference: 'AR-2024-0240',
    signedAt: '2024-06-10',
    effectiveAt: '2024-07-01',
    kind: 'ROAD_RENAMED',
    road: { ...ROAD, name: 'Allée Marie et Pierre Curie' },
    previousName: 'Allée Marie Curie',
    mentions: MENTIONS,
  },
  TRAFFIC_DIRECTION: {
    orderId: '3b0f8a52-6c1d-4e8f-9a27-5d4c3b2a1f04',
    insee: '92012',
    reference: 'AR-2024-0301',
    signedAt: '2024-08-20',
    effectiveAt: '2024-09-01',
    kind: 'TRAFFIC_DIRECTION',
    road: { ...ROAD, name: 'Allée Marie et Pierre Curie' },
    direction: 'ONE_WAY_FORWARD',
    mentions: MENTIONS,
  },
} as const satisfies Readonly<
  Record<VoirieOrderKind, { readonly orderId: string; readonly kind: VoirieOrderKind; readonly [field: string]: unknown }>
>;

const rejection = (path: string, code: VoirieErrorCode, message: string) => ({ path, code, message });

/** An accepted, a rejected (several reasons at once) and a duplicate outcome. */
export const VOIRIE_OUTCOME_EXAMPLES: Readonly<Record<string, VoirieOutcome>> = {
  accepted: {
    orderId: VOIRIE_ORDER_EXAMPLES.NUMBERING.orderId,
    reference: 'AR-2024-0187',
    status: 'accepted',
    errors: [],
    msgId: VOIRIE_ORDER_EXAMPLES.NUMBERING.orderId,
    sequence: 1042,
  },
  rejected: {
    orderId: 'AR-2024-0188',
    reference: 'AR-2024-0188',
    status: 'rejected',
    errors: [
      rejection(
        'order.orderId',
        'VOIRIE_INVALID_FORMAT',
        'l’identifiant de l’ordre (orderId) est invalide : un UUID écrit en minuscules est attendu, par exemple 9f1c6c1e-2b7d-4c3a-9e55-0d6b1f2a3c4d',
      ),
      rejection(
        'order.road.name',
        'VOIRIE_ROAD_NAME_MISMATCH',
        'la voie 92012_0042 s’appelle « Allée Marie Curie » au registre au 01/05/2024, pas « Rue Fausse » : corrigez road.name',
      ),
      rejection(
        'order.numbers.0.lon',
        'VOIRIE_OUTSIDE_TOWN',
        'le point du numéro 1 (lon 2.3, lat 48.8352) est hors de Boulogne-Billancourt (lon 2,217 à 2,268, lat 48,816 à 48,856)',
      ),
    ],
    msgId: null,
    sequence: 1043,
  },
  duplicate: {
    orderId: VOIRIE_ORDER_EXAMPLES.NUMBERING.orderId,
    reference: 'AR-2024-0187',
    status: 'duplicate',
    errors: [],
    msgId: VOIRIE_ORDER_EXAMPLES.NUMBERING.orderId,
    sequence: 1044,
  },
};

const codesTable = (Object.keys(VOIRIE_ERROR_CODES) as VoirieErrorCode[])
  .map((code) => `| \`${code}\` | ${VOIRIE_ERROR_CODES[code]} |`)
  .join('\n');

const DESCRIPTION = `Les arrêtés de voirie que la DSI d’une ville envoie à DIGIT par NATS JetStream, et la suite donnée à chacun (R-DX-1 à 3).

**Se connecter.** \`npm run -s admin -- town-credentials <insee>\` donne, seule sur sa dernière ligne, l’URL \`nats://town-<insee>:<mot de passe>@<hôte>:<port>\` ; en donner de nouveaux révoque les anciens. Le client NATS JavaScript ne lit pas d’identifiants dans une URL : passez \`user\` et \`pass\` à part, et le préfixe de boîte de réponse \`_INBOX_<insee>\` (option \`inboxPrefix\`), seul permis à la ville. Une ville publie seulement sur \`digit.towns.<son insee>.voirie.orders\` et lit seulement ses propres suites (\`npm run town-dsi -- <insee>\` le montre).

**Envoyer.** Publiez l’arrêté en JSON UTF-8 (64 Kio au plus) sur le flux \`${TOWN_VOIRIE_ORDERS_STREAM}\` avec l’en-tête \`Nats-Msg-Id: <orderId>\` : JetStream écarte un second envoi du même id, et l’accusé de publication veut dire « enregistré ». Renvoyer un arrêté déjà traité ne change rien (suite \`duplicate\`).

**Lire la suite.** DIGIT répond sur \`digit.towns.<insee>.voirie.outcomes\`, gardé dans le flux \`${TOWN_VOIRIE_OUTCOMES_STREAM}\` : une DSI hors ligne la lit plus tard (consommateur durable). Chaque suite porte \`orderId\` et \`reference\` tels qu’envoyés (même invalides), \`msgId\` et \`sequence\` du message, pour la rapprocher de l’envoi ; chaque erreur a un \`path\`, un \`message\` en français et un \`code\` stable :

| code | signifie |
| --- | --- |
${codesTable}

**Point de départ.** Le registre d’une ville part de sa Base Adresse Locale, importée une fois : \`POST /api/v1/voirie/{insee}/baseline\` (CSV BAL 1.4, R-DX-9, voir /api/v1/openapi.json) ; les arrêtés renomment ou numérotent ensuite ses voies.`;

/** The AsyncAPI 3.0 document of the towns' road orders interface. */
export const voirieAsyncApiDocument = (): JsonSchema => ({
  asyncapi: '3.0.0',
  info: { title: 'DIGIT GPSO — arrêtés de voirie des villes (NATS)', version: '1.1', description: DESCRIPTION },
  defaultContentType: 'application/json',
  servers: {
    digit: {
      host: '{host}',
      protocol: 'nats',
      description: 'Le serveur NATS de DIGIT (celui de `npm start` annonce son port au démarrage)',
      variables: { host: { default: '127.0.0.1:4222', description: 'hôte:port donnés par town-credentials' } },
      security: [{ $ref: '#/components/securitySchemes/townCredentials' }],
    },
  },
  channels: {
    orders: {
      address: 'digit.towns.{insee}.voirie.orders',
      title: 'Arrêtés de la ville',
      description: `Flux JetStream ${TOWN_VOIRIE_ORDERS_STREAM} ; en-tête Nats-Msg-Id = orderId.`,
      parameters: { insee: { $ref: '#/components/parameters/insee' } },
      messages: { order: { $ref: '#/components/messages/order' } },
    },
    outcomes: {
      address: 'digit.towns.{insee}.voirie.outcomes',
      title: 'Suites données aux arrêtés de la ville',
      description: `Flux JetStream ${TOWN_VOIRIE_OUTCOMES_STREAM}, lisible plus tard.`,
      parameters: { insee: { $ref: '#/components/parameters/insee' } },
      messages: { outcome: { $ref: '#/components/messages/outcome' } },
    },
  },
  operations: {
    sendOrder: {
      action: 'send',
      title: 'Envoyer un arrêté',
      summary: 'La DSI publie un arrêté de sa ville ; l’accusé JetStream veut dire « enregistré ».',
      channel: { $ref: '#/channels/orders' },
      messages: [{ $ref: '#/channels/orders/messages/order' }],
    },
    receiveOutcome: {
      action: 'receive',
      title: 'Lire la suite donnée',
      summary: 'Une suite par message reçu : accepted, rejected (avec chaque raison) ou duplicate.',
      channel: { $ref: '#/channels/outcomes' },
      messages: [{ $ref: '#/channels/outcomes/messages/outcome' }],
    },
  },
  components: {
    parameters: {
      insee: { enum: [...INSEE_CODES], description: 'code INSEE de la ville (ses identifiants NATS ne valent que pour elle)' },
    },
    securitySchemes: {
      townCredentials: {
        type: 'userPassword',
        description:
          'Utilisateur `town-<insee>` et mot de passe de `npm run -s admin -- town-credentials <insee>` ; préfixe de boîte de réponse `_INBOX_<insee>`.',
      },
    },
    messages: {
      order: {
        name: 'order',
        title: 'Arrêté de voirie',
        contentType: 'application/json',
        headers: {
          schemaFormat: DRAFT_07,
          schema: {
            type: 'object',
            required: ['Nats-Msg-Id'],
            properties: {
              'Nats-Msg-Id': { type: 'string', description: 'égal à orderId : JetStream déduplique sur lui' },
              'Content-Type': { type: 'string', enum: ['application/json', 'application/json; charset=utf-8'], description: 'facultatif' },
            },
          },
        },
        payload: { schemaFormat: DRAFT_07, schema: voirieOrderJsonSchema() },
        examples: Object.entries(VOIRIE_ORDER_EXAMPLES).map(([kind, order]) => ({
          name: kind,
          summary: `Un arrêté ${kind}`,
          headers: { 'Nats-Msg-Id': order.orderId },
          payload: order,
        })),
      },
      outcome: {
        name: 'outcome',
        title: 'Suite donnée à un arrêté',
        contentType: 'application/json',
        payload: { schemaFormat: DRAFT_07, schema: voirieOutcomeJsonSchema() },
        examples: Object.entries(VOIRIE_OUTCOME_EXAMPLES).map(([status, outcome]) => ({
          name: status,
          summary: `Une suite ${status}`,
          payload: outcome,
        })),
      },
    },
  },
});
