import { sql } from 'kysely';
import { compareDates, formatDateFr, parisToday, type CalendarDate } from '@digit/calendar';
import {
  conventionTermsTimeline,
  DomainError,
  foldEvents,
  type ConventionTermsTimeline,
  type Decider,
  type EventMetadata,
} from '@digit/contracts';
import { handleCommand, type CommandOutcome, type Database, type DatabaseTransaction, type Subscription } from '@digit/event-store';
import type { ServiceInfra } from '@digit/runtime';
import { billingDb } from './read-model/billing.migrations.js';
import { loadStreamState } from './read-model/billing-streams.read-model.js';
import { loadConventionEvents } from './read-model/convention-events.read-model.js';

export const BILLING_RUNTIME = Symbol('BILLING_RUNTIME');

/** What billing's NATS edges share: the connections, the read model and process-step subscriptions, the clock. */
export class BillingRuntime {
  constructor(
    readonly infra: ServiceInfra,
    private readonly streams: Subscription,
    private readonly steps: Subscription,
  ) {}

  get schema(): string {
    return this.infra.schema('billing');
  }

  /** The read models, typed. */
  get db() {
    return billingDb(this.infra.db, this.schema);
  }

  /** Business time is Europe/Paris; only edges read the clock. */
  today(): CalendarDate {
    return parisToday();
  }

  /** A date given by a person (issue, comparison, decision) cannot be after today. */
  inFuture(date: CalendarDate, path: string): DomainError | undefined {
    if (compareDates(date, this.today()) <= 0) return undefined;
    const message = `La date ${formatDateFr(date)} (${path}) est dans le futur.`;
    return new DomainError('invalid', 'invalid_request', message, [{ path, message }]);
  }

  /** Decides and appends as the caller (`metadata.actor`); answers once the read model shows it. */
  async decide<Command, Event extends { type: string; data: unknown }, State>(
    decider: Decider<Command, Event, State>,
    streamId: string,
    command: Command,
    metadata: EventMetadata,
  ): Promise<Extract<CommandOutcome<Event>, { ok: true }> | DomainError> {
    const outcome = await handleCommand(this.infra.store, decider, streamId, command, metadata);
    if (!outcome.ok) return outcome.error;
    await this.settled(outcome.events.at(-1)?.position);
    return outcome;
  }

  /** Read your writes: the process steps caused by events up to `position`, then the read model, are applied. */
  async settled(position?: bigint): Promise<void> {
    await this.steps.caughtUp(position);
    await this.streams.caughtUp();
  }

  /** A stream's state from the store itself, not the read model: what a decision is checked against. */
  async current<Command, Event, State>(decider: Decider<Command, Event, State>, streamId: string): Promise<State> {
    const history = await this.infra.store.readStream(streamId);
    return foldEvents(decider, history as unknown as Event[]);
  }

  state<State>(streamId: string): Promise<State | undefined> {
    return loadStreamState<State>(this.infra.db, this.schema, streamId);
  }

  /**
   * The town's terms timeline, from the conventions events received so far. Every town of GPSO
   * has a convention history (DOMAIN.md), so none received yet, or a gap in it, means billing is
   * still catching up: answering then would bill (or reconcile) on a partial history, so the caller
   * is asked to try again (409: billing's state does not allow the answer yet).
   */
  async timeline(insee: string, db: Database | DatabaseTransaction = this.infra.db): Promise<ConventionTermsTimeline | DomainError> {
    const { events, complete } = await loadConventionEvents(db, this.schema, insee);
    if (!complete || events.length === 0) {
      return new DomainError(
        'unavailable',
        'conventions_catching_up',
        "L'historique de la convention de cette ville est en cours de réception ; réessayez dans un instant.",
      );
    }
    return conventionTermsTimeline(events);
  }

  /**
   * Runs `work` in a transaction alone for this key across every copy of the service (a
   * PostgreSQL advisory lock released at commit). `work` must use `trx` only: a waiting request
   * holds a connection, so the holder must never need another one to finish.
   */
  exclusively<T>(key: string, work: (trx: DatabaseTransaction) => Promise<T>): Promise<T> {
    return this.infra.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`billing:${key}`}))`.execute(trx);
      return work(trx);
    });
  }
}
