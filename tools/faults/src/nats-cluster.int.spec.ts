import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { sql } from 'kysely';
import { INSEE_CODES, TOWN_VOIRIE_ORDERS_STREAM, TOWN_VOIRIE_OUTCOMES_STREAM, voirieOrdersSubject } from '@digit/contracts';
import { connectBus, type Bus } from '@digit/messaging';
import { createTestDatabase, startServiceProcess, type ServiceProcess, type TestDatabase } from '@digit/testing';
import { reportFigures, waitFor } from './fault-figures.js';
import { describeInFaultSuite, sized } from './fault-size.js';
import { startPrivateNatsCluster, type PrivateNatsCluster } from './private-nats-cluster.js';

/**
 * Issue 19, clustered JetStream: a private three-node cluster on loopback (the installed
 * nats-server), every stream and bucket with NATS_REPLICAS=3, and the system's order path (the
 * data-exchange service as its own process, the towns publishing). Mid-flow: kill -9 of the
 * JetStream meta leader, kill -9 of the orders stream's leader (each started again), then each
 * node stopped and started in turn (a rolling upgrade). Every order must be stored once, recorded
 * once and answered once; the time to recover is from each fault to the first answer to an order
 * published after it.
 */
const ORDERS = sized(2_000, 10_000);
/** Orders per second while the faults happen (the flow outlasts them); the rest go as fast as acknowledged. */
const RATE = sized(10, 40);

let cluster: PrivateNatsCluster;
let database: TestDatabase;
let bus: Bus;
let service: ServiceProcess | undefined;
let outcomeMessages: ConsumerMessages | undefined;

const order = (index: number) => {
  const insee = INSEE_CODES[index % INSEE_CODES.length]!;
  return {
    orderId: randomUUID(),
    insee,
    reference: `AR-CLUSTER-${index}`,
    signedAt: '2024-03-02',
    effectiveAt: '2024-04-01',
    kind: 'ROAD_CREATED',
    road: {
      id: `${insee}_${String(Math.floor(index / INSEE_CODES.length) + 1).padStart(4, '0')}`,
      name: `Rue du Cluster ${index}`,
      type: 'voie',
    },
    mentions: { source: 'Ville de test', copyright: 'Ville de test', year: 2024 },
  };
};

beforeAll(async () => {
  cluster = await startPrivateNatsCluster();
  database = await createTestDatabase();
  bus = await connectBus({ url: cluster.url, name: 'faults-cluster' });
}, 60_000);
afterAll(async () => {
  await outcomeMessages?.close().catch(() => undefined);
  await service?.crash();
  await bus?.nc.close();
  await cluster?.destroy();
  await database?.drop();
}, 60_000);

