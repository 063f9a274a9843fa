import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { commandSubject, querySubject, StatementIssueDto, type Insee } from '@digit/contracts';
import { aggregateStream, handleCommand, type DatabaseTransaction, type EventStore } from '@digit/event-store';
import {
  budgetDecider,
  budgetStreamId,
  isCarriedLine,
  pendingChargeItems,
  renderStatementHtml,
  statementCsv,
  statementDecider,
  statementNumberOf,
  statementStreamId,
  townChargesDecider,
  townChargesStreamId,
  type Half,
  type StatementState,
  type StatementView,
  type TownChargesState,
} from './domain/index.js';
import { actorOf } from './billing.controller.js';
import { badRequest, failureOf, notFound, requireHalf, requireTown, requireYear, validBody } from './billing-failure.js';
import { BILLING_RUNTIME, type BillingRuntime } from './billing-runtime.js';

interface StatementRequest {
  readonly insee?: unknown;
  readonly year?: unknown;
  readonly half?: unknown;
  readonly format?: unknown;
  readonly actor?: unknown;
  readonly body?: unknown;
}

const FORMATS = {
  html: { contentType: 'text/html; charset=utf-8', render: renderStatementHtml },
  csv: { contentType: 'text/csv; charset=utf-8', render: statementCsv },
} as const;

/** Items carried by the town's issued statements, read inside `trx`. */
const itemsOnIssuedStatements = async (trx: DatabaseTransaction, store: EventStore, insee: string): Promise<Set<string>> => {
  const items = new Set<string>();
  for (let after = 0n; ; ) {
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

  @MessagePattern(commandSubject('billing', 'issue-statement'))
  async issue(payload: StatementRequest) {
    const insee = requireTown(payload?.insee);
    const year = requireYear(payload.year);
    const half = requireHalf(payload.half);
    const { issuedOn = this.runtime.today() } = await validBody(StatementIssueDto, payload.body);
    this.runtime.notInFuture(issuedOn, 'issuedOn');
    // One issue at a time per town: an item pending in the town's charges and not already on an
    // issued statement (the process step marks it carried a moment later) goes on exactly one.
    const store = this.runtime.infra.store;
    const outcome = await this.runtime.exclusively(`statements:${insee}`, async (trx) => {
      const budget = await aggregateStream(store, budgetDecider, budgetStreamId(year), { transaction: trx });
      const charges = await aggregateStream(store, townChargesDecider, townChargesStreamId(insee), { transaction: trx });
      const onStatements = await itemsOnIssuedStatements(trx, store, insee);
      const timeline = await this.runtime.timeline(insee, trx);
      // Art. 6.4: the second half's mémoire makes up what the first one billed on a since-amended budget.
      const firstHalf = half === 2 ? (await aggregateStream(store, statementDecider, statementStreamId(insee, year, 1), { transaction: trx })).state.issued : null;
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
      return handleCommand(store, statementDecider, statementStreamId(insee, year, half), command, { actor: actorOf(payload) }, { transaction: trx });
    });
    if (!outcome.ok) throw failureOf(outcome.error);
    await this.runtime.settled(outcome.events.at(-1)?.position);
    return outcome.decided[0]?.data;
  }

  @MessagePattern(querySubject('billing', 'statement'))
  async statement(payload: StatementRequest) {
    const insee = requireTown(payload?.insee);
    return this.issuedStatement(insee, requireYear(payload.year), requireHalf(payload.half));
  }

  /** The printable mémoire (HTML, A4, French) or its CSV for the town's finance department. */
  @MessagePattern(querySubject('billing', 'statement-document'))
  async document(payload: StatementRequest) {
    const insee = requireTown(payload?.insee);
    const view = await this.issuedStatement(insee, requireYear(payload.year), requireHalf(payload.half));
    const format = payload.format === 'html' || payload.format === 'csv' ? FORMATS[payload.format] : null;
    if (!format) throw badRequest('Le document existe en « html » (imprimable) ou en « csv » (tableur).', 'format');
    return { contentType: format.contentType, filename: `${view.number}.${String(payload.format)}`, body: format.render(view) };
  }

  @MessagePattern(querySubject('billing', 'town-charges'))
  async townCharges(payload: StatementRequest) {
    const insee = requireTown(payload?.insee);
    const state = await this.runtime.state<TownChargesState>(townChargesStreamId(insee));
    const items = state?.items ?? [];
    const pendingCents = items.filter((item) => item.carriedInto === null).reduce((sum, item) => sum + item.amountCents, 0);
    return { insee, items, pendingCents, regularisations: state?.regularisations ?? [] };
  }

  private async issuedStatement(insee: Insee, year: number, half: Half) {
    const state = await this.runtime.state<StatementState>(statementStreamId(insee, year, half));
    if (!state?.issued) {
      throw notFound(
        'statement-not-found',
        `Le mémoire ${statementNumberOf(insee, year, half)} n'a pas été émis ; émettez-le d'abord (POST /api/v1/billing/${insee}/${year}/statements/${half}).`,
      );
    }
    return state.issued;
  }
}
