import { sql } from 'kysely';
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
import { evolveReconciliationView, initialReconciliationView } from './reconciliation.view.js';

/**
 * Read model: the state of every billing stream, folded from its events with the domain's own
 * `evolve` (the reconciliation keeps its whole view, comparisons included). One row per stream;
 * dropping the table and replaying from position 0 gives the same rows.
 */
export const BILLING_STREAM_PREFIXES = ['budget-', 'statement-', 'reconciliation-', 'town-charges-', 'rate-review-', INVESTMENT_REGISTER_STREAM] as const;

interface Fold {
  readonly prefix: string;
  readonly initial: object;
  evolve(state: unknown, event: StoredEvent): unknown;
}

const fold = <State extends object, Event>(prefix: string, initial: State, evolve: (state: State, event: Event) => State): Fold => ({
  prefix,
  initial,
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

export const migrateBillingStreams = async (db: Database, schema: string): Promise<void> => {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  await sql`create table if not exists ${sql.table(`${schema}.billing_streams`)} (
    stream_id text primary key,
    version integer not null,
    state jsonb not null
  )`.execute(db);
};

export const billingStreamsProjection = (schema: string, name = 'billing:streams'): Projection => ({
  name,
  streamPrefixes: BILLING_STREAM_PREFIXES,
  async apply(trx: DatabaseTransaction, event: StoredEvent) {
    const stream = FOLDS.find((candidate) => event.streamId.startsWith(candidate.prefix));
    if (!stream) return;
    const table = sql.table(`${schema}.billing_streams`);
    const current = await sql<{ state: object }>`select state from ${table} where stream_id = ${event.streamId} for update`.execute(trx);
    // A row stored before a field of the state existed (town charges' regularisations, R-BIL-5) starts from that field's initial value.
    const next = stream.evolve({ ...stream.initial, ...current.rows[0]?.state }, event);
    await sql`insert into ${table} (stream_id, version, state) values (${event.streamId}, ${event.streamVersion}, ${jsonText(next)})
      on conflict (stream_id) do update set version = excluded.version, state = excluded.state`.execute(trx);
  },
});

/** The folded state of one stream, undefined when it has no event yet. */
export const loadStreamState = async <State>(db: Database, schema: string, streamId: string): Promise<State | undefined> => {
  const rows = await sql<{ state: State }>`select state from ${sql.table(`${schema}.billing_streams`)} where stream_id = ${streamId}`.execute(db);
  return rows.rows[0]?.state;
};
