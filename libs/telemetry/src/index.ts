export { startTelemetry } from './telemetry-sdk.js';
export type { Telemetry } from './telemetry-sdk.js';
export { currentTraceMetadata, extractTraceContext, injectTraceContext, inSpan, SpanKind, traceContextOf } from './trace-context.js';
export { httpTracing } from './http-tracing.js';
