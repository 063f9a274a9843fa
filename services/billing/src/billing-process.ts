import type { StoredEvent } from '@digit/contracts';
import { handleCommand, type DatabaseTransaction, type EventStore, type Projection } from '@digit/event-store';
import {
  isCarriedLine,
  regularisationsToPropose,
  townChargesDecider,
  townChargesStreamId,
  type ReconciliationEvent,
  type StatementEvent,
  type TownChargesCommand,
} from './domain/index.js';
import { recordRejection } from './read-model/rejections.read-model.js';

/**
 * Billing's process steps, run from its own events with a checkpoint: each step's appends commit
 * in the transaction that moves the checkpoint, so a step happens exactly once, and the deciders
 * record nothing for a repeated step anyway.
 * - YearReconciled beyond 15 % → ProposeRegularisation for each town (R-BIL-5): a proposal for its
 *   follow-up committee, which no statement carries until the committee decides it;
 * - StatementIssued → CarryChargesIntoStatement for the items the statement carried (R-BIL-4, R-BIL-8).
 */
const charge = async (trx: DatabaseTransaction, store: EventStore, schema: string, event: StoredEvent, command: TownChargesCommand) => {
  const metadata = {
    actor: 'system:billing-process',
    causationId: event.eventId,
    ...(event.metadata.correlationId ? { correlationId: event.metadata.correlationId } : {}),
  };
  const outcome = await handleCommand(store, townChargesDecider, townChargesStreamId(command.data.insee), command, metadata, {
    transaction: trx,
  });
  if (!outcome.ok) {
    await recordRejection(trx, schema, {
      source: `process:${command.type}`,
      reference: `${event.eventId}:${command.data.insee}`,
      error: outcome.error,
    });
  }
};

export const billingProcessSteps = (store: EventStore, schema: string, name = 'billing:process-steps'): Projection => ({
  name,
  streamPrefixes: ['reconciliation-', 'statement-'],
  async apply(trx, stored) {
    const event = stored as unknown as (ReconciliationEvent | StatementEvent) & StoredEvent;
    if (event.type === 'YearReconciled') {
      const { year, reconciledOn } = event.data;
      for (const { insee, forecastShareCents, actualShareCents } of regularisationsToPropose(event.data)) {
        await charge(trx, store, schema, stored, {
          type: 'ProposeRegularisation',
          data: { insee, year, reconciledOn, forecastShareCents, actualShareCents },
        });
      }
    }
    if (event.type === 'StatementIssued') {
      const itemIds = event.data.lines.filter(isCarriedLine).map((line) => line.itemId);
      if (itemIds.length > 0) {
        await charge(trx, store, schema, stored, {
          type: 'CarryChargesIntoStatement',
          data: { insee: event.data.insee, statementNumber: event.data.number, itemIds },
        });
      }
    }
  },
});
