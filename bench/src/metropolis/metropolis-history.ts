import { createHash, randomUUID } from 'node:crypto';
import { addDays, parisInstant } from '@digit/calendar';
import type { Insee, OrderLink, RoadNumber, VoirieOrderKind } from '@digit/contracts';
import { statementDecider, statementStreamId, type Half, type StatementEvent } from '@digit/billing-service/domain';
import type {
  RoadCreated,
  RoadNumbered,
  RoadRenamed,
  TrafficDirectionSet,
  VoirieOrderRejected,
} from '@digit/data-exchange-service/domain/voirie';
import { chainHash, eventHash, GENESIS_HASH, jsonText } from '@digit/event-store';
import { DEFAULT_SUPPORT_POLICY, requestStreamId, type RequestEvent } from '@digit/support-service/domain';
import type { MetropolisTown } from './metropolis-towns.js';

/** What the history holds: its towns, its span and how many events it aims at. */
export interface HistoryPlan {
  readonly towns: readonly MetropolisTown[];
  /** The first and last day of the history (`YYYY-MM-DD`), ten years to yesterday. */
  readonly firstDay: string;
  readonly days: number;
  readonly targetEvents: number;
}

/** An event as the services record it, before it gets its place in the history. */
interface Recorded {
  readonly streamId: string;
  readonly type: string;
  readonly data: object;
  readonly actor: string;
}

type RoadEvent = RoadCreated | RoadRenamed | RoadNumbered | TrafficDirectionSet | VoirieOrderRejected;

/** Of the events, support requests take about a ninth (four events each); statements are two per town and year. */
const TICKET_SHARE = 0.11;
const TICKET_EVENTS = 4;

/** A deterministic stream of numbers in [0, 1) (mulberry32), so that reruns build the same history. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** `addDays` (Temporal) costs tens of microseconds: the history asks the same few thousand days again and again. */
const days = new Map<string, string>();
const plusDays = (date: string, count: number): string => {
  const key = `${date}${count}`;
  let day = days.get(key);
  if (day === undefined) days.set(key, (day = addDays(date, count)));
  return day;
};

const roadCode = (index: number): string => index.toString(36).toUpperCase().padStart(4, '0');

interface TownRoads {
  created: number;
  orders: number;
  /** How many times each renamed road was renamed (its current name follows from it). */
  readonly renames: Map<number, number>;
}

const roadName = (index: number, renames: number): string => `Rue ${roadCode(index)}${renames === 0 ? '' : ` (${renames})`}`;

/** One town's road orders of a day, as the registry's decider records them (one event per order, one in ten refused). */
const roadOrders = (
  town: MetropolisTown,
  roads: TownRoads,
  date: string,
  signedAt: string,
  receivedAt: string,
  count: number,
  random: () => number,
): Recorded[] => {
  const events: Recorded[] = [];
  for (let i = 0; i < count; i++) {
    roads.orders += 1;
    const pick = roads.orders % 10;
    const choice =
      roads.created === 0 || pick < 4 ? 'create' : pick < 7 ? 'number' : pick === 7 ? 'rename' : pick === 8 ? 'direction' : 'reject';
    const kind: VoirieOrderKind =
      choice === 'create'
        ? 'ROAD_CREATED'
        : choice === 'number'
          ? 'NUMBERING'
          : choice === 'direction'
            ? 'TRAFFIC_DIRECTION'
            : 'ROAD_RENAMED';
    const insee = town.insee as Insee;
    const order = {
      orderId: `${insee}-${roads.orders}`,
      insee,
      reference: `AR-${date.slice(0, 4)}-${String(roads.orders).padStart(6, '0')}`,
      kind,
      signedAt,
      effectiveAt: date,
      receivedAt,
      mentions: { source: `Ville de ${town.name}`, copyright: `© Ville de ${town.name}`, year: Number(date.slice(0, 4)) },
    };
    const link: OrderLink = { ...order, digest: createHash('sha256').update(JSON.stringify(order)).digest('hex') };
    const index = choice === 'create' ? roads.created++ : Math.floor(random() * roads.created);
    const roadId = `${insee}_${roadCode(index)}`;
    const renames = roads.renames.get(index) ?? 0;
    let event: RoadEvent;
    if (choice === 'create')
      event = {
        type: 'RoadCreated',
        data: { roadId, name: roadName(index, 0), roadType: random() < 0.95 ? 'voie' : 'place', order: link },
      };
    else if (choice === 'number') {
      const numbers: RoadNumber[] = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, n) => ({
        number: 1 + Math.floor(random() * 200) + n,
        suffix: random() < 0.1 ? 'bis' : null,
        lon: Number((2.2 + random() * 0.3).toFixed(6)),
        lat: Number((48.75 + random() * 0.2).toFixed(6)),
      }));
      event = { type: 'RoadNumbered', data: { roadId, roadName: roadName(index, renames), numbers, order: link } };
    } else if (choice === 'rename') {
      roads.renames.set(index, renames + 1);
      event = {
        type: 'RoadRenamed',
        data: { roadId, previousName: roadName(index, renames), name: roadName(index, renames + 1), roadType: 'voie', order: link },
      };
    } else if (choice === 'direction') {
      event = { type: 'TrafficDirectionSet', data: { roadId, direction: random() < 0.5 ? 'ONE_WAY_FORWARD' : 'TWO_WAY', order: link } };
    } else {
      const unknown = `${insee}_Z${roadCode(roads.orders).slice(1)}`;
      event = {
        type: 'VoirieOrderRejected',
        data: {
          roadId: unknown,
          code: 'VOIRIE_UNKNOWN_ROAD',
          reasons: [{ path: 'road.id', message: `la voie ${unknown} est inconnue du registre`, code: 'VOIRIE_UNKNOWN_ROAD' }],
          order: link,
        },
      };
    }
    events.push({ streamId: `road-registry-${insee}`, type: event.type, data: event.data, actor: `dsi-${insee}` });
  }
  return events;
};

