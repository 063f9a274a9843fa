import { context, propagation, trace, SpanKind, SpanStatusCode, type Context, type Span } from '@opentelemetry/api';
import type { EventMetadata } from '@digit/contracts';

/** Anything header-like: NATS MsgHdrs, a plain record. */
interface HeaderCarrier {
  get(key: string): string | undefined | null;
  set(key: string, value: string): void;
}

const setter = { set: (carrier: HeaderCarrier, key: string, value: string) => carrier.set(key, value) };
const getter = {
  get: (carrier: HeaderCarrier | undefined, key: string) => carrier?.get(key) || undefined,
  keys: () => ['traceparent', 'tracestate'],
};

/** Writes the active W3C trace context into NATS headers (no instrumentation exists for nats v3). */
export const injectTraceContext = <H extends HeaderCarrier>(headers: H, from: Context = context.active()): H => {
  propagation.inject(from, headers, setter);
  return headers;
};

export const extractTraceContext = (headers: HeaderCarrier | undefined): Context => propagation.extract(context.active(), headers, getter);

/** The context an event was recorded under, from its metadata. */
export const traceContextOf = (metadata: EventMetadata): Context => {
  const values = new Map<string, string>();
  if (metadata.traceparent) values.set('traceparent', metadata.traceparent);
  if (metadata.tracestate) values.set('tracestate', metadata.tracestate);
  return extractTraceContext({ get: (key) => values.get(key), set: () => undefined });
};

/** The active context as event metadata fields. */
export const currentTraceMetadata = (): Pick<EventMetadata, 'traceparent' | 'tracestate'> => {
  const values: Record<string, string> = {};
  propagation.inject(context.active(), values);
  return {
    ...(values.traceparent ? { traceparent: values.traceparent } : {}),
    ...(values.tracestate ? { tracestate: values.tracestate } : {}),
  };
};

/** Runs `work` inside a new span, child of `parent`; records failures on the span. */
export const inSpan = <T>(
  tracerName: string,
  name: string,
  kind: SpanKind,
  parent: Context | undefined,
  work: (span: Span) => Promise<T>,
): Promise<T> =>
  trace.getTracer(tracerName).startActiveSpan(name, { kind }, parent ?? context.active(), async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      throw error;
    } finally {
      span.end();
    }
  });

export { SpanKind };
