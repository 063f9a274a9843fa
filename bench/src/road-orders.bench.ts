import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { AckPolicy, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { INSEE_CODES, voirieOrdersSubject, voirieOutcomesSubject } from '@digit/contracts';
import { busFromConnection, type Bus } from '@digit/messaging';
import { freePort, SERVICE_NAMES, startServiceProcess, startTestIssuer, type ServiceName, type ServiceProcess } from '@digit/testing';
import type { BenchDatabase } from './bench-database.js';

/** One phase of road orders: a fixed offered rate, or as many as the system answers. */
export interface RoadOrdersPhase {
  readonly name: string;
  /** Orders per second the simulated DSI offers; null for the closed loop ("as fast as it takes them"). */
  readonly offeredPerSecond: number | null;
  readonly published: number;
  readonly accepted: number;
  /** Answered other than `accepted`, or not answered within the drain: each is a failure. */
  readonly notAccepted: number;
  readonly unanswered: number;
  /** Accepted orders over the time from the first publish to the last outcome. */
  readonly acceptedPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface ServiceMemory {
  readonly service: ServiceName;
  /** Resident memory once ready, before any order. */
  readonly readyRssMiB: number;
  /** The most resident memory seen during the road orders (sampled every 100 ms): benchmark 5. */
  readonly peakRssMiB: number;
  /** The most resident memory since the process started, start-up included (VmHWM). */
  readonly peakSinceStartRssMiB: number;
  /** CPU time (user + system) the service used during the road orders. */
  readonly cpuSeconds: number;
}

export interface RoadOrdersReport {
  readonly secondsPerPhase: number;
  readonly phases: readonly RoadOrdersPhase[];
  /** What JetStream alone does on this machine with the same messages. */
  readonly limits: { readonly publishWithAckPerSecond: number; readonly durableConsumePerSecond: number };
  readonly memory: readonly ServiceMemory[];
  readonly targets: {
    readonly p99At500Ms: { readonly value: number; readonly below: number; readonly met: boolean };
    readonly rssMiB: { readonly value: number; readonly below: number; readonly met: boolean };
  };
}

/** Fixed rates of issue 8, then the closed loop. */
const ORDER_RATES = [200, 500, 1_000] as const;
/** Unanswered orders the closed loop keeps in flight, like the limit's publishes in flight. */
const WINDOW = 512;
/** After its last publish, a phase waits this long for the outcomes still due. */
const DRAIN_MS = 60_000;
const MiB = 2 ** 20;

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const ROAD_CODE_DIGITS = 36;
/** A road code of 4 characters [0-9A-Z], unique per index up to 36^4 per town. */
const roadCode = (index: number): string => index.toString(ROAD_CODE_DIGITS).toUpperCase().padStart(4, '0');

/** A road creation as a town's DSI writes it (CONTRACT.md), on a road no other order of the run uses. */
const roadOrder = (index: number) => {
  const insee = INSEE_CODES[index % INSEE_CODES.length]!;
  const road = { id: `${insee}_${roadCode(Math.floor(index / INSEE_CODES.length))}`, name: `Rue du banc d'essai ${index}`, type: 'voie' };
  return {
    orderId: randomUUID(),
    insee,
    reference: `AR-BENCH-${index}`,
    signedAt: '2024-03-02',
    effectiveAt: '2024-04-01',
    kind: 'ROAD_CREATED',
    road,
    mentions: { source: 'Banc d’essai', copyright: 'Banc d’essai', year: 2024 },
  };
};

/** The simulated DSIs of the eight towns: publish orders, time each until its outcome arrives. */
class TownDsis {
  private next = 0;
  private readonly sentAt = new Map<string, number>();
  private latencies: number[] = [];
  private accepted = 0;
  private notAccepted = 0;
  private lastOutcomeAt = 0;
  private waiter: (() => void) | undefined;

  constructor(private readonly bus: Bus) {
    const outcomes = bus.nc.subscribe(bus.subject(voirieOutcomesSubject('*')));
    void (async () => {
      for await (const message of outcomes) {
        const outcome = message.json<{ orderId: string | null; status: string }>();
        const sentAt = outcome.orderId ? this.sentAt.get(outcome.orderId) : undefined;
        if (sentAt === undefined) continue;
        this.sentAt.delete(outcome.orderId!);
        this.lastOutcomeAt = performance.now();
        this.latencies.push(this.lastOutcomeAt - sentAt);
        if (outcome.status === 'accepted') this.accepted += 1;
        else this.notAccepted += 1;
        this.waiter?.();
      }
    })();
  }

  get inFlight(): number {
    return this.sentAt.size;
  }

  publish(): Promise<unknown> {
    const body = roadOrder(this.next++);
    const headers = natsHeaders();
    headers.set('Content-Type', 'application/json');
    this.sentAt.set(body.orderId, performance.now());
    return this.bus.js.publish(this.bus.subject(voirieOrdersSubject(body.insee)), JSON.stringify(body), { msgID: body.orderId, headers });
  }

  /** Resolves at the next outcome. */
  outcome(): Promise<void> {
    return new Promise((resolve) => (this.waiter = resolve));
  }

  async drained(timeoutMs: number): Promise<void> {
    const until = performance.now() + timeoutMs;
    while (this.sentAt.size > 0 && performance.now() < until) await Promise.race([this.outcome(), sleep(200)]);
  }

  /** The figures since the last call, then a fresh count. */
  takePhase(name: string, offeredPerSecond: number | null, published: number, startedAt: number): RoadOrdersPhase {
    const sorted = this.latencies.sort((a, b) => a - b);
    const unanswered = this.sentAt.size;
    const seconds = Math.max(this.lastOutcomeAt - startedAt, 1) / 1000;
    const phase: RoadOrdersPhase = {
      name,
      offeredPerSecond,
      published,
      accepted: this.accepted,
      notAccepted: this.notAccepted + unanswered,
      unanswered,
      acceptedPerSecond: this.accepted / seconds,
      p50Ms: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      p99Ms: percentile(sorted, 99),
      maxMs: sorted.at(-1) ?? 0,
    };
    this.sentAt.clear();
    this.latencies = [];
    this.accepted = 0;
    this.notAccepted = 0;
    return phase;
  }
}

/** Offers `rate` orders per second for `seconds`, publishing on a 5 ms tick, then waits for the outcomes. */
const fixedRatePhase = async (dsis: TownDsis, rate: number, seconds: number): Promise<RoadOrdersPhase> => {
  const startedAt = performance.now();
  const acks: Promise<unknown>[] = [];
  let published = 0;
  for (let elapsed = 0; elapsed < seconds * 1000; elapsed = performance.now() - startedAt) {
    const due = Math.floor((rate * elapsed) / 1000);
    for (; published < due; published++) acks.push(dsis.publish());
    await sleep(5);
  }
  await Promise.all(acks);
  await dsis.drained(DRAIN_MS);
  return dsis.takePhase(`${rate} orders/s offered`, rate, published, startedAt);
};

/** Keeps WINDOW orders unanswered for `seconds`: as fast as the system takes them. */
const closedLoopPhase = async (dsis: TownDsis, seconds: number): Promise<RoadOrdersPhase> => {
  const startedAt = performance.now();
  const acks: Promise<unknown>[] = [];
  let published = 0;
  while (performance.now() - startedAt < seconds * 1000) {
    for (; dsis.inFlight < WINDOW; published++) acks.push(dsis.publish());
    await Promise.race([dsis.outcome(), sleep(100)]);
  }
  await Promise.all(acks);
  await dsis.drained(DRAIN_MS);
  return dsis.takePhase(`as fast as answered (${WINDOW} in flight)`, null, published, startedAt);
};

/**
 * The limit: JetStream alone, with the same bodies, in a stream of this run: publishes with ack
 * (WINDOW in flight) for `seconds`, then a durable pull consumer acking each message.
 */
const jetStreamLimits = async (bus: Bus, seconds: number): Promise<RoadOrdersReport['limits']> => {
  const stream = bus.streamName('BENCH_RAW_ORDERS');
  const subject = bus.subject('bench.raw.orders');
  await bus.jsm.streams.add({ name: stream, subjects: [subject] });
  const startedAt = performance.now();
  let published = 0;
  const inFlight = new Set<Promise<unknown>>();
  while (performance.now() - startedAt < seconds * 1000) {
    while (inFlight.size < WINDOW) {
      const body = roadOrder(published);
      const ack: Promise<unknown> = bus.js
        .publish(subject, JSON.stringify(body), { msgID: body.orderId })
        .finally(() => inFlight.delete(ack));
      inFlight.add(ack);
      published += 1;
    }
    await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const publishSeconds = (performance.now() - startedAt) / 1000;

  await bus.jsm.consumers.add(stream, { durable_name: 'bench-raw', ack_policy: AckPolicy.Explicit });
  const consumer = await bus.js.consumers.get(stream, 'bench-raw');
  const consumeStartedAt = performance.now();
  let consumed = 0;
  const messages = await consumer.consume();
  for await (const message of messages) {
    message.ack();
    if (++consumed >= published) break;
  }
  const consumeSeconds = (performance.now() - consumeStartedAt) / 1000;
  await bus.jsm.streams.delete(stream);
  return { publishWithAckPerSecond: published / publishSeconds, durableConsumePerSecond: consumed / consumeSeconds };
};

const mib = (bytes: number | undefined): number => Math.round(((bytes ?? 0) / MiB) * 10) / 10;

/**
 * Issue 8, benchmarks 3 and 5: the six services as `npm start` runs them (one process each, built
 * `dist/main.js`), in schemas and a NATS namespace of this run; the simulated DSIs of the eight
 * towns publish road creations on JetStream (200, 500, 1,000/s, then a closed loop), each timed
 * from publish to its outcome; each service's peak RSS is read after the last phase.
 */
export const roadOrdersBenchmark = async (options: {
  readonly database: BenchDatabase;
  readonly natsUrl: string;
  readonly secondsPerPhase: number;
  readonly log: (line: string) => void;
}): Promise<RoadOrdersReport> => {
  const { database, natsUrl, secondsPerPhase, log } = options;
  const namespace = `bench${randomBytes(4).toString('hex')}`;
  const nc: NatsConnection = await connect({ servers: natsUrl, name: 'bench-town-dsis' });
  const services: ServiceProcess[] = [];
  // The gateway needs an OpenID issuer to start; the benchmark sends no HTTP request.
  const issuer = await startTestIssuer();
  try {
    const env = {
      OIDC_ISSUER: issuer.issuer,
      DATABASE_URL: database.url,
      NATS_URL: natsUrl,
      DIGIT_NATS_NAMESPACE: namespace,
      DIGIT_SCHEMA_PREFIX: database.schema('orders'),
      PORT: String(await freePort()),
    };
    services.push(...(await Promise.all(SERVICE_NAMES.map((name) => startServiceProcess(name, env)))));
    const readyRss = new Map(services.map((service) => [service.name, service.rssBytes()]));
    const readyCpu = new Map(services.map((service) => [service.name, service.cpuSeconds() ?? 0]));
    const peakRss = new Map(services.map((service) => [service.name, 0]));
    const sampler = setInterval(() => {
      for (const service of services) peakRss.set(service.name, Math.max(peakRss.get(service.name)!, service.rssBytes() ?? 0));
    }, 100);
    const bus = await busFromConnection(nc, namespace);
    const dsis = new TownDsis(bus);

    // Warm-up, not counted: connections, JIT, the first pages of the registry.
    await fixedRatePhase(dsis, 100, Math.min(2, secondsPerPhase));

    const phases: RoadOrdersPhase[] = [];
    for (const rate of ORDER_RATES) {
      phases.push(await fixedRatePhase(dsis, rate, secondsPerPhase));
      log(`road orders: ${formatPhase(phases.at(-1)!)}`);
    }
    phases.push(await closedLoopPhase(dsis, secondsPerPhase));
    log(`road orders: ${formatPhase(phases.at(-1)!)}`);
    clearInterval(sampler);
    const memory = services.map((service) => ({
      service: service.name,
      readyRssMiB: mib(readyRss.get(service.name)),
      peakRssMiB: mib(peakRss.get(service.name)),
      peakSinceStartRssMiB: mib(service.peakRssBytes()),
      cpuSeconds: Math.round(((service.cpuSeconds() ?? 0) - readyCpu.get(service.name)!) * 10) / 10,
    }));
    const limits = await jetStreamLimits(bus, secondsPerPhase);
    log(
      `road orders: JetStream alone ${Math.round(limits.publishWithAckPerSecond)} publishes/s with ack, ${Math.round(limits.durableConsumePerSecond)} consumed/s`,
    );
    const at500 = phases.find((phase) => phase.offeredPerSecond === 500)!;
    const heaviest = Math.max(...memory.map((entry) => entry.peakRssMiB));
    return {
      secondsPerPhase,
      phases,
      limits,
      memory,
      targets: {
        p99At500Ms: { value: at500.p99Ms, below: 100, met: at500.p99Ms < 100 && at500.notAccepted === 0 },
        rssMiB: { value: heaviest, below: 200, met: heaviest < 200 },
      },
    };
  } finally {
    await Promise.all(services.map((service) => service.stop()));
    const jsm = await jetstreamManager(nc);
    for await (const stream of jsm.streams.list()) {
      if (stream.config.name.toLowerCase().startsWith(namespace)) await jsm.streams.delete(stream.config.name);
    }
    await nc.close();
    await issuer.stop();
  }
};

const formatPhase = (phase: RoadOrdersPhase): string =>
  `${phase.name}: ${phase.accepted} accepted (${Math.round(phase.acceptedPerSecond)}/s), ${phase.notAccepted} not accepted, ` +
  `p50 ${phase.p50Ms.toFixed(1)} ms, p95 ${phase.p95Ms.toFixed(1)} ms, p99 ${phase.p99Ms.toFixed(1)} ms`;
