import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';

export interface Telemetry {
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry for one service: W3C trace context, AsyncLocalStorage context, and
 * spans exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set (nowhere otherwise).
 * Spans are made by hand (HTTP, NATS, event store): ESM auto-instrumentation needs loader hooks.
 */
export const startTelemetry = (options: { serviceName: string; spanProcessors?: SpanProcessor[] }): Telemetry => {
  const exporting = process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })] : [];
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    spanProcessors: [...exporting, ...(options.spanProcessors ?? [])],
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
    autoDetectResources: false,
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
};
