import { dtoSchemas, isPublic, PURPOSE_PARAMETER, ROLE_LABELS, type AnyMessage, type Policy, type Role } from '@digit/contracts';
import type { RouteEntry } from '../edge/route-table.js';
import { CATALOGUES } from '../edge/catalogues.js';
import { HAND_WRITTEN_ROUTES, type HandWrittenRouteDoc } from './hand-written-routes.js';
import { REPLY_SCHEMAS } from './reply-schemas.generated.js';

/**
 * `GET /api/v1/openapi.json` (CONTRACT.md "Integrators and auditors (v1.1)"): OpenAPI 3.1 of every
 * route the running gateway serves, built from `routeTable(app)`: a catalogue route from its
 * message (summary, policy, HTTP binding, request DTO through its class-validator metadata, reply
 * type through the schemas generated from it), a hand-written route from its `@RoutePolicy` and
 * its entry in hand-written-routes.ts. Nothing here is a second copy of a route.
 */
export interface OpenApiOptions {
  /** The OpenID issuer whose access tokens the API accepts (its discovery document is under it). */
  readonly issuer: string;
}

type Schema = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';
const ERROR_SCHEMA = 'ApiError';

const ERROR_RESPONSES: Readonly<Record<string, { readonly name: string; readonly description: string }>> = {
  '400': {
    name: 'BadRequest',
    description: 'Requête invalide : chaque problème dans `details`, avec son chemin (`path`) et un message en français',
  },
  '401': {
    name: 'Unauthenticated',
    description: 'Jeton absent, expiré, falsifié ou pour une autre audience : `{ "error": "unauthenticated" }`',
  },
  '403': {
    name: 'Forbidden',
    description: 'Rôle ou commune hors du périmètre du jeton : `{ "error": "forbidden" }` ; rien n’est enregistré',
  },
  '404': { name: 'NotFound', description: 'Ressource inconnue (par exemple `unknown_town` pour un code INSEE hors de GPSO)' },
  '409': { name: 'Conflict', description: 'Refusé par les règles du domaine dans l’état actuel ; rien n’est enregistré' },
  '413': {
    name: 'PayloadTooLarge',
    description: 'Corps trop volumineux (100 Kio pour le JSON ; la limite d’un document est dans la route)',
  },
  '503': { name: 'ServiceUnavailable', description: 'Le service ne répond pas pour l’instant : réessayez' },
};

const openApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const pathParams = (path: string): string[] => [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]!);
const mediaType = (contentType: string): string => contentType.split(';')[0]!.trim();

const label = (role: Role): string => `${ROLE_LABELS[role]} (\`${role}\`)`;

/** Who may call, in French, as the policy says it (R-SEC-2). */
export const whoMayCall = (policy: Policy | undefined): string => {
  if (!policy) return 'Personne : cette route n’a pas de règle d’accès, elle est refusée.';
  if (isPublic(policy)) return 'Public : sans jeton.';
  const parts = policy.roles.length > 0 ? [policy.roles.map(label).join(', ')] : [];
  if (policy.town) {
    const where = policy.town.field
      ? `la commune du champ \`${policy.town.field}\``
      : 'la commune de la ressource, vérifiée par le service une fois chargée';
    parts.push(`${policy.town.roles.map(label).join(', ')}, pour leur propre commune seulement (${where})`);
  }
  return `Qui peut appeler : ${parts.join(' ; ')}.`;
};

const securityOf = (policy: Policy | undefined) => {
  if (!policy || isPublic(policy)) return [];
  const roles = [...policy.roles, ...(policy.town?.roles ?? [])].filter((role) => role !== 'service');
  // OpenAPI 3.1: for a scheme other than OAuth2, the array lists the role names required.
  return [{ bearerAuth: roles }];
};

const errorResponses = (statuses: readonly string[]) =>
  Object.fromEntries(statuses.map((status) => [status, { $ref: `#/components/responses/${ERROR_RESPONSES[status]!.name}` }]));