/** A support request's life: received and assigned, answered the next day, closed three days after it came. */
const ticketLife = (
  town: MetropolisTown,
  date: string,
  receivedAt: string,
  sequence: number,
): { readonly day: number; readonly event: Recorded }[] => {
  const requestId = randomUUID();
  const streamId = requestStreamId(requestId);
  const at = (later: number) => receivedAt.replace(date, plusDays(date, later));
  const agent = `agent.digit-${sequence % 7}`;
  const events: { day: number; event: RequestEvent }[] = [
    {
      day: 0,
      event: {
        type: 'RequestReceived',
        data: {
          requestId,
          insee: town.insee as Insee,
          kind: 'assistance',
          channel: sequence % 3 === 0 ? 'email' : 'api',
          need: `Demande n° ${sequence} de ${town.name} : accès aux couches du SIG`,
          targetUsers: 'agents des services techniques',
          context: 'banc d’essai de la métropole',
          deadline: plusDays(date, 30),
          receivedAt,
          containsPersonalData: false,
          personalDataDeclaration: null,
          serviceLevel: DEFAULT_SUPPORT_POLICY,
          firstResponseDueAt: at(1),
          resolutionDueAt: at(7),
        },
      },
    },
    { day: 0, event: { type: 'RequestAssigned', data: { assignee: agent, previousAssignee: null, at: receivedAt } } },
    {
      day: 1,
      event: { type: 'RequestReplied', data: { by: agent, message: 'Nous regardons votre demande.', at: at(1), firstResponse: true } },
    },
    { day: 3, event: { type: 'RequestClosed', data: { at: at(3), closure: 'resolved', summary: 'Accès ouvert.' } } },
  ];
  return events.map(({ day, event }) => ({ day, event: { streamId, type: event.type, data: event.data, actor: agent } }));
};

/** The half-year's statement of a town, as the statement decider issues it (R-BIL-4). */
const statement = (town: MetropolisTown, year: number, half: Half, issuedOn: string): Recorded => {
  const decision = statementDecider.decide(
    {
      type: 'IssueStatement',
      data: {
        insee: town.insee,
        year,
        half,
        issuedOn,
        bases: { sigOperationalCents: 13_700_000, payrollCents: 34_423_077, personnelBaseCents: 30_000_000, structureFlatCents: 6_300_000 },
        terms: [{ from: `${year}-01-01`, to: `${year}-12-31`, sigRate: '0.004', resourcesShare: '0.077', structureShare: '0.077' }],
        carriedItems: [],
        firstHalf: null,
        demoData: true,
      },
    },
    statementDecider.initialState,
  );
  if (!Array.isArray(decision))
    throw new Error(`metropolis: the statement decider refused ${town.insee} ${year} S${half}: ${String(decision)}`);
  const [event] = decision as StatementEvent[];
  return { streamId: statementStreamId(town.insee, year, half), type: event!.type, data: event!.data, actor: 'finance.gpso' };
};

/** COPY's text format: a backslash is written twice (JSON text holds no raw tab or newline). */
const copyText = (text: string): string => (text.includes('\\') ? text.replace(/\\/g, '\\\\') : text);

interface StreamHead {
  version: number;
  hash: string;
}

/** The history's figures once generated. */
export interface HistoryFigures {
  events: number;
  roadOrders: number;
  tickets: number;
  statements: number;
  streams: number;
  chainHead: string;
}

