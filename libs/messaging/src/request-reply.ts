import { headers as natsHeaders, type Subscription } from '@nats-io/transport-node';
import type { ApiErrorBody, DomainError } from '@digit/contracts';
import { extractTraceContext, injectTraceContext, inSpan, SpanKind } from '@digit/telemetry';
import type { Bus } from './bus.js';

/** A query's answer over NATS: the value, or an error in CONTRACT.md's shape with its HTTP status. */
export type QueryReply<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly status: number; readonly error: ApiErrorBody };

export class QueryFailure extends Error {
  constructor(readonly status: number, readonly body: ApiErrorBody) {
    super(body.message);
  }

  /** A refused command or query: 400 for malformed input, 404 for a missing thing, else 409 (the state forbids it). */
  static fromDomainError(error: DomainError, status?: number): QueryFailure {
    const inferred = /^(INVALID|MISSING|MALFORMED)/i.test(error.code) ? 400 : /NOT_FOUND|UNKNOWN/i.test(error.code) ? 404 : 409;
    return new QueryFailure(status ?? inferred, { error: error.code.toLowerCase(), message: error.message, details: error.details });
  }
}

/** Answers queries on `subject`; copies of a service share the load through the queue group. */
export const serveQuery = (
  bus: Bus,
  subject: string,
  handler: (payload: unknown) => Promise<unknown>,
  options: { queue?: string } = {},
): Subscription =>
  bus.nc.subscribe(bus.subject(subject), {
    queue: options.queue ?? subject,
    callback: (error, msg) => {
      if (error) return;
      const parent = extractTraceContext(msg.headers ? { get: (key) => msg.headers?.get(key), set: () => undefined } : undefined);
      void inSpan('@digit/messaging', `query ${subject}`, SpanKind.SERVER, parent, async () => {
        let reply: QueryReply<unknown>;
        try {
          const payload = msg.data.length > 0 ? msg.json() : undefined;
          reply = { ok: true, value: await handler(payload) };
        } catch (failure) {
          reply =
            failure instanceof QueryFailure
              ? { ok: false, status: failure.status, error: failure.body }
              : { ok: false, status: 500, error: { error: 'internal_error', message: 'Erreur interne du service ; réessayez plus tard.', details: [] } };
        }
        msg.respond(JSON.stringify(reply));
      });
    },
  });

export const requestQuery = <T>(bus: Bus, subject: string, payload: unknown, timeoutMs = 5000): Promise<QueryReply<T>> =>
  inSpan('@digit/messaging', `request ${subject}`, SpanKind.CLIENT, undefined, async () => {
    const headers = injectTraceContext(natsHeaders());
    const msg = await bus.nc.request(bus.subject(subject), JSON.stringify(payload ?? null), { timeout: timeoutMs, headers });
    return msg.json<QueryReply<T>>();
  });