/** The error statuses a route can answer, from its shape: policy, parameters, body, kind. */
const errorStatuses = (route: RouteEntry, message: AnyMessage | undefined): string[] => {
  const statuses = ['400'];
  if (route.policy && !isPublic(route.policy)) statuses.push('401', '403');
  if (pathParams(route.path).length > 0) statuses.push('404');
  if (message?.kind === 'command') statuses.push('409');
  if (route.method === 'POST' || route.method === 'PUT') statuses.push('413');
  if (message) statuses.push('503');
  return statuses;
};

interface MessageKey {
  readonly catalogue: string;
  readonly name: string;
  readonly tag: string;
}

const messageKeys = new Map<AnyMessage, MessageKey>(
  Object.entries(CATALOGUES).flatMap(([catalogue, { tag, messages }]) =>
    Object.entries(messages).map(([name, message]): [AnyMessage, MessageKey] => [message, { catalogue, name, tag }]),
  ),
);

const requestSchemas = dtoSchemas(
  [...messageKeys.keys()].map((message) => message.request),
  COMPONENTS,
);

const replyComponents = REPLY_SCHEMAS.components as unknown as Record<string, Schema>;
const replies = REPLY_SCHEMAS.replies as unknown as Record<string, Schema>;

const resolve = (schema: Schema): Schema => {
  const ref = schema.$ref;
  return typeof ref === 'string' && ref.startsWith(COMPONENTS) ? resolve(replyComponents[ref.slice(COMPONENTS.length)] ?? {}) : schema;
};

const successContent = (message: AnyMessage, key: MessageKey): Schema => {
  const binding = message.http!;
  const reply = replies[`${key.catalogue}.${key.name}`];
  if (!reply) throw new Error(`no reply schema for ${key.catalogue}.${key.name}: run npm run api-schemas`);
  if (binding.document) return { [mediaType(binding.document.contentType)]: { schema: { type: 'string' } } };
  if (binding.arrayPage) return { 'application/json': { schema: (resolve(reply).properties as Record<string, Schema>).items } };
  return { 'application/json': { schema: reply } };
};

const successHeaders = (message: AnyMessage, key: MessageKey): Schema | undefined => {
  const binding = message.http!;
  const headers: Schema = {};
  const reply = resolve(replies[`${key.catalogue}.${key.name}`] ?? {});
  if (binding.arrayPage || (binding.document && 'next' in ((reply.properties as Schema | undefined) ?? {}))) {
    headers.Link = {
      description: 'la page suivante : `<…?after=<curseur>>; rel="next"` (absent sur la dernière page)',
      schema: { type: 'string' },
    };
  }
  if (binding.document)
    headers['Content-Disposition'] = { description: `${binding.document.disposition}; filename="…"`, schema: { type: 'string' } };
  return Object.keys(headers).length > 0 ? headers : undefined;
};

const parameter = (name: string, where: 'path' | 'query', schema: Schema, required: boolean): Schema => ({
  name,
  in: where,
  required,
  schema,
});

