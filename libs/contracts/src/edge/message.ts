import type { Policy, RolePolicy, TownScope } from '../access/policy.js';
import type { TerritoryRole } from '../access/roles.js';
import type { PersonalDataInReply } from './personal-data-in-reply.js';

/**
 * One message between the gateway (or a service) and a service: its NATS subject, the request
 * DTO the service validates it with, the reply type the caller gets, and who may send it. Both
 * ends are typed by this one definition: `ServiceClient.send(message, request)` in the gateway and
 * `@Handles(message)` in the service (ARCHITECTURE.md "One typed edge").
 */
export interface Message<Request extends object, Reply> {
  readonly subject: string;
  readonly kind: 'query' | 'command';
  /** The class-validator DTO of the request; validated once, at the service's edge. */
  readonly request: new () => Request;
  readonly policy: Policy;
  /** How the gateway serves it over HTTP, when it does. */
  readonly http?: HttpBinding;
  /** One line for people: the OpenAPI summary and the route table. */
  readonly summary: string;
  /** How long the gateway waits for the answer (default 5 s): a file's import takes longer. */
  readonly timeoutMs?: number;
  /** The reply holds persons' data in clear: served for a stated purpose only, and traced (R-GDPR-5). */
  readonly personalData?: PersonalDataInReply;
  /** Type-level only: what the service answers. */
  readonly reply?: Reply;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a catalogue holds messages of every request and reply type
export type AnyMessage = Message<any, any>;
export type RequestOf<M> = M extends Message<infer Request, unknown> ? Request : never;
export type ReplyOf<M> = M extends Message<object, infer Reply> ? Reply : never;

/** A text document (a CSV register) read by the gateway into one request field. */
export interface TextBody {
  readonly textField: string;
  readonly contentTypes: readonly string[];
  readonly maxBytes: number;
}

/**
 * A file larger than a NATS message (a town's BAL): the gateway streams it into the uploads object
 * store (libs/messaging uploads.ts) and puts its reference (`UploadRef`) into one request field.
 */
export interface UploadBody {
  readonly uploadField: string;
  readonly contentTypes: readonly string[];
  readonly maxBytes: number;
}

/** How a path or query parameter is read from the URL before the request is validated. */
export type ParamType = 'string' | 'integer' | 'boolean';

export interface HttpBinding {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Express-style path under the API root: `/api/v1/conventions/:insee/terminations`. */
  readonly path: string;
  /** The success status (default 200; commands that create something say 201). */
  readonly status?: number;
  /** Path parameters that are not strings. */
  readonly params?: Readonly<Record<string, ParamType>>;
  /** The query parameters the route accepts; any other one is refused with 400. */
  readonly query?: Readonly<Record<string, ParamType>>;
  /**
   * Where the body goes: `json` (default for POST and PUT: its fields join the request), or a
   * text document (`text/csv`) put into one request field.
   */
  readonly body?: 'json' | TextBody | UploadBody;
  /** The reply is a document (`{ content }`) served as such rather than JSON. */
  readonly document?: {
    readonly contentType: string;
    readonly disposition: 'attachment' | 'inline';
    readonly filename: (request: never) => string;
  };
  /** The reply is a page whose items the route serves as a JSON array, the next page in a `Link` header. */
  readonly arrayPage?: boolean;
}

type CommandPolicy = {
  readonly public?: false;
  readonly roles: readonly Exclude<TerritoryRole | 'service', 'auditor'>[];
  readonly town?: TownScope;
};

/** A query: reads only. Auditors read everything (CONTRACT.md), so they are always let in. */
export const defineQuery =
  <Reply>() =>
  <Request extends object>(
    definition: Omit<Message<Request, Reply>, 'kind' | 'reply' | 'policy'> & { readonly policy: Policy },
  ): Message<Request, Reply> => ({
    ...definition,
    kind: 'query',
    policy: withAuditors(definition.policy),
  });

/** A command: changes something. Auditors change nothing, so the type refuses them here. */
export const defineCommand =
  <Reply>() =>
  <Request extends object>(
    definition: Omit<Message<Request, Reply>, 'kind' | 'reply' | 'policy'> & { readonly policy: CommandPolicy },
  ): Message<Request, Reply> => ({
    ...definition,
    kind: 'command',
  });

const withAuditors = (policy: Policy): Policy => {
  if (policy.public === true) return policy;
  const roles = policy.roles as RolePolicy['roles'];
  return roles.includes('auditor') ? policy : { ...policy, roles: [...roles, 'auditor'] };
};
