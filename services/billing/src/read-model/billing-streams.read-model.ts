import type { StoredEvent } from '@digit/contracts';
import { jsonText, type Database, type DatabaseTransaction, type Projection } from '@digit/event-store';
import {
  budgetDecider,
  INVESTMENT_REGISTER_STREAM,
  investmentRegisterDecider,
  rateReviewDecider,
  statementDecider,
  townChargesDecider,
  type BudgetEvent,
  type InvestmentRegisterEvent,
  type RateReviewEvent,
  type StatementEvent,
  type TownChargesEvent,
} from '../domain/index.js';
import { saveChangedItems } from './billing-lists.js';
import { billingDb } from './billing.migrations.js';
import { evolveReconciliationView, initialReconciliationView } from './reconciliation.view.js';

/**
 * Read model: the state of every billing stream, folded from its events with the domain's own
 * `evolve` (the reconciliation keeps its whole view, comparisons included). One row per stream;
 * dropping the table and replaying from position 0 gives the same rows.
 */
export const BILLING_STREAM_PREFIXES = [
  'budget-',
  'statement-',
  'reconciliation-',
  'town-charges-',
  'rate-review-',
  INVESTMENT_REGISTER_STREAM,
] as const;

interface Fold {
  readonly prefix: string;
  readonly initial: Record<string, unknown>;
  evolve(state: unknown, event: StoredEvent): unknown;
}

const fold = <State extends object, Event>(prefix: string, initial: State, evolve: (state: State, event: Event) => State): Fold => ({
  prefix,
  initial: initial as Record<string, unknown>,
  evolve: (state, event) => evolve(state as State, event as unknown as Event),
});

const FOLDS: readonly Fold[] = [
  fold('budget-', budgetDecider.initialState, (state, event: BudgetEvent) => budgetDecider.evolve(state, event)),
  fold('statement-', statementDecider.initialState, (state, event: StatementEvent) => statementDecider.evolve(state, event)),
  fold('reconciliation-', initialReconciliationView, evolveReconciliationView),
  fold('town-charges-', townChargesDecider.initialState, (state, event: TownChargesEvent) => townChargesDecider.evolve(state, event)),
  fold('rate-review-', rateReviewDecider.initialState, (state, event: RateReviewEvent) => rateReviewDecider.evolve(state, event)),
  fold(INVESTMENT_REGISTER_STREAM, investmentRegisterDecider.initialState, (state, event: InvestmentRegisterEvent) =>
    investmentRegisterDecider.evolve(state, event),
  ),
];

export const billingStreamsProjection = (schema: string, name = 'billing:streams'): Projection => ({
  name,
  streamPrefixes: BILLING_STREAM_PREFIXES,
  async apply(trx: DatabaseTransaction, event: StoredEvent) {
    const stream = FOLDS.find((candidate) => event.streamId.startsWith(candidate.prefix));
    if (!stream) return;
    const db = billingDb(trx, schema);
    const current = await db
      .selectFrom('billing_streams')
      .select('state')
      .where('stream_id', '=', event.streamId)
      .forUpdate()
      .executeTakeFirst();
    // A row stored before a field of the state existed (town charges' regularisations, R-BIL-5) starts from that field's initial value.
    const previous = { ...stream.initial, ...current?.state };
    const next = stream.evolve(previous, event) as Record<string, unknown>;
    const state = jsonText(next);
    await db
      .insertInto('billing_streams')
      .values({ stream_id: event.streamId, version: event.streamVersion, state })
      .onConflict((conflict) => conflict.column('stream_id').doUpdateSet({ version: event.streamVersion, state }))
      .execute();
    await saveChangedItems(db, event.streamId, previous, next);
  },
});

/** The folded state of one stream, undefined when it has no event yet. */
export const loadStreamState = async <State>(db: Database, schema: string, streamId: string): Promise<State | undefined> => {
  const row = await billingDb(db, schema)
    .selectFrom('billing_streams')
    .select('state')
    .where('stream_id', '=', streamId)
    .executeTakeFirst();
  return row?.state as State | undefined;
};

/** The folded states of several streams in one read, by stream id (a stream with no event is absent). */
export const loadStreamStates = async <State>(db: Database, schema: string, streamIds: readonly string[]): Promise<Map<string, State>> => {
  if (streamIds.length === 0) return new Map();
  const rows = await billingDb(db, schema)
    .selectFrom('billing_streams')
    .select(['stream_id', 'state'])
    .where('stream_id', 'in', [...streamIds])
    .execute();
  return new Map(rows.map((row) => [row.stream_id, row.state as State]));
};
