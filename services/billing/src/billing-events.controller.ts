import { Controller, Inject } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { formatDateFr } from '@digit/calendar';
import {
  conventionTermsTimeline,
  DomainError,
  domainEventsOf,
  domainEventSubject,
  type CommitteeChargeApproved,
  type ConventionEvent,
  type PublishedEvent,
  type TerminationTookEffectData,
} from '@digit/contracts';
import { aggregateStream, handleCommand, type DatabaseTransaction } from '@digit/event-store';
import { processOnce } from '@digit/messaging';
import {
  depreciationInputOf,
  INVESTMENT_REGISTER_STREAM,
  investmentRegisterDecider,
  rateReviewDecider,
  rateReviewStreamId,
  shareAmendmentOf,
  townChargesDecider,
  townChargesStreamId,
  type ShareAmendment,
  type TownChargesCommand,
} from './domain/index.js';
import { BILLING_RUNTIME, type BillingRuntime } from './billing-runtime.js';
import { loadConventionEvents, recordConventionEvent } from './read-model/convention-events.read-model.js';
import { recordRejection } from './read-model/rejections.read-model.js';

/**
 * Facts of other services, consumed from JetStream, each once (processOnce records the event id
 * in the transaction of its effect): the conventions' events feed the terms timeline, a town's
 * termination taking effect records its depreciation share (R-BIL-7), an amendment of its share
 * opens a "new rate N+1" action (R-BIL-5), and a complex-project charge approved by the follow-up
 * committee is added to the town's next statement (R-BIL-8).
 */
@Controller()
export class BillingEventsController {
  constructor(@Inject(BILLING_RUNTIME) private readonly runtime: BillingRuntime) {}

  @EventPattern<Record<string, PublishedEvent>>(domainEventsOf('conventions'))
  async conventionEvent(event: PublishedEvent) {
    const { db, store } = this.runtime.infra;
    const schema = this.runtime.schema;
    await processOnce(db, schema, 'billing:conventions', event.eventId, async (trx) => {
      const insee = await recordConventionEvent(trx, schema, event);
      const amendment = shareAmendmentOf(event as unknown as ConventionEvent);
      if (insee && amendment) await this.openNewRateAction(trx, event, insee, amendment);
      const data = event.data as TerminationTookEffectData;
      if (!insee || event.type !== 'TerminationTookEffect' || data.cause !== 'notice' || data.requestedBy !== 'town') return;
      // R-CON-6: only a termination asked by the town makes it owe the depreciation share.
      const { events } = await loadConventionEvents(trx, schema, insee);
      const register = await aggregateStream(store, investmentRegisterDecider, INVESTMENT_REGISTER_STREAM, { transaction: trx });
      const input = depreciationInputOf(
        insee,
        conventionTermsTimeline(events),
        { on: data.on, requestedBy: 'town' },
        register.state.investments,
      );
      const command: TownChargesCommand | DomainError = input
        ? { type: 'RecordTerminationDepreciation', data: input }
        : new DomainError(
            'not_found',
            'no_convention_in_force',
            `Aucune période en vigueur n'est connue pour ${insee} avant le ${formatDateFr(data.on)} : quote-part d'amortissement non calculée.`,
          );
      await this.charge(trx, event, insee, command);
    });
  }

  @EventPattern<Record<string, PublishedEvent>>(domainEventSubject('support', 'CommitteeChargeApproved'))
  async committeeChargeApproved(event: PublishedEvent) {
    const data = event.data as CommitteeChargeApproved['data'];
    await processOnce(this.runtime.infra.db, this.runtime.schema, 'billing:committee-charges', event.eventId, (trx) =>
      this.charge(trx, event, data.insee, {
        type: 'ApproveComplexProjectCharge',
        data: {
          insee: data.insee,
          chargeId: `${data.committeeId}-${data.decisionId}`,
          project: data.subject,
          description: `Décision ${data.decisionId} du comité de suivi ${data.committeeId} : ${data.subject}`,
          amountCents: data.amountCents,
          committeeDate: data.approvedOn,
          poolingOutcome: data.poolingOutcome ?? '',
        },
      }),
    );
  }

  /** R-BIL-5: the share changed, the parties meet to set the rate of N+1; a refusal is recorded, never retried. */
  private async openNewRateAction(trx: DatabaseTransaction, event: PublishedEvent, insee: string, amendment: ShareAmendment) {
    const metadata = {
      actor: 'system:billing',
      causationId: event.eventId,
      ...(event.metadata.correlationId ? { correlationId: event.metadata.correlationId } : {}),
    };
    const command = { type: 'RequireNewRate' as const, data: { insee, ...amendment } };
    const outcome = await handleCommand(this.runtime.infra.store, rateReviewDecider, rateReviewStreamId(insee), command, metadata, {
      transaction: trx,
    });
    if (!outcome.ok)
      await recordRejection(trx, this.runtime.schema, {
        source: 'conventions:ConventionAmended',
        reference: event.eventId,
        error: outcome.error,
      });
  }

  /** Decides on the town's charges in the message's transaction; a refusal is recorded, never retried. */
  private async charge(trx: DatabaseTransaction, event: PublishedEvent, insee: string, command: TownChargesCommand | DomainError) {
    const source = `${event.streamId.split('-')[0]}:${event.type}`;
    if (command instanceof DomainError)
      return recordRejection(trx, this.runtime.schema, { source, reference: event.eventId, error: command });
    const metadata = {
      actor: 'system:billing',
      causationId: event.eventId,
      ...(event.metadata.correlationId ? { correlationId: event.metadata.correlationId } : {}),
    };
    const outcome = await handleCommand(this.runtime.infra.store, townChargesDecider, townChargesStreamId(insee), command, metadata, {
      transaction: trx,
    });
    if (!outcome.ok) await recordRejection(trx, this.runtime.schema, { source, reference: event.eventId, error: outcome.error });
  }
}