// In `npm run test:faults` only: see describeInFaultSuite.
describeInFaultSuite('fault: a three-node NATS cluster loses its leaders and is restarted node by node (issue 19)', () => {
  it(`issue 19, R-DX-2: ${ORDERS} road orders with NATS_REPLICAS=3 through the meta leader's and the orders leader's deaths and a rolling restart: 0 lost, 0 duplicated`, async () => {
    service = await startServiceProcess(
      'data-exchange',
      {
        DATABASE_URL: database.url,
        NATS_URL: cluster.url,
        NATS_REPLICAS: '3',
        DIGIT_SCHEMA_PREFIX: database.prefix,
        DIGIT_NATS_NAMESPACE: '',
      },
      120_000,
    );
    const ordersInfo = await bus.jsm.streams.info(TOWN_VOIRIE_ORDERS_STREAM);
    const leasesInfo = await bus.jsm.streams.info('KV_DIGIT_VOIRIE_TOWN_LEASES');
    const replicas = {
      orders: ordersInfo.config.num_replicas,
      outcomes: (await bus.jsm.streams.info(TOWN_VOIRIE_OUTCOMES_STREAM)).config.num_replicas,
      leases: leasesInfo.config.num_replicas,
    };

    const orders = Array.from({ length: ORDERS }, (_, index) => order(index));
    const publishedAt = new Map<string, number>();
    const answeredAt = new Map<string, number>();
    const outcomesReader = await bus.js.consumers.get(TOWN_VOIRIE_OUTCOMES_STREAM, { deliver_policy: DeliverPolicy.All });
    outcomeMessages = await outcomesReader.consume();
    const reading = (async () => {
      for await (const message of outcomeMessages!) {
        const { orderId } = message.json<{ orderId: string }>();
        if (!answeredAt.has(orderId)) answeredAt.set(orderId, Date.now());
      }
    })();
    reading.catch(() => undefined);

    // A town's DSI: each order until JetStream acknowledges it, the same Nats-Msg-Id on every try.
    let acknowledged = 0;
    let retries = 0;
    let faultsOver = false;
    const publishing = (async () => {
      const began = Date.now();
      for (const [index, body] of orders.entries()) {
        const due = began + (index * 1000) / RATE;
        if (!faultsOver && due > Date.now()) await sleep(due - Date.now());
        publishedAt.set(body.orderId, Date.now());
        for (;;) {
          try {
            const headers = natsHeaders();
            headers.set('Content-Type', 'application/json');
            await bus.js.publish(voirieOrdersSubject(body.insee), JSON.stringify(body), { msgID: body.orderId, headers, timeout: 2_000 });
            acknowledged++;
            break;
          } catch {
            retries++;
            await sleep(200);
          }
        }
      }
    })();
    publishing.catch(() => undefined);

    /** From the fault to the first answer to an order published after it. */
    const recovery = async (faultAt: number): Promise<number> => {
      const answered = await waitFor(
        () => [...answeredAt].some(([id, at]) => at > faultAt && (publishedAt.get(id) ?? 0) > faultAt),
        60_000,
        20,
      );
      if (!answered) return Number.NaN;
      return Math.min(...[...answeredAt].filter(([id]) => (publishedAt.get(id) ?? 0) > faultAt).map(([, at]) => at)) - faultAt;
    };

    const faults: { fault: string; node: string; recoveryMs: number; health?: string }[] = [];
    expect(await waitFor(() => answeredAt.size >= 100, 120_000)).toBe(true);

    const metaLeader = (await cluster.metaLeader())!;
    await cluster.kill(metaLeader);
    faults.push({ fault: 'kill -9 of the meta leader', node: metaLeader, recoveryMs: await recovery(Date.now()) });
    faults.at(-1)!.health = await cluster.start(metaLeader);

    const ordersLeader = (await bus.jsm.streams.info(TOWN_VOIRIE_ORDERS_STREAM)).cluster!.leader!;
    await cluster.kill(ordersLeader);
    faults.push({ fault: 'kill -9 of the orders stream leader', node: ordersLeader, recoveryMs: await recovery(Date.now()) });
    faults.at(-1)!.health = await cluster.start(ordersLeader);

    for (const node of cluster.names) {
      await cluster.stop(node);
      faults.push({ fault: 'rolling restart', node, recoveryMs: await recovery(Date.now()) });
      faults.at(-1)!.health = await cluster.start(node);
    }
    const faultsEndedBeforeFlow = acknowledged < ORDERS;
    faultsOver = true;

    await publishing;
    const allAnswered = await waitFor(() => answeredAt.size >= ORDERS, 120_000);
    await outcomeMessages.close();

    const rows = await sql<{ order_id: string; times: string }>`
      select data->'order'->>'orderId' as order_id, count(*) as times
      from ${sql.table(`${database.schema('event_store')}.events`)} where type = 'RoadCreated' group by 1`.execute(database.db);
    const recorded = new Map(rows.rows.map((row) => [row.order_id, Number(row.times)]));
    const stored = (await bus.jsm.streams.info(TOWN_VOIRIE_ORDERS_STREAM)).state.messages;
    const outcomesStored = (await bus.jsm.streams.info(TOWN_VOIRIE_OUTCOMES_STREAM)).state.messages;
    const figures = {
      sent: ORDERS,
      acknowledged,
      applied: recorded.size,
      duplicated:
        [...recorded.values()].reduce((sum, times) => sum + times - 1, 0) +
        Math.max(0, stored - ORDERS) +
        Math.max(0, outcomesStored - ORDERS),
      lost: orders.filter((body) => !recorded.has(body.orderId)).length,
    };
    // health: the restarted node's /healthz within 30 s of its start (`ok`, or what it still waited for).
    for (const { fault, node, recoveryMs, health } of faults)
      reportFigures(`NATS cluster: ${fault} (${node})`, { ...figures, recoveryMs, health });
    reportFigures('NATS cluster, NATS_REPLICAS=3: leaders killed and a rolling restart mid road orders', {
      ...figures,
      recoveryMs: Math.max(...faults.map((fault) => fault.recoveryMs)),
      stored,
      outcomes: outcomesStored,
      answered: answeredAt.size,
      publishRetries: retries,
      replicas: `${replicas.orders}/${replicas.outcomes}/${replicas.leases}`,
    });

    expect(replicas).toEqual({ orders: 3, outcomes: 3, leases: 3 });
    expect(faultsEndedBeforeFlow).toBe(true);
    expect(allAnswered).toBe(true);
    // How soon the flow resumes is reported, not asserted (recoveryMs, NaN when no order published
    // after the fault was answered within 60 s). On the shared machine the flow stalled longer than that after
    // the orders leader's death (README, fault suite): nothing was lost, it resumed afterwards.
    expect({ ...figures, stored, outcomesStored }).toEqual({
      sent: ORDERS,
      acknowledged: ORDERS,
      applied: ORDERS,
      duplicated: 0,
      lost: 0,
      stored: ORDERS,
      outcomesStored: ORDERS,
    });
  }, 900_000);
});
