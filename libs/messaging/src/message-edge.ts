import { headers as natsHeaders, type Msg, type Subscription } from '@nats-io/transport-node';
import { jsonText } from '@digit/event-store';
import {
  authorize,
  CALLER_HEADER,
  decodeCaller,
  DomainError,
  encodeCaller,
  isDomainError,
  mayActOnTown,
  refusal,
  refusalOf,
  validateDto,
  type AnyMessage,
  type ApiErrorBody,
  type Caller,
  type EventMetadata,
  type Message,
  type Refusal,
} from '@digit/contracts';
import { currentTraceMetadata, extractTraceContext, injectTraceContext, inSpan, SpanKind } from '@digit/telemetry';
import type { Bus } from './bus.js';

/** A message's answer over NATS: the value, or a refusal in CONTRACT.md's shape with its HTTP status. */
export type MessageReply<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly status: number; readonly error: ApiErrorBody };

/** What a handler knows besides the request: who is calling, and the metadata of the events it records. */
export interface MessageContext {
  readonly caller: Caller;
  /** `actor` is the caller's subject (R-SEC-1); the trace context joins the request's trace. */
  readonly metadata: EventMetadata;
  /**
   * For policies whose town is known only once the state is loaded (`resolvedBy: 'handler'`):
   * a DomainError `forbidden` unless this caller may act on that town.
   */
  refuseOtherTown(insee: string): DomainError | undefined;
}

export type MessageHandler<Request, Reply> = (request: Request, context: MessageContext) => Promise<Reply | DomainError>;

const internalError = refusal(500, 'internal_error', 'Erreur interne du service ; réessayez plus tard.');

const toReply = (refused: Refusal): MessageReply<never> => ({ ok: false, status: refused.status, error: refused.body });

/** The request as the service sees it: the JSON body, or a refusal (400 for anything that is not a JSON object). */
const parseRequest = (msg: Msg): { ok: true; value: unknown } | { ok: false; refusal: Refusal } => {
  try {
    return { ok: true, value: msg.data.length > 0 ? msg.json() : {} };
  } catch {
    return { ok: false, refusal: refusal(400, 'invalid_json', "Le message n'est pas du JSON valide.") };
  }
};

/**
 * Decides the answer to one message: caller from the header, policy, validation, then the
 * handler. Nothing thrown escapes: a handler's failure is a 500 answer, never a dead service.
 */
export const answerMessage = async <Request extends object, Reply>(
  message: Message<Request, Reply>,
  handler: MessageHandler<Request, Reply>,
  msg: Msg,
): Promise<MessageReply<Reply>> => {
  const caller = decodeCaller(msg.headers?.get(CALLER_HEADER));
  const parsed = parseRequest(msg);
  if (!parsed.ok) return toReply(parsed.refusal);
  const access = authorize(message.policy, caller, parsed.value);
  if (!access.ok) return toReply(refusal(access.reason === 'unauthenticated' ? 401 : 403, access.reason, access.message));
  const who = caller!;
  const context: MessageContext = {
    caller: who,
    metadata: { actor: who.sub, ...currentTraceMetadata() },
    refuseOtherTown: (insee) =>
      mayActOnTown(message.policy, who, insee)
        ? undefined
        : new DomainError('forbidden', 'forbidden', `Votre rôle est limité à la commune ${who.insee ?? '(aucune)'}.`),
  };
  try {
    // Inside the try: a body that breaks the validator is answered too, never left to time out.
    const valid = await validateDto(message.request, access.request);
    if (!valid.ok) return toReply(refusal(400, 'invalid_request', 'La requête contient des erreurs ; voir le détail.', valid.details));
    const result = await handler(valid.value, context);
    return isDomainError(result) ? toReply(refusalOf(result)) : { ok: true, value: result };
  } catch (failure) {
    if (isDomainError(failure)) return toReply(refusalOf(failure));
    console.error(`${message.subject} failed:`, failure);
    return toReply(internalError);
  }
};

/**
 * The reply as bytes, or a refusal when it would not fit in one NATS message (`max_payload`).
 * Written without recursion: a reply holds whatever depth the store does (issue 18; found by
 * the auditors' replay of a 13,000-deep contact, which the conventions service could not send).
 */
const encodeReply = (bus: Bus, reply: MessageReply<unknown>): string => {
  const text = jsonText(reply);
  const limit = bus.nc.info?.max_payload ?? 1024 * 1024;
  if (Buffer.byteLength(text) <= limit - 4096) return text;
  return JSON.stringify(
    toReply(
      refusal(
        500,
        'reply_too_large',
        'La réponse dépasse la taille maximale d’un message ; demandez une page plus petite (paramètre limit).',
      ),
    ),
  );
};

/** Answers `message` on its subject; copies of a service share the load through the queue group. */
export const serveMessage = <Request extends object, Reply>(
  bus: Bus,
  message: Message<Request, Reply>,
  handler: MessageHandler<Request, Reply>,
): Subscription =>
  bus.nc.subscribe(bus.subject(message.subject), {
    queue: message.subject,
    callback: (error, msg) => {
      if (error) return;
      const parent = extractTraceContext(msg.headers ? { get: (key) => msg.headers?.get(key), set: () => undefined } : undefined);
      void inSpan('@digit/messaging', `query ${message.subject}`, SpanKind.SERVER, parent, async () => {
        const reply = await answerMessage(message, handler, msg);
        try {
          msg.respond(encodeReply(bus, reply));
        } catch (failure) {
          console.error(`${message.subject}: the reply could not be sent:`, failure);
        }
      });
    },
  });

/** Sends `request` as `caller` and waits for the typed answer. */
export const sendMessage = <Request extends object, Reply>(
  bus: Bus,
  message: Message<Request, Reply>,
  request: Request | Record<string, unknown>,
  caller: Caller,
  timeoutMs = 5000,
): Promise<MessageReply<Reply>> =>
  inSpan('@digit/messaging', `request ${message.subject}`, SpanKind.CLIENT, undefined, async () => {
    const headers = injectTraceContext(natsHeaders());
    headers.set(CALLER_HEADER, encodeCaller(caller));
    const msg = await bus.nc.request(bus.subject(message.subject), JSON.stringify(request), { timeout: timeoutMs, headers });
    return msg.json<MessageReply<Reply>>();
  });

/** Every message of a catalogue by subject (a transport refuses to serve a subject it does not list). */
export const messagesBySubject = (catalogue: readonly AnyMessage[]): ReadonlyMap<string, AnyMessage> =>
  new Map(catalogue.map((message) => [message.subject, message]));
