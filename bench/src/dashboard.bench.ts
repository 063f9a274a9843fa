import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { addDays } from '@digit/calendar';
import { INSEE_CODES, type Insee, type OrderLink } from '@digit/contracts';
import type { NewEvent } from '@digit/event-store';
import { openServiceInfra, type ServiceInfra } from '@digit/runtime';
import { freePort, SERVICE_NAMES, startServiceProcess, startTestIssuer, type ServiceProcess, type TestIssuer } from '@digit/testing';
import type { BenchDatabase } from './bench-database.js';

/** Issue 13: each dashboard page's answer time with a year of road orders for the eight towns. */
export interface DashboardReport {
  readonly days: number;
  readonly ordersPerTownPerDay: number;
  /** Orders in the history (1 in 10 refused), received over `days` days up to today. */
  readonly orders: number;
  readonly loadSeconds: number;
  readonly requestsPerPage: number;
  readonly pages: readonly { readonly path: string; readonly as: string; readonly medianMs: number; readonly p95Ms: number }[];
  /** The slowest page's median against 300 ms. */
  readonly target: { readonly value: number; readonly below: number; readonly met: boolean };
}

const percentile = (sorted: readonly number[], fraction: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;

/** A road code of 4 characters from a counter (36^4 codes per town). */
const roadCode = (index: number): string => index.toString(36).toUpperCase().padStart(4, '0');

/** One town's orders as data-exchange records them: a road created, or every tenth refused (unknown road). */
const townHistory = (insee: Insee, firstDay: string, days: number, perDay: number): NewEvent[] => {
  const events: NewEvent[] = [];
  for (let day = 0; day < days; day++) {
    const date = addDays(firstDay, day);
    for (let slot = 0; slot < perDay; slot++) {
      const index = day * perDay + slot;
      const minutes = 8 * 60 + Math.floor((slot * 9 * 60) / perDay);
      const receivedAt = `${date}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+01:00`;
      const rejected = index % 10 === 9;
      const order: Omit<OrderLink, 'digest'> = {
        orderId: `${insee}-${index}`,
        insee,
        reference: `AR-${date.slice(0, 4)}-${String(index).padStart(5, '0')}`,
        kind: rejected ? 'ROAD_RENAMED' : 'ROAD_CREATED',
        signedAt: date,
        effectiveAt: date,
        receivedAt,
        mentions: { source: `Ville ${insee}`, copyright: `© Ville ${insee}`, year: Number(date.slice(0, 4)) },
      };
      const link: OrderLink = { ...order, digest: createHash('sha256').update(JSON.stringify(order)).digest('hex') };
      const roadId = `${insee}_${roadCode(index)}`;
      events.push(
        rejected
          ? {
              type: 'VoirieOrderRejected',
              data: {
                roadId,
                code: 'VOIRIE_UNKNOWN_ROAD',
                reasons: [{ path: 'road.id', message: `la voie ${roadId} est inconnue du registre` }],
                order: link,
              },
            }
          : { type: 'RoadCreated', data: { roadId, name: `Voie ${roadCode(index)}`, roadType: 'voie', order: link } },
      );
    }
  }
  return events;
};

const caughtUp = async (infra: ServiceInfra, followers: readonly string[]): Promise<void> => {
  const head = await infra.store.headPosition();
  for (;;) {
    const rows = await infra.store.db
      .selectFrom('checkpoints')
      .select(['subscriber', 'position'])
      .where('subscriber', 'in', [...followers])
      .execute();
    if (rows.length === followers.length && rows.every((row) => BigInt(row.position) >= head)) return;
    await sleep(250);
  }
};

/** Sequential GETs of one page with a bearer token; the first two warm up and are not counted. */
const timePage = async (baseUrl: string, path: string, token: string, requests: number): Promise<{ medianMs: number; p95Ms: number }> => {
  const durations: number[] = [];
  for (let request = -2; request < requests; request++) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    await response.text();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    if (request >= 0) durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  return { medianMs: percentile(durations, 0.5), p95Ms: percentile(durations, 0.95) };
};

/**
 * Issue 13: the six services as `npm start` runs them, a history of `days` days of road orders for
 * the eight towns appended as data-exchange records them (received through the year, one in ten
 * refused), a budget and requests through the API, then each dashboard page asked `requests` times
 * in turn as DIGIT ops (and the town pages as a town's référent), timed from request to last byte
 * on loopback.
 */
export const dashboardBenchmark = async (options: {
  readonly database: BenchDatabase;
  readonly natsUrl: string;
  readonly days: number;
  readonly ordersPerTownPerDay: number;
  readonly requestsPerPage: number;
  readonly log: (line: string) => void;
}): Promise<DashboardReport> => {
  const { database, natsUrl, days, ordersPerTownPerDay, requestsPerPage, log } = options;
  const namespace = `bench${randomBytes(4).toString('hex')}`;
  const schemaPrefix = database.schema('dashboard');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const issuer: TestIssuer = await startTestIssuer();
  const services: ServiceProcess[] = [];
  let infra: ServiceInfra | undefined;
  try {
    const env = {
      OIDC_ISSUER: issuer.issuer,
      DATABASE_URL: database.url,
      NATS_URL: natsUrl,
      DIGIT_NATS_NAMESPACE: namespace,
      DIGIT_SCHEMA_PREFIX: schemaPrefix,
      PORT: String(port),
    };
    services.push(...(await Promise.all(SERVICE_NAMES.map((name) => startServiceProcess(name, env)))));
    infra = await openServiceInfra(
      { databaseUrl: database.url, natsUrl, natsNamespace: namespace, schemaPrefix, port: 0 },
      'bench-dashboard',
    );
    const started = performance.now();
    const today = new Date().toISOString().slice(0, 10);
    const firstDay = addDays(today, 1 - days);
    await Promise.all(
      INSEE_CODES.map(async (insee) => {
        const events = townHistory(insee, firstDay, days, ordersPerTownPerDay);
        for (let from = 0; from < events.length; from += 1_000) {
          await infra!.store.append(`road-registry-${insee}`, from === 0 ? 'no_stream' : from, events.slice(from, from + 1_000), {
            metadata: { actor: `dsi-${insee}` },
          });
        }
      }),
    );
    const ops = await issuer.token({ sub: 'bench.ops', roles: ['ops'] });
    const finance = await issuer.token({ sub: 'bench.finance', roles: ['finance'] });
    const referent = await issuer.token({ sub: 'bench.referent', roles: ['town-referent'], insee: '92012' });
    const budget = await fetch(`${baseUrl}/api/v1/billing/budgets/${today.slice(0, 4)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${finance}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sigOperationalCents: 13_700_000, payrollCents: 34_423_077, structureFlatCents: 6_300_000 }),
    });
    if (budget.status !== 200) throw new Error(`budget: ${budget.status}`);
    for (const [index, insee] of INSEE_CODES.entries()) {
      for (let ticket = 0; ticket < 5; ticket++) {
        await fetch(`${baseUrl}/api/v1/support/tickets`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ops}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            insee,
            need: `Demande ${index}-${ticket}`,
            targetUsers: 'agents',
            context: 'banc d’essai',
            deadline: addDays(today, 30),
          }),
        });
      }
    }
    await caughtUp(infra, ['gateway:dashboard_voirie_orders', 'data-exchange:road_registry']);
    const loadSeconds = (performance.now() - started) / 1000;
    const orders = INSEE_CODES.length * days * ordersPerTownPerDay;
    log(`dashboard: ${orders.toLocaleString('en')} orders over ${days} days loaded and projected in ${loadSeconds.toFixed(1)} s`);
    const asOps = ['/', '/communes/92012', '/voirie', '/voirie?jours=365', '/support', '/facturation', '/rgpd', '/systeme'];
    const pages: DashboardReport['pages'][number][] = [];
    for (const path of asOps) pages.push({ path, as: 'ops', ...(await timePage(baseUrl, path, ops, requestsPerPage)) });
    for (const path of ['/', '/communes/92012', '/voirie'])
      pages.push({ path, as: 'town-referent 92012', ...(await timePage(baseUrl, path, referent, requestsPerPage)) });
    for (const page of pages)
      log(`dashboard: ${page.path} as ${page.as}: median ${page.medianMs.toFixed(1)} ms, p95 ${page.p95Ms.toFixed(1)} ms`);
    const slowest = Math.max(...pages.map((page) => page.medianMs));
    return {
      days,
      ordersPerTownPerDay,
      orders,
      loadSeconds,
      requestsPerPage,
      pages,
      target: { value: slowest, below: 300, met: slowest < 300 },
    };
  } finally {
    await infra?.close();
    await Promise.all(services.map((service) => service.stop()));
    const nc = await connect({ servers: natsUrl, name: 'bench-dashboard-cleanup' });
    const jsm = await jetstreamManager(nc);
    for await (const stream of jsm.streams.list()) {
      if (stream.config.name.toLowerCase().startsWith(namespace)) await jsm.streams.delete(stream.config.name);
    }
    await nc.close();
    await issuer.stop();
  }
};
