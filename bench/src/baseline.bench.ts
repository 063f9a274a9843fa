import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePort, largeBalFixture, startServiceProcess, startTestIssuer, type ServiceProcess } from '@digit/testing';
import type { BenchDatabase } from './bench-database.js';

/** Issue 16, R-DX-9: importing a town's BAL as its registry's starting point, through the API as a DSI does. */
export interface BaselineReport {
  readonly lines: number;
  readonly bytes: number;
  readonly roads: number;
  readonly numbers: number;
  readonly seconds: number;
  readonly peakRssMiB: { readonly gateway: number; readonly dataExchange: number };
  readonly target: { readonly value: number; readonly below: number; readonly met: boolean };
}

const MiB = 1024 * 1024;

/**
 * The gateway and data-exchange as `npm start` runs them (one process each), in schemas and a NATS
 * namespace of this run; `POST /api/v1/voirie/92012/baseline` with a BAL of `lines` lines, timed
 * from the request to the answer: upload into the object store, the official validator, reading,
 * one append, the read model caught up.
 */
export const baselineBenchmark = async (options: {
  readonly database: BenchDatabase;
  readonly natsUrl: string;
  readonly lines: number;
  readonly log: (line: string) => void;
}): Promise<BaselineReport> => {
  const { database, natsUrl, lines, log } = options;
  const namespace = `bench${randomBytes(4).toString('hex')}`;
  const issuer = await startTestIssuer();
  const services: ServiceProcess[] = [];
  try {
    const port = await freePort();
    const env = {
      OIDC_ISSUER: issuer.issuer,
      DATABASE_URL: database.url,
      NATS_URL: natsUrl,
      DIGIT_NATS_NAMESPACE: namespace,
      DIGIT_SCHEMA_PREFIX: database.schema('baseline'),
      PORT: String(port),
    };
    // One after the other: the first migrates the event store this run's schemas start empty with.
    for (const name of ['data-exchange', 'gateway'] as const) services.push(await startServiceProcess(name, env));
    const peak = new Map(services.map((service) => [service.name, 0]));
    const sampler = setInterval(
      () => services.forEach((service) => peak.set(service.name, Math.max(peak.get(service.name)!, service.rssBytes() ?? 0))),
      100,
    );
    const csv = largeBalFixture('92012', lines);
    const token = await issuer.token({ roles: ['ops'], sub: 'bench' });
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/voirie/92012/baseline`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const body = (await response.json()) as { roads: number; numbers: number };
    if (response.status !== 201) throw new Error(`baseline import answered ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
    const rss = (name: ServiceProcess['name']) => Math.round(((peak.get(name) ?? 0) / MiB) * 10) / 10;
    log(
      `baseline: ${lines.toLocaleString('en')} lines (${(csv.length / MiB).toFixed(1)} MiB), ${body.roads} roads, ${body.numbers} numbers in ${seconds.toFixed(1)} s`,
    );
    return {
      lines,
      bytes: Buffer.byteLength(csv),
      roads: body.roads,
      numbers: body.numbers,
      seconds,
      peakRssMiB: { gateway: rss('gateway'), dataExchange: rss('data-exchange') },
      target: { value: seconds, below: 30, met: seconds < 30 },
    };
  } finally {
    await Promise.all(services.map((service) => service.stop()));
    await issuer.stop();
    const nc = await connect({ servers: natsUrl, name: 'bench-baseline-cleanup' });
    const jsm = await jetstreamManager(nc);
    for await (const stream of jsm.streams.list()) {
      if (stream.config.name.toLowerCase().startsWith(namespace)) await jsm.streams.delete(stream.config.name);
    }
    await nc.close();
  }
};
