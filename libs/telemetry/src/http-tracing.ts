import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, SpanStatusCode, trace, SpanKind } from '@opentelemetry/api';

const headerGetter = {
  get: (carrier: IncomingMessage, key: string) => {
    const value = carrier.headers[key];
    return Array.isArray(value) ? value[0] : value;
  },
  keys: (carrier: IncomingMessage) => Object.keys(carrier.headers),
};

/**
 * Express-style middleware: one SERVER span per request, child of the caller's `traceparent`,
 * and the reply carries the trace back (CONTRACT.md: "replies keep the trace").
 */
export const httpTracing =
  (tracerName: string) =>
  (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const parent = propagation.extract(context.active(), req, headerGetter);
    const route = (req.url ?? '/').split('?')[0];
    const span = trace.getTracer(tracerName).startSpan(
      `HTTP ${req.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method ?? '', 'url.path': route },
      },
      parent,
    );
    const active = trace.setSpan(parent, span);
    const outgoing: Record<string, string> = {};
    propagation.inject(active, outgoing);
    if (outgoing.traceparent) res.setHeader('traceparent', outgoing.traceparent);
    res.on('finish', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(active, next);
  };
