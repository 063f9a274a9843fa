import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { sql } from 'kysely';
import { addDays, parisNow, parisToday } from '@digit/calendar';
import { dataExchangeMessages, type Caller, type Insee } from '@digit/contracts';
import type { Database } from '@digit/event-store';
import { sendMessage } from '@digit/messaging';
import { createDatabase, openServiceInfra, readOnlyEventStore, schemaName, type ServiceInfra } from '@digit/runtime';
import { startDataExchangeService } from '@digit/data-exchange-service/app';
import { VoirieOrders } from '@digit/gateway-service/dashboard/voirie';
import { loadHistory, verifyPrefix, type LoadedHistory } from './metropolis-load.js';
import { completeRegistryReadModels, type CompletedReadModels } from './metropolis-read-models.js';
import { extendTownList, metropolisTowns } from './metropolis-towns.js';

/** What `--only=metropolis` measured. */
export interface MetropolisReport {
  readonly towns: number;
  readonly days: number;
  readonly firstDay: string;
  readonly history: LoadedHistory;
  readonly verified: { readonly events: number; readonly seconds: number; readonly failure: string | undefined };
  readonly rebuild: RebuildFigures;
  readonly completed: CompletedReadModels;
  readonly asOf: {
    readonly requests: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
    readonly maxMs: number;
    readonly roadsPerPage: number;
  };
  readonly overview: readonly { readonly query: string; readonly medianMs: number; readonly p95Ms: number }[];
  /** The bench process's peak resident memory (generation, loading, completion, queries; the rebuild's is in `rebuild`). */
  readonly peakRssMiB: number;
}

export interface RebuildFigures {
  readonly budgetSeconds: number;
  readonly seconds: number;
  readonly caughtUp: boolean;
  /** Each follower's checkpoint when stopped, its pace through the history and the whole history's time at that pace. */
  readonly followers: readonly {
    readonly name: string;
    readonly position: number;
    readonly positionsPerSecond: number;
    readonly fullMinutes: number;
  }[];
  /** The rebuild process's peak resident memory (five services and the dashboard's projection in one process). */
  readonly peakRssMiB: number;
}

export interface MetropolisOptions {
  readonly databaseUrl: string;
  readonly natsUrl: string;
  readonly events: number;
  readonly rebuildSeconds: number;
  /** At most this many events, from the first, checked by the store's own history check after loading (all of a small history). */
  readonly verifyEvents: number;
  /** Drop the history at the end instead of keeping it for the next run. */
  readonly drop: boolean;
  readonly log: (line: string) => void;
}

const YEARS = 10;
const MiB = 2 ** 20;
/** Schemas of one size of history (`metropolis_10100k_event_store`, …): sizes are kept side by side for their reruns. */
const prefixOf = (events: number): string => `metropolis_${Math.round(events / 1000)}k`;
const OPS: Caller = { sub: 'bench.metropolis', roles: ['ops'] };

const percentile = (sorted: readonly number[], fraction: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;

/** Read models of a previous rebuild: every schema of the prefix but the history's. */
const dropReadModels = async (db: Database, prefix: string, store: string): Promise<void> => {
  const { rows } = await sql<{
    nspname: string;
  }>`select nspname from pg_namespace where nspname like ${`${prefix}\\_%`} and nspname <> ${store}`.execute(db);
  for (const { nspname } of rows) await sql`drop schema ${sql.id(nspname)} cascade`.execute(db);
  await sql`delete from ${sql.table(`${store}.checkpoints`)}`.execute(db);
};

interface Running {
  readonly infra: ServiceInfra;
  stop(): Promise<void>;
}

/** Data-exchange alone in replay mode, in this process, on read models already at the head: the registry's queries. */
const startDataExchange = async (options: MetropolisOptions, prefix: string, namespace: string): Promise<Running> => {
  const base = await openServiceInfra(
    { databaseUrl: options.databaseUrl, natsUrl: options.natsUrl, natsNamespace: namespace, schemaPrefix: prefix, port: 0 },
    'bench-metropolis',
  );
  const infra: ServiceInfra = { ...base, store: readOnlyEventStore(base.store), replay: { knownAt: parisNow() } };
  try {
    const service = await startDataExchangeService(infra);
    await service.readModels.registry.caughtUp();
    return {
      infra,
      async stop() {
        await service.stop();
        await base.close();
      },
    };
  } catch (error) {
    await base.close();
    throw error;
  }
};

/** The peak resident memory of a process (VmHWM), in MiB. */
const peakRssMiB = async (pid: number): Promise<number> => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
};

/**
 * Every service started on empty read models in a process of its own (metropolis-rebuild.ts),
 * until each follower has reached the head or the budget is spent, then killed; each follower's
 * pace is its checkpoint over the time from the spawn (start-up included: it is part of a
 * rebuild) to its last move when it reached the head, to the kill otherwise.
 */
