import {
  DOMAIN_EVENTS_STREAM,
  TOWN_VOIRIE_ORDERS_STREAM,
  TOWN_VOIRIE_OUTCOMES_STREAM,
  commandSubject,
  querySubject,
  voirieOutcomesSubject,
} from '@digit/contracts';

/**
 * Who may connect to DIGIT's NATS and what each may do (R-SEC-3, CONTRACT.md "Who is calling
 * (v1.1)"): one user per service, limited to its own subjects, one per town's DSI, limited to its
 * own orders and outcomes, nobody anonymous. The one source of both the configuration `npm start`
 * generates and infra/nats/authorization.conf (a test keeps the latter equal to it).
 */
export interface NatsPermissions {
  readonly publish: { readonly allow: readonly string[]; readonly deny?: readonly string[] };
  readonly subscribe: { readonly allow: readonly string[] };
  /** May answer the requests it receives (publish once to each request's reply subject). */
  readonly allowResponses?: boolean;
}

export interface NatsUser {
  readonly user: string;
  /** A bcrypt hash (generated configuration) or a development password in clear (infra/nats). */
  readonly password: string;
  readonly permissions: NatsPermissions;
}

/** Each service's NATS user name is its name; the gateway's too. */
export const SERVICE_USERS = ['conventions', 'billing', 'data-exchange', 'support', 'privacy', 'gateway'] as const;
export type ServiceUser = (typeof SERVICE_USERS)[number];

const DEAD_LETTERS_STREAM = 'DIGIT_DEAD_LETTERS';
/** The streams the system creates, whose state ops read. */
const SYSTEM_STREAMS = [DOMAIN_EVENTS_STREAM, DEAD_LETTERS_STREAM, TOWN_VOIRIE_ORDERS_STREAM, TOWN_VOIRIE_OUTCOMES_STREAM];
/** The JetStream key-value bucket where the gateway anchors the signed head seal (libs/history-seal, R-SEC-5). */
const SEAL_BUCKET = 'DIGIT_HISTORY_SEALS';
/** The JetStream object store of files larger than a message (libs/messaging uploads.ts): the gateway puts, data-exchange takes. */
const UPLOADS_STREAM = 'OBJ_DIGIT_UPLOADS';
/** The key-value bucket where the copies of data-exchange lease the towns whose orders they handle. */
const TOWN_LEASES_BUCKET = 'DIGIT_VOIRIE_TOWN_LEASES';
const UPLOADS_SUBJECTS = '$O.DIGIT_UPLOADS.>';
/** Reading an object: its metadata by subject, its chunks through an ordered consumer. */
const readUploads = [
  `$JS.API.DIRECT.GET.${UPLOADS_STREAM}.>`,
  `$JS.API.STREAM.MSG.GET.${UPLOADS_STREAM}`,
  `$JS.API.CONSUMER.CREATE.${UPLOADS_STREAM}`,
  `$JS.API.CONSUMER.CREATE.${UPLOADS_STREAM}.>`,
  `$JS.API.CONSUMER.INFO.${UPLOADS_STREAM}.*`,
  `$JS.API.CONSUMER.MSG.NEXT.${UPLOADS_STREAM}.*`,
  `$JS.API.CONSUMER.DELETE.${UPLOADS_STREAM}.*`,
];

/** Every service's health request subject (libs/messaging answers it): `digit.health.<service>`. */
const healthSubject = (service: string) => `digit.health.${service}`;

/** Every process's own inbox: replies to its requests and JetStream deliveries come there, no other user reads them. */
export const inboxPrefixOf = (user: string): string => `_INBOX_${user}`;

/** Create, update and read a stream's configuration (each service ensures the streams it uses at start). */
const manageStream = (stream: string) => [
  `$JS.API.STREAM.INFO.${stream}`,
  `$JS.API.STREAM.CREATE.${stream}`,
  `$JS.API.STREAM.UPDATE.${stream}`,
];

/**
 * Durable pull consumers on a stream: create (both API forms of NATS 2.9+), look up, pull, ack.
 * NATS 2.9 puts no filter in the create subject, so the filter a service asks for cannot be
 * restricted here: reading events is the event store's business anyway (every service reads it).
 */
const consumeStream = (stream: string) => [
  `$JS.API.CONSUMER.CREATE.${stream}`,
  `$JS.API.CONSUMER.CREATE.${stream}.>`,
  `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.*`,
  `$JS.API.CONSUMER.INFO.${stream}.*`,
  `$JS.API.CONSUMER.MSG.NEXT.${stream}.*`,
  `$JS.ACK.${stream}.>`,
];

/** What every service does: JetStream's account check, the domain-event and dead-letter streams (ensured by each at start), its inbox, its health. */
const everyService = (service: ServiceUser) => ({
  publish: ['$JS.API.INFO', ...manageStream(DOMAIN_EVENTS_STREAM), ...manageStream(DEAD_LETTERS_STREAM)],
  subscribe: [`${inboxPrefixOf(service)}.>`, healthSubject(service)],
});

/** A service answering its context's queries and commands and publishing its context's events through its relay. */
const boundedContext = (context: string) => ({
  publish: [`digit.events.${context}.>`],
  subscribe: [querySubject(context, '>'), commandSubject(context, '>')],
});

/** A service consuming domain events: its durable consumers, and dead letters after the last delivery. */
const eventConsumer = { publish: [...consumeStream(DOMAIN_EVENTS_STREAM), 'digit.deadletters.>'], subscribe: [] };

const PRIVACY_CHECK = commandSubject('privacy', 'check-personal-data');

