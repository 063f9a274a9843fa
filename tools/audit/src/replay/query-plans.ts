import {
  billingMessages,
  conventionsMessages,
  dataExchangeMessages,
  privacyMessages,
  supportMessages,
  type AnyMessage,
  type Insee,
  type ReplyOf,
  type RequestOf,
} from '@digit/contracts';
import type { HistoryKeys } from './history-keys.js';

export type Catalogue = Readonly<Record<string, AnyMessage>>;

/** What the questions are about: every town or one (`--insee`), on the instant's Paris date. */
export interface ReplayScope {
  readonly towns: readonly Insee[];
  /** Set with `--insee`: only that town's questions are asked (EPT-wide ones are left out). */
  readonly oneTown: Insee | undefined;
  /** The Paris date of the instant: `asOf` (or `today`) of every query that takes one. */
  readonly businessDate: string;
  readonly history: HistoryKeys;
}

/** Asks a service's queries by their catalogue names; every answer is recorded. */
export interface Asker<C extends Catalogue> {
  /** The answer's value, or undefined when the service refused (the refusal is recorded too). */
  one<K extends keyof C & string>(name: K, request: RequestOf<C[K]>): Promise<ReplyOf<C[K]> | undefined>;
  /** Every page of a list, following `next`: each page is asked and recorded as such. */
  pages<K extends keyof C & string>(name: K, request: RequestOf<C[K]>): AsyncGenerator<ReplyOf<C[K]>>;
  /** One query asked for each request (several in flight), recorded in the order of the requests. */
  each<K extends keyof C & string>(name: K, requests: Iterable<RequestOf<C[K]>> | AsyncIterable<RequestOf<C[K]>>): Promise<void>;
}

export interface ServicePlan<C extends Catalogue = Catalogue> {
  readonly service: string;
  readonly catalogue: C;
  /** The queries this plan asks (each at least once when there is anything to ask about). */
  readonly asks: readonly (keyof C & string)[];
  /** The queries it does not ask, and why (French: the replay's header lists them for auditors). */
  readonly omitted: Readonly<Partial<Record<keyof C & string, string>>>;
  /** The queries about the EPT as a whole, left out with `--insee`. */
  readonly eptWide: readonly (keyof C & string)[];
  run(scope: ReplayScope, ask: Asker<C>): Promise<void>;
}

/** Lists are asked a thousand at a time (the most a page holds, CONTRACT.md v1.1). */
export const PAGE = { limit: 1000 } as const;

async function* mapAsync<T, U>(items: AsyncIterable<T>, map: (item: T) => U): AsyncGenerator<U> {
  for await (const item of items) yield map(item);
}

const DOCUMENT = (view: string) => `document tiré de « ${view} », qui est rejoué : il n'en dit pas plus`;
const townFilter = (scope: ReplayScope) => (scope.oneTown ? { insee: scope.oneTown } : {});

const plan = <C extends Catalogue>(definition: ServicePlan<C>): ServicePlan<C> => definition;

const conventions = plan({
  service: 'conventions',
  catalogue: conventionsMessages,
  asks: ['towns', 'alerts', 'convention', 'heldPersonalData'],
  eptWide: [],
  omitted: { deliberationsScdl: DOCUMENT('convention') },
  async run(scope, ask) {
    await ask.one('towns', { today: scope.businessDate, ...townFilter(scope) });
    await ask.one('alerts', { asOf: scope.businessDate, ...townFilter(scope) });
    for (const insee of scope.towns) {
      await ask.one('convention', { insee, asOf: scope.businessDate });
      await ask.one('heldPersonalData', { insee });
    }
  },
});

const billing = plan({
  service: 'billing',
  catalogue: billingMessages,
  asks: ['alerts', 'budget', 'investments', 'reconciliation', 'townCharges', 'rateReviews', 'townShare', 'statement'],
  eptWide: ['budget', 'investments', 'reconciliation'],
  omitted: {
    rejections:
      "les faits refusés par les règles de facturation sont des lignes de travail, pas des événements : l'historique ne peut pas les reconstruire (ils restent consultables en direct)",
    statementHtml: DOCUMENT('statement'),
    statementCsv: DOCUMENT('statement'),
  },
  async run(scope, ask) {
    await ask.one('alerts', { asOf: scope.businessDate, ...townFilter(scope) });
    const years = await scope.history.budgetYears();
    if (!scope.oneTown) {
      for (const year of years) await ask.one('budget', { year });
      for await (const _ of ask.pages('investments', { ...PAGE }));
      for (const year of await scope.history.reconciliationYears()) await ask.one('reconciliation', { year });
    }
    for (const insee of scope.towns) {
      for await (const _ of ask.pages('townCharges', { insee, ...PAGE }));
      for await (const _ of ask.pages('rateReviews', { insee, ...PAGE }));
      for (const year of years) await ask.one('townShare', { insee, year });
      for (const { year, half } of await scope.history.statements(insee)) await ask.one('statement', { insee, year, half });
    }
  },
});