/**
 * The history, day after day, as COPY lines of the events table (position, ids, stream and
 * version, type, data, metadata, recording time, hash, chain hash), in chunks of about a MiB.
 * Each event is hashed by the store's own functions on the stream's head, then chained, as
 * `append_events` would: `verifyHistory` checks the result like any history.
 */
export async function* historyLines(plan: HistoryPlan, figures: HistoryFigures): AsyncGenerator<string> {
  const perTownDay = plan.targetEvents / (plan.towns.length * plan.days);
  const roadRate = perTownDay * (1 - TICKET_SHARE);
  const ticketRate = (perTownDay * TICKET_SHARE) / TICKET_EVENTS;
  const random = seeded(131);
  const roads = plan.towns.map((): TownRoads => ({ created: 0, orders: 0, renames: new Map() }));
  const owed = plan.towns.map(() => ({ roads: 0, tickets: 0 }));
  const later = new Map<number, Recorded[]>();
  const heads = new Map<string, StreamHead>();
  let chain = GENESIS_HASH;
  let position = 0;
  let chunk = '';
  let ticketSequence = 0;
  for (let day = 0; day < plan.days; day++) {
    const date = plusDays(plan.firstDay, day);
    const signedAt = plusDays(date, -2);
    // The day's Paris offset, taken at noon: orders are received between 8:00 and 18:00.
    const offset = parisInstant(`${date}T12:00:00Z`).slice(-6);
    const recorded: Recorded[] = [...(later.get(day) ?? [])];
    later.delete(day);
    plan.towns.forEach((town, t) => {
      const debt = owed[t]!;
      debt.roads += roadRate;
      debt.tickets += ticketRate;
      const minute = 8 * 60 + Math.floor(random() * 600);
      const receivedAt = `${date}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00.000${offset}`;
      const orders = Math.floor(debt.roads);
      debt.roads -= orders;
      recorded.push(...roadOrders(town, roads[t]!, date, signedAt, receivedAt, orders, random));
      for (; debt.tickets >= 1; debt.tickets -= 1) {
        for (const step of ticketLife(town, date, receivedAt, ++ticketSequence)) {
          if (step.day === 0) recorded.push(step.event);
          else {
            const due = later.get(day + step.day);
            if (due) due.push(step.event);
            else later.set(day + step.day, [step.event]);
          }
        }
        figures.tickets += 1;
      }
      // Statements of the half just ended, issued on the 10th of January and of July.
      if (date.endsWith('-01-10') || date.endsWith('-07-10')) {
        const year = Number(date.slice(0, 4));
        recorded.push(date.endsWith('-01-10') ? statement(town, year - 1, 2, date) : statement(town, year, 1, date));
        figures.statements += 1;
      }
    });
    // The day's events in recording order, spread from 8:00 to 18:00 Paris time.
    const start = Date.parse(`${date}T08:00:00${offset}`);
    const step = (10 * 3600_000) / Math.max(1, recorded.length);
    for (const [index, event] of recorded.entries()) {
      const recordedAt = new Date(start + Math.floor(index * step));
      const head = heads.get(event.streamId) ?? { version: 0, hash: GENESIS_HASH };
      const eventId = randomUUID();
      const dataText = jsonText(event.data);
      const metadata = { actor: event.actor, correlationId: randomUUID() };
      const metadataText = jsonText(metadata);
      const fields = { eventId, streamId: event.streamId, streamVersion: head.version + 1, type: event.type, schemaVersion: 1, recordedAt };
      // The hash covers what jsonb gives back of the stored form; these events hold only strings,
      // finite numbers, booleans, null, arrays and plain objects, which JSON gives back as they are
      // (the store's history check after loading recomputes every hash from the stored rows).
      const hash = eventHash(head.hash, { ...fields, data: event.data, metadata });
      if (head.version === 0) figures.streams += 1;
      if (event.type === 'RequestClosed' || event.type === 'StatementIssued') heads.delete(event.streamId);
      else heads.set(event.streamId, { version: fields.streamVersion, hash });
      chain = chainHash(chain, hash);
      position += 1;
      if (event.streamId.startsWith('road-registry-')) figures.roadOrders += 1;
      chunk += `${position}\t${eventId}\t${event.streamId}\t${fields.streamVersion}\t${event.type}\t1\t${copyText(dataText)}\t${copyText(metadataText)}\t${recordedAt.toISOString()}\t${hash}\t${chain}\n`;
      if (chunk.length >= 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
  }
  figures.events = position;
  figures.chainHead = chain;
  if (chunk.length > 0) yield chunk;
}