/** What each service does beyond the common part, read from its code (services/<name>/src). */
const SERVICE_PARTS: Readonly<Record<ServiceUser, readonly { publish: readonly string[]; subscribe: readonly string[] }[]>> = {
  conventions: [boundedContext('conventions'), eventConsumer],
  billing: [boundedContext('billing'), eventConsumer],
  'data-exchange': [
    boundedContext('data-exchange'),
    {
      // The towns' orders in, their outcomes out, and each town's outcomes consumer, created for it (infra/nats/README.md).
      publish: [
        ...manageStream(TOWN_VOIRIE_ORDERS_STREAM),
        ...consumeStream(TOWN_VOIRIE_ORDERS_STREAM),
        `$JS.API.CONSUMER.DELETE.${TOWN_VOIRIE_ORDERS_STREAM}.*`,
        ...manageStream(TOWN_VOIRIE_OUTCOMES_STREAM),
        `$JS.API.CONSUMER.CREATE.${TOWN_VOIRIE_OUTCOMES_STREAM}`,
        `$JS.API.CONSUMER.CREATE.${TOWN_VOIRIE_OUTCOMES_STREAM}.>`,
        `$JS.API.CONSUMER.DURABLE.CREATE.${TOWN_VOIRIE_OUTCOMES_STREAM}.*`,
        `$JS.API.CONSUMER.INFO.${TOWN_VOIRIE_OUTCOMES_STREAM}.*`,
        voirieOutcomesSubject('*'),
        PRIVACY_CHECK,
        // A town's BAL (R-DX-9): read from the uploads store, then removed.
        `$JS.API.STREAM.INFO.${UPLOADS_STREAM}`,
        ...readUploads,
        UPLOADS_SUBJECTS,
        `$JS.API.STREAM.PURGE.${UPLOADS_STREAM}`,
        // The towns leased among the copies (one copy handles a town's orders at a time): take, renew, give up, count the copies.
        ...manageStream(`KV_${TOWN_LEASES_BUCKET}`),
        `$KV.${TOWN_LEASES_BUCKET}.>`,
        `$JS.API.DIRECT.GET.KV_${TOWN_LEASES_BUCKET}.>`,
        `$JS.API.STREAM.MSG.GET.KV_${TOWN_LEASES_BUCKET}`,
        `$JS.API.STREAM.PURGE.KV_${TOWN_LEASES_BUCKET}`,
      ],
      subscribe: [],
    },
  ],
  support: [boundedContext('support'), { publish: [querySubject('conventions', 'towns'), PRIVACY_CHECK], subscribe: [] }],
  privacy: [boundedContext('privacy')],
  gateway: [
    {
      // Every service's queries and commands on behalf of HTTP callers, their health, and the dead letters for ops.
      publish: ['digit.query.>', 'digit.command.>', 'digit.health.>', `$JS.API.STREAM.MSG.GET.${DEAD_LETTERS_STREAM}`],
      subscribe: [],
    },
    {
      // The "Système" page (services/gateway/src/ops): each stream's state and its consumers' backlog,
      // and the replay of a dead letter, republished on its domain event's subject for the consumers
      // to check against the store and apply once.
      publish: [
        ...SYSTEM_STREAMS.map((stream) => `$JS.API.STREAM.INFO.${stream}`),
        ...SYSTEM_STREAMS.map((stream) => `$JS.API.CONSUMER.LIST.${stream}`),
        'digit.events.>',
      ],
      subscribe: [],
    },
    {
      // The signed head seal's bucket: created, read and advanced by the anchor the gateway runs.
      publish: [
        ...manageStream(`KV_${SEAL_BUCKET}`),
        `$KV.${SEAL_BUCKET}.>`,
        `$JS.API.DIRECT.GET.KV_${SEAL_BUCKET}.>`,
        `$JS.API.STREAM.MSG.GET.KV_${SEAL_BUCKET}`,
      ],
      subscribe: [],
    },
    {
      // Files larger than a message (a town's BAL) streamed into the uploads store for a service.
      publish: [...manageStream(UPLOADS_STREAM), UPLOADS_SUBJECTS, ...readUploads, `$JS.API.STREAM.PURGE.${UPLOADS_STREAM}`],
      subscribe: [],
    },
  ],
};

export const serviceNatsUser = (service: ServiceUser, password: string): NatsUser => {
  const parts = [everyService(service), ...SERVICE_PARTS[service]];
  return {
    user: service,
    password,
    permissions: {
      publish: { allow: [...new Set(parts.flatMap((part) => part.publish))] },
      subscribe: { allow: [...new Set(parts.flatMap((part) => part.subscribe))] },
      // Answering requests (the gateway's, other services') needs publishing on their inboxes, and only that.
      allowResponses: service !== 'gateway',
    },
  };
};

export const townUserName = (insee: string): string => `town-${insee}`;
export const townOutcomesConsumer = (insee: string): string => `outcomes-${insee}`;

/**
 * A town's DSI (R-DX-3): publishes its orders only, never its own outcomes; reads its outcomes
 * through the durable consumer DIGIT created for it (`outcomes-<insee>`) or live on its outcomes
 * subject; replies reach it on its own inbox prefix `_INBOX_<insee>` only.
 */
export const townNatsUser = (insee: string, password: string): NatsUser => {
  const consumer = `${TOWN_VOIRIE_OUTCOMES_STREAM}.${townOutcomesConsumer(insee)}`;
  return {
    user: townUserName(insee),
    password,
    permissions: {
      publish: {
        allow: [
          `digit.towns.${insee}.>`,
          `$JS.API.CONSUMER.INFO.${consumer}`,
          `$JS.API.CONSUMER.MSG.NEXT.${consumer}`,
          `$JS.ACK.${consumer}.>`,
        ],
        deny: [voirieOutcomesSubject(insee)],
      },
      subscribe: { allow: [`_INBOX_${insee}.>`, voirieOutcomesSubject(insee)] },
    },
  };
};
