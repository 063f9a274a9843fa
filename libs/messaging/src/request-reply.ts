import { RpcException } from '@nestjs/microservices';
import { headers as natsHeaders, type Subscription } from '@nats-io/transport-node';
import type { ApiErrorBody, DomainError } from '@digit/contracts';
import { extractTraceContext, injectTraceContext, inSpan, SpanKind } from '@digit/telemetry';
import type { Bus } from './bus.js';

/** A query's answer over NATS: the value, or an error in CONTRACT.md's shape with its HTTP status. */
export type QueryReply<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly status: number; readonly error: ApiErrorBody };

/**
 * A refusal to send back as it is. An RpcException, so Nest's RPC exception filter passes it
 * through (as `{ kind, status, body }`) instead of turning it into "Internal server error".
 */
export class QueryFailure extends RpcException {
  constructor(readonly status: number, readonly body: ApiErrorBody) {
    super({ kind: 'query-failure', status, body });
  }

  /** The failure again, from what Nest's filter made of it; anything else is left as it is. */
  static revive(error: unknown): unknown {
    if (error instanceof QueryFailure) return error;
    const candidate = error as { kind?: string; status?: number; body?: ApiErrorBody };
    return candidate?.kind === 'query-failure' && typeof candidate.status === 'number' && candidate.body
      ? new QueryFailure(candidate.status, candidate.body)
      : error;
  }

  /**
   * A refused command or query: 400 for input that is wrong in itself (bad value, out of range,
   * missing, empty), 404 for something that does not exist, else 409 (the current state forbids it).
   */
  static fromDomainError(error: DomainError, status?: number): QueryFailure {
    const inferred = /(^|_)(INVALID|MISSING|MALFORMED|OUT_OF_RANGE|EMPTY|VALIDATION)(_|$)/i.test(error.code)
      ? 400
      : /(^|_)(NOT_FOUND|UNKNOWN)(_|$)/i.test(error.code)
        ? 404
        : 409;
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
          if (!(failure instanceof QueryFailure)) console.error(`query ${subject} failed:`, failure);
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