const catalogueOperation = (route: RouteEntry, message: AnyMessage): Schema => {
  const key = messageKeys.get(message);
  if (!key) throw new Error(`${route.method} ${route.path}: its message is in no catalogue of edge/catalogues.ts`);
  const binding = message.http!;
  const dto = requestSchemas[message.request.name]!;
  const properties = (dto.properties ?? {}) as Record<string, Schema>;
  const required = new Set((dto.required as string[] | undefined) ?? []);
  const typed = (name: string, type: string | undefined): Schema => ({
    ...(properties[name] ?? { type: 'string' }),
    ...(type ? { type } : {}),
  });
  const inPath = pathParams(binding.path);
  const inQuery = Object.keys(binding.query ?? {});
  const parameters = [
    ...inPath.map((name) => parameter(name, 'path', typed(name, binding.params?.[name]), true)),
    ...inQuery.map((name) => parameter(name, 'query', typed(name, binding.query![name]), required.has(name))),
    ...(message.personalData
      ? [
          {
            ...parameter(PURPOSE_PARAMETER, 'query', { type: 'string', maxLength: 64 }, false),
            description:
              'Finalité de la lecture (R-GDPR-5) : la référence d’un traitement validé du registre de la commune (ou DIGIT-FORMATION-RGPD pour les agents de la DIGIT). Avec elle, les données personnelles sont en clair et la lecture est tracée ; sans elle, elles sont masquées ; une finalité hors registre est refusée (400).',
          },
        ]
      : []),
  ];
  const fileBody = typeof binding.body === 'object' ? binding.body : undefined;
  const uploaded = fileBody && 'uploadField' in fileBody ? fileBody.uploadField : undefined;
  // An uploaded file is the body itself; the service is sent its reference.
  const bodyFields = Object.keys(properties).filter((name) => !inPath.includes(name) && !inQuery.includes(name) && name !== uploaded);
  const jsonBody: Schema =
    bodyFields.length === Object.keys(properties).length
      ? { $ref: `${COMPONENTS}${message.request.name}` }
      : {
          type: 'object',
          properties: Object.fromEntries(bodyFields.map((name) => [name, properties[name]])),
          required: bodyFields.filter((name) => required.has(name)),
          additionalProperties: false,
        };
  const hasBody = (binding.method === 'POST' || binding.method === 'PUT') && (bodyFields.length > 0 || uploaded !== undefined);
  return {
    operationId: `${key.catalogue.replace(/Messages$/, '')}.${key.name}`,
    tags: [key.tag],
    summary: message.summary,
    description: [
      whoMayCall(message.policy),
      fileBody
        ? `Document : ${fileBody.contentTypes.join(' ou ')}, ${Math.round(fileBody.maxBytes / 1024)} Kio au plus${uploaded ? '' : ' (ou le JSON du schéma)'}.`
        : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
    'x-digit-nats-subject': message.subject,
    'x-digit-policy': message.policy,
    security: securityOf(message.policy),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(hasBody
      ? {
          requestBody: {
            required: true,
            content: {
              ...(uploaded ? {} : { 'application/json': { schema: jsonBody } }),
              ...Object.fromEntries(
                (fileBody?.contentTypes ?? []).map((type) => [type, { schema: { type: 'string', description: 'le fichier' } }]),
              ),
            },
          },
        }
      : {}),
    responses: {
      [String(binding.status ?? (binding.method === 'POST' ? 201 : 200))]: {
        description: message.summary,
        content: successContent(message, key),
        ...(successHeaders(message, key) ? { headers: successHeaders(message, key) } : {}),
      },
      ...errorResponses(errorStatuses(route, message)),
    },
  };
};

/** A hand-written route's parameters: typed by its request DTO when it has one, else as its entry says. */
const handWrittenParameters = (route: RouteEntry, doc: HandWrittenRouteDoc): Schema[] => {
  const dto = doc.request ? dtoSchemas([doc.request], COMPONENTS)[doc.request.name]! : undefined;
  const properties = (dto?.properties ?? {}) as Record<string, Schema>;
  const inPath = pathParams(route.path);
  const required = new Set((dto?.required as string[] | undefined) ?? []);
  return [
    ...inPath.map((name) => parameter(name, 'path', properties[name] ?? { type: 'string' }, true)),
    ...Object.entries(properties)
      .filter(([name]) => !inPath.includes(name))
      .map(([name, schema]) => parameter(name, 'query', schema, required.has(name))),
    ...Object.entries(doc.query ?? {}).map(([name, query]) => ({
      ...parameter(name, 'query', query.schema as Schema, false),
      description: query.description,
    })),
  ];
};

const handWrittenOperation = (route: RouteEntry, doc: HandWrittenRouteDoc): Schema => ({
  ...(doc.undocumented ? { 'x-digit-undocumented': true } : {}),
  operationId: `gateway.${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+/g, '_').replace(/_$/, '')}`,
  tags: [doc.tag],
  summary: doc.summary,
  description: [whoMayCall(route.policy), doc.description ?? ''].filter(Boolean).join('\n\n'),
  'x-digit-policy': route.policy,
  security: securityOf(route.policy),
  parameters: handWrittenParameters(route, doc),
  responses: {
    [String(doc.status ?? 200)]: {
      description: doc.responseDescription,
      ...(doc.reply ? { content: { 'application/json': { schema: { $ref: `${COMPONENTS}${doc.reply}` } } } } : {}),
      ...(doc.content ? { content: Object.fromEntries(Object.entries(doc.content).map(([type, schema]) => [type, { schema }])) } : {}),
    },
    ...errorResponses(errorStatuses(route, undefined)),
  },
});

/** Every route of the running gateway as one OpenAPI 3.1 document. */
export const openApiDocument = (routes: readonly RouteEntry[], options: OpenApiOptions): Schema => {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const route of routes) {
    // A hand-written route nobody described is still listed, marked (api-docs.int.spec.ts fails on it).
    const doc = HAND_WRITTEN_ROUTES[`${route.method} ${route.path}`] ?? {
      tag: 'Non décrite',
      summary: 'Route sans description (à décrire dans hand-written-routes.ts)',
      responseDescription: 'Réponse',
      undocumented: true as const,
    };
    const operation = route.message ? catalogueOperation(route, route.message) : handWrittenOperation(route, doc);
    (paths[openApiPath(route.path)] ??= {})[route.method.toLowerCase()] = operation;
  }
  const collisions = Object.keys(requestSchemas).filter((name) => name in replyComponents || name === ERROR_SCHEMA);
  if (collisions.length > 0) throw new Error(`request and reply schemas share names: ${collisions.join(', ')}`);
  const tags = [
    ...new Set(Object.values(paths).flatMap((operations) => Object.values(operations).flatMap((operation) => operation.tags as string[]))),
  ];
  return {
    openapi: '3.1.0',
    info: {
      title: 'DIGIT GPSO — API des services partagés',
      version: '1.1',
      description: [
        'L’API HTTP de DIGIT pour l’exploitation, les finances de GPSO, les auditeurs et les villes (CONTRACT.md v1.1).',
        'Erreurs : `{ "error": "<code>", "message": "<phrase en français>", "details": [{ "path", "message" }] }`, jamais de trace.',
        'Listes par pages : `?limit=` (1000 au plus) et `?after=<curseur>` ; le curseur suivant dans `next`, ou dans un en-tête `Link: <…>; rel="next"` quand la réponse est un tableau.',
        'Jetons : `Authorization: Bearer <jeton d’accès OpenID Connect>` ; chaque route dit qui peut l’appeler. Les arrêtés de voirie des villes passent par NATS : voir `/api/v1/asyncapi.json`.',
      ].join('\n\n'),
    },
    servers: [{ url: '/', description: 'cette passerelle' }],
    tags: tags.map((name) => ({ name })),
    paths,
    components: {
      schemas: {
        ...replyComponents,
        ...requestSchemas,
        [ERROR_SCHEMA]: {
          type: 'object',
          description: 'Le corps de toute erreur (CONTRACT.md « Conventions for every interface »)',
          properties: {
            error: { type: 'string', description: 'code stable, en snake_case' },
            message: { type: 'string', description: 'une phrase en français sur quoi faire' },
            details: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
                required: ['path', 'message'],
              },
            },
          },
          required: ['error', 'message', 'details'],
        },
      },
      responses: Object.fromEntries(
        Object.values(ERROR_RESPONSES).map(({ name, description }) => [
          name,
          { description, content: { 'application/json': { schema: { $ref: `${COMPONENTS}${ERROR_SCHEMA}` } } } },
        ]),
      ),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          // The issuer's discovery URL is said here rather than as an openIdConnect scheme: browsable pages would fetch it
          // cross-origin, which the content security policy refuses (and tokens come from the issuer, not from this page).
          description: `Jeton d’accès (JWT) de l’émetteur OpenID Connect ${options.issuer} (découverte : ${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration ; claims \`roles\`, \`insee\` pour un rôle de ville) ; avec l’émetteur intégré : \`npm run -s admin -- token --role <rôle> [--insee <insee>]\`.`,
        },
      },
    },
  };
};