const dataExchange = plan({
  service: 'data-exchange',
  catalogue: dataExchangeMessages,
  asks: ['voirieRoads', 'voirieOrder', 'datasets', 'dataset', 'catalogueRecords', 'licences', 'licenceAlerts'],
  eptWide: ['catalogueRecords', 'licences'],
  omitted: {
    voirieBal: DOCUMENT('voirieRoads'),
    voirieTrafficDirections: DOCUMENT('voirieRoads'),
    catalogueScdl: DOCUMENT('catalogueRecords'),
    catalogueDcat: DOCUMENT('catalogueRecords'),
  },
  async run(scope, ask) {
    for (const insee of scope.towns) {
      for await (const _ of ask.pages('voirieRoads', { insee, asOf: scope.businessDate, ...PAGE }));
      await ask.each(
        'voirieOrder',
        mapAsync(scope.history.orderIds(insee), (orderId) => ({ insee, orderId })),
      );
    }
    for await (const page of ask.pages('datasets', { ...townFilter(scope), ...PAGE })) {
      await ask.each(
        'dataset',
        page.items.map(({ datasetId }) => ({ datasetId })),
      );
    }
    await ask.one('licenceAlerts', { asOf: scope.businessDate, ...townFilter(scope) });
    if (!scope.oneTown) {
      for await (const _ of ask.pages('catalogueRecords', { ...PAGE }));
      await ask.one('licences', { today: scope.businessDate });
    }
  },
});

const privacy = plan({
  service: 'privacy',
  catalogue: privacyMessages,
  asks: [
    'alerts',
    'register',
    'processing',
    'processingLog',
    'personalDataReads',
    'retentionDue',
    'trainingAgents',
    'agentsDueForTraining',
    'digitPersonalDataReads',
  ],
  eptWide: ['trainingAgents', 'agentsDueForTraining', 'digitPersonalDataReads'],
  omitted: { processingLogCsv: DOCUMENT('processingLog') },
  async run(scope, ask) {
    await ask.one('alerts', { asOf: scope.businessDate, ...townFilter(scope) });
    for (const insee of scope.towns) {
      for await (const page of ask.pages('register', { insee, ...PAGE })) {
        await ask.each(
          'processing',
          page.processings.map(({ reference }) => ({ insee, reference })),
        );
      }
      for await (const _ of ask.pages('processingLog', { insee, ...PAGE }));
      for await (const _ of ask.pages('personalDataReads', { insee, ...PAGE }));
      await ask.one('retentionDue', { insee, asOf: scope.businessDate });
    }
    if (!scope.oneTown) {
      for await (const _ of ask.pages('trainingAgents', { asOf: scope.businessDate, ...PAGE }));
      for await (const _ of ask.pages('agentsDueForTraining', { asOf: scope.businessDate, ...PAGE }));
      for await (const _ of ask.pages('digitPersonalDataReads', PAGE));
    }
  },
});

/** A support list, then each of its items by id. */
const listThenEach = async <C extends Catalogue>(
  ask: Asker<C>,
  list: keyof C & string,
  item: keyof C & string,
  request: object,
): Promise<void> => {
  for await (const page of ask.pages(list, { ...request, ...PAGE } as RequestOf<C[typeof list]>)) {
    await ask.each(
      item,
      (page as { items: readonly { id: string }[] }).items.map(({ id }) => ({ id }) as RequestOf<C[typeof item]>),
    );
  }
};

const support = plan({
  service: 'support',
  catalogue: supportMessages,
  asks: [
    'alerts',
    'tickets',
    'ticket',
    'projects',
    'project',
    'maintenanceNotices',
    'maintenanceNotice',
    'sessions',
    'session',
    'committees',
    'committee',
    'disputes',
    'dispute',
  ],
  eptWide: [],
  omitted: { maintenanceCalendar: DOCUMENT('maintenanceNotices'), sessionCalendar: DOCUMENT('sessions') },
  async run(scope, ask) {
    const filter = townFilter(scope);
    await ask.one('alerts', { asOf: scope.businessDate, ...filter });
    await listThenEach(ask, 'tickets', 'ticket', filter);
    await listThenEach(ask, 'projects', 'project', filter);
    await listThenEach(ask, 'maintenanceNotices', 'maintenanceNotice', filter);
    await listThenEach(ask, 'sessions', 'session', filter);
    await listThenEach(ask, 'committees', 'committee', filter);
    await listThenEach(ask, 'disputes', 'dispute', filter);
  },
});

/** Every service's plan, in the order the replay asks them. */
export const QUERY_PLANS: readonly ServicePlan[] = [
  conventions,
  billing,
  dataExchange,
  privacy,
  support,
] as unknown as readonly ServicePlan[];
