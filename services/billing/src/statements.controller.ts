import { Controller, Inject } from '@nestjs/common';
import {
  billingMessages,
  DEFAULT_PAGE_SIZE,
  DomainError,
  isDomainError,
  statementNumberOf,
  type Half,
  type Insee,
  type IssueStatementRequest,
  type RegularisationRecord,
  type StatementRequest,
  type StatementView,
  type TownChargesRequest,
  type TrackedCharge,
} from '@digit/contracts';
import { aggregateStream, handleCommand, type DatabaseTransaction, type EventStore } from '@digit/event-store';
import { Handles, type MessageContext } from '@digit/messaging';
import {
  budgetDecider,
  budgetStreamId,
  isCarriedLine,
  pendingChargeItems,
  renderStatementHtml,
  statementCsv,
  statementDecider,
  statementStreamId,
  townChargesDecider,
  townChargesStreamId,
  type StatementState,
} from './domain/index.js';
import { BILLING_RUNTIME, type BillingRuntime } from './billing-runtime.js';
import { loadList, loadListPage, pendingCentsOf, townChargesList, townRegularisationsList } from './read-model/billing-lists.js';

/** Items carried by the town's issued statements, read inside `trx`. */
const itemsOnIssuedStatements = async (trx: DatabaseTransaction, store: EventStore, insee: string): Promise<Set<string>> => {
  const items = new Set<string>();
  for (let after = 0n; ;) {
    const page = await store.readAll({ after, streamPrefixes: [`statement-${insee}-`], transaction: trx });
    if (page.length === 0) return items;
    for (const event of page.filter((stored) => stored.type === 'StatementIssued')) {
      for (const line of (event.data as StatementView).lines) if (isCarriedLine(line)) items.add(line.itemId);
    }
    after = page.at(-1)!.position;
  }
};

/** The semi-annual mémoire (R-BIL-4): issued once per town and half, carrying the town's pending charges. */
@Controller()
export class StatementsController {
  constructor(@Inject(BILLING_RUNTIME) private readonly runtime: BillingRuntime) {}

  @Handles(billingMessages.issueStatement)
  async issue(request: IssueStatementRequest, context: MessageContext) {
    const { insee, year, half, issuedOn = this.runtime.today() } = request;
    const future = this.runtime.inFuture(issuedOn, 'issuedOn');
    if (future) return future;
    // One issue at a time per town: an item pending in the town's charges and not already on an
    // issued statement (the process step marks it carried a moment later) goes on exactly one.
    const store = this.runtime.infra.store;
    const outcome = await this.runtime.exclusively(`statements:${insee}`, async (trx) => {
      const budget = await aggregateStream(store, budgetDecider, budgetStreamId(year), { transaction: trx });
      const charges = await aggregateStream(store, townChargesDecider, townChargesStreamId(insee), { transaction: trx });
      const onStatements = await itemsOnIssuedStatements(trx, store, insee);
      const timeline = await this.runtime.timeline(insee, trx);
      if (isDomainError(timeline)) return { ok: false as const, error: timeline };
      // Art. 6.4: the second half's mémoire makes up what the first one billed on a since-amended budget.
      const firstHalf =
        half === 2
          ? (await aggregateStream(store, statementDecider, statementStreamId(insee, year, 1), { transaction: trx })).state.issued
          : null;
      const data = {
        insee,
        year,
        half,
        issuedOn,
        bases: budget.state.forecast,
        terms: timeline.periods,
        carriedItems: pendingChargeItems(charges.state).filter((item) => !onStatements.has(item.itemId)),
        firstHalf,
        demoData: timeline.demo,
      };
      const command = { type: 'IssueStatement' as const, data };
      return handleCommand(store, statementDecider, statementStreamId(insee, year, half), command, context.metadata, { transaction: trx });
    });
    if (!outcome.ok) return outcome.error;
    await this.runtime.settled(outcome.events.at(-1)?.position);
    return outcome.decided[0]!.data;
  }

  @Handles(billingMessages.statement)
  statement(request: StatementRequest) {
    return this.issuedStatement(request.insee, request.year, request.half);
  }

  /** The printable mémoire (HTML, A4, French). */
  @Handles(billingMessages.statementHtml)
  async statementHtml(request: StatementRequest) {
    const view = await this.issuedStatement(request.insee, request.year, request.half);
    return isDomainError(view) ? view : { content: renderStatementHtml(view) };
  }

  /** The mémoire's CSV for the town's finance department. */
  @Handles(billingMessages.statementCsv)
  async statementCsv(request: StatementRequest) {
    const view = await this.issuedStatement(request.insee, request.year, request.half);
    return isDomainError(view) ? view : { content: statementCsv(view) };
  }

  /** A page of the town's charges; what is pending over every page; its regularisations (one a year at most). */
  @Handles(billingMessages.townCharges)
  async townCharges(request: TownChargesRequest) {
    const { insee } = request;
    const db = this.runtime.db;
    const page = await loadListPage<TrackedCharge>(db, townChargesList(insee), {
      limit: request.limit ?? DEFAULT_PAGE_SIZE,
      after: request.after,
    });
    return {
      insee,
      items: page.items,
      next: page.next,
      pendingCents: await pendingCentsOf(db, townChargesList(insee)),
      regularisations: await loadList<RegularisationRecord>(db, townRegularisationsList(insee)),
    };
  }

  private async issuedStatement(insee: Insee, year: number, half: Half): Promise<StatementView | DomainError> {
    const state = await this.runtime.state<StatementState>(statementStreamId(insee, year, half));
    if (state?.issued) return state.issued;
    return new DomainError(
      'not_found',
      'statement_not_found',
      `Le mémoire ${statementNumberOf(insee, year, half)} n'a pas été émis ; émettez-le d'abord (POST /api/v1/billing/${insee}/${year}/statements/${half}).`,
    );
  }
}