const rebuild = async (
  options: MetropolisOptions,
  db: Database,
  prefix: string,
  store: string,
  namespace: string,
  head: bigint,
): Promise<RebuildFigures> => {
  await dropReadModels(db, prefix, store);
  const started = Date.now();
  const child = spawn(process.execPath, [fileURLToPath(new URL('./metropolis-rebuild.js', import.meta.url))], {
    env: {
      ...process.env,
      METROPOLIS_DATABASE_URL: options.databaseUrl,
      METROPOLIS_NATS_URL: options.natsUrl,
      METROPOLIS_NAMESPACE: namespace,
      METROPOLIS_PREFIX: prefix,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const checkpoints = async () =>
    (
      await sql<{
        subscriber: string;
        position: string;
        updated_at: Date;
      }>`select subscriber, position, updated_at from ${sql.table(`${store}.checkpoints`)}
        where subscriber not like 'relay:%' order by subscriber`.execute(db)
    ).rows;
  let caughtUp = false;
  let peak = 0;
  try {
    for (let elapsed = 0; elapsed < options.rebuildSeconds * 1000 && child.exitCode === null; elapsed = Date.now() - started) {
      await sleep(2_000);
      peak = Math.max(peak, await peakRssMiB(child.pid!));
      const rows = await checkpoints();
      // The eight followers of the five services and the dashboard.
      if (rows.length >= 8 && rows.every((row) => BigInt(row.position) >= head)) {
        caughtUp = true;
        break;
      }
    }
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
  if (child.exitCode !== null && child.exitCode !== 0) throw new Error(`metropolis: the rebuild's process failed (${child.exitCode})`);
  const seconds = (Date.now() - started) / 1000;
  const followers = (await checkpoints()).map((row) => {
    const position = Number(row.position);
    const spent = position >= Number(head) ? Math.max(0.001, (row.updated_at.getTime() - started) / 1000) : seconds;
    const positionsPerSecond = position / spent;
    return {
      name: row.subscriber,
      position,
      positionsPerSecond,
      fullMinutes: positionsPerSecond > 0 ? Number(head) / positionsPerSecond / 60 : Number.POSITIVE_INFINITY,
    };
  });
  return { budgetSeconds: options.rebuildSeconds, seconds, caughtUp, followers, peakRssMiB: peak };
};

/** The registry as of a day, as the API asks it (`voirie-roads`, first page), for random towns and days of the ten years. */
const asOfQueries = async (
  running: Running,
  towns: readonly string[],
  firstDay: string,
  days: number,
  requests: number,
): Promise<MetropolisReport['asOf']> => {
  const durations: number[] = [];
  let roads = 0;
  for (let request = -5; request < requests; request++) {
    const index = Math.abs(request) * 7919;
    const insee = towns[index % towns.length]! as Insee;
    const asOf = addDays(firstDay, (index * 31) % days);
    const started = performance.now();
    const reply = await sendMessage(running.infra.bus, dataExchangeMessages.voirieRoads, { insee, asOf }, OPS, 30_000);
    if (!reply.ok) throw new Error(`voirie-roads ${insee} ${asOf}: ${reply.status} ${JSON.stringify(reply.error)}`);
    if (request >= 0) {
      durations.push(performance.now() - started);
      roads += reply.value.roads.length;
    }
  }
  durations.sort((a, b) => a - b);
  return {
    requests,
    p50Ms: percentile(durations, 0.5),
    p99Ms: percentile(durations, 0.99),
    maxMs: durations.at(-1)!,
    roadsPerPage: roads / requests,
  };
};

/** The dashboard's overview reads (the « Aujourd'hui » page's counts per day, the road orders page's year and its latest orders) over every town. */
const overviewQueries = async (
  db: Database,
  schema: string,
  towns: readonly Insee[],
  lastDay: string,
  repeats: number,
): Promise<MetropolisReport['overview']> => {
  const orders = new VoirieOrders(db, schema);
  const queries: [string, () => Promise<unknown>][] = [
    [`perDay, ${towns.length} towns, 30 days (Aujourd’hui)`, () => orders.perDay(towns, addDays(lastDay, -29), lastDay)],
    [`perDay, ${towns.length} towns, 365 days (Voirie, 365 j)`, () => orders.perDay(towns, addDays(lastDay, -364), lastDay)],
    [`latest 50, ${towns.length} towns (Voirie)`, () => orders.latest({ towns, upTo: lastDay }, 50)],
  ];
  const results: MetropolisReport['overview'][number][] = [];
  for (const [query, run] of queries) {
    const durations: number[] = [];
    for (let repeat = -2; repeat < repeats; repeat++) {
      const started = performance.now();
      await run();
      if (repeat >= 0) durations.push(performance.now() - started);
    }
    durations.sort((a, b) => a - b);
    results.push({ query, medianMs: percentile(durations, 0.5), p95Ms: percentile(durations, 0.95) });
  }
  return results;
};

const deleteNamespaceStreams = async (natsUrl: string, namespace: string): Promise<void> => {
  const nc = await connect({ servers: natsUrl, name: 'bench-metropolis-cleanup' });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const stream of jsm.streams.list()) {
      if (stream.config.name.toLowerCase().startsWith(namespace)) await jsm.streams.delete(stream.config.name);
    }
  } finally {
    await nc.close();
  }
};

/**
 * The metropolis (issue 19): 131 towns, ten years of road orders, support requests and
 * statements in a history of its own (`metropolis_<size>k_event_store`, kept for the next run of that size), then the
 * services' rebuild of their read models from it, the registry as of a day through the API's
 * message, the dashboard's overview queries, and memory.
 */
export const metropolisBenchmark = async (options: MetropolisOptions): Promise<MetropolisReport> => {
  const { log } = options;
  const towns = metropolisTowns();
  extendTownList(towns);
  const db = createDatabase(options.databaseUrl);
  const prefix = prefixOf(options.events);
  const store = schemaName({ schemaPrefix: prefix }, 'event_store');
  const namespace = `metro${randomBytes(4).toString('hex')}`;
  try {
    const days = Math.round(YEARS * 365.25);
    const lastDay = addDays(parisToday(), -1);
    log(`metropolis: ${towns.length} towns, ${days} days, about ${options.events.toLocaleString('en')} events…`);
    const history = await loadHistory(
      db,
      options.databaseUrl,
      store,
      { towns, firstDay: addDays(lastDay, 1 - days), days, targetEvents: options.events },
      log,
    );
    const { figures } = history;
    const head = BigInt(figures.events);
    log(
      `metropolis: ${figures.events.toLocaleString('en')} events (${figures.roadOrders.toLocaleString('en')} road orders, ${figures.tickets.toLocaleString('en')} requests, ${figures.statements.toLocaleString('en')} statements), ${history.tableMiB.toFixed(0)} MiB`,
    );
    const verified = await verifyPrefix(db, store, Math.min(figures.events, options.verifyEvents));
    if (verified.failure) throw new Error(`metropolis: the history fails the store's check at ${verified.failure}`);
    log(
      `metropolis: history check of the first ${verified.events.toLocaleString('en')} events passed in ${verified.seconds.toFixed(1)} s; rebuilding the read models (${options.rebuildSeconds} s at most)…`,
    );
    const rebuilt = await rebuild(options, db, prefix, store, namespace, head);
    for (const follower of rebuilt.followers) {
      log(
        `metropolis: ${follower.name} at ${follower.position.toLocaleString('en')} after ${rebuilt.seconds.toFixed(0)} s (${Math.round(follower.positionsPerSecond).toLocaleString('en')} positions/s; whole history ${follower.fullMinutes.toFixed(1)} min)`,
      );
    }
    const checkpointOf = (name: string) => BigInt(rebuilt.followers.find((follower) => follower.name === name)?.position ?? 0);
    const completed = await completeRegistryReadModels(
      db,
      {
        store,
        dataExchange: schemaName({ schemaPrefix: prefix }, 'data_exchange'),
        dashboard: schemaName({ schemaPrefix: prefix }, 'dashboard'),
      },
      { registry: checkpointOf('data-exchange:road_registry'), dashboard: checkpointOf('gateway:dashboard_voirie_orders') },
      head,
    );
    if (completed.differences > 0)
      throw new Error(`metropolis: the SQL completion differs from the projections on ${completed.differences} rows`);
    log(
      `metropolis: registry and dashboard tables completed to the head in ${completed.seconds.toFixed(1)} s (same rows as the projections up to their checkpoints)`,
    );
    const running = await startDataExchange(options, prefix, namespace);
    let asOf: MetropolisReport['asOf'];
    try {
      asOf = await asOfQueries(
        running,
        towns.map((town) => town.insee),
        history.firstDay,
        days,
        options.events >= 1_000_000 ? 300 : 60,
      );
    } finally {
      await running.stop();
    }
    log(
      `metropolis: registry as of a day: p50 ${asOf.p50Ms.toFixed(1)} ms, p99 ${asOf.p99Ms.toFixed(1)} ms over ${asOf.requests} requests`,
    );
    const lastHistoryDay = addDays(history.firstDay, days - 1);
    const overview = await overviewQueries(
      db,
      schemaName({ schemaPrefix: prefix }, 'dashboard'),
      towns.map((town) => town.insee as Insee),
      lastHistoryDay,
      20,
    );
    for (const query of overview)
      log(`metropolis: ${query.query}: median ${query.medianMs.toFixed(1)} ms, p95 ${query.p95Ms.toFixed(1)} ms`);
    return {
      towns: towns.length,
      days,
      firstDay: history.firstDay,
      history,
      verified,
      rebuild: rebuilt,
      completed,
      asOf,
      overview,
      peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MiB,
    };
  } finally {
    await dropReadModels(db, prefix, store).catch(() => undefined);
    if (options.drop) await sql`drop schema if exists ${sql.id(store)} cascade`.execute(db);
    await db.destroy();
    await deleteNamespaceStreams(options.natsUrl, namespace).catch(() => undefined);
  }
};
