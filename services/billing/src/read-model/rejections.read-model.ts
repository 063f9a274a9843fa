import { pageOf, type DomainError, type Page, type RejectionView } from '@digit/contracts';
import { jsonText, type Database, type DatabaseTransaction } from '@digit/event-store';
import { billingDb } from './billing.migrations.js';

/**
 * Facts from other services, and process steps, that billing's rules refused (a committee charge
 * for an unknown town, a depreciation without a register...). Retrying would fail the same way,
 * so the refusal is recorded with its reason, in the transaction that marks the message handled,
 * for DIGIT's staff to read and settle by hand.
 */
export const recordRejection = async (
  trx: DatabaseTransaction,
  schema: string,
  rejection: { readonly source: string; readonly reference: string; readonly error: DomainError },
): Promise<void> => {
  const { source, reference, error } = rejection;
  console.warn(`billing: ${source} ${reference} refused: ${error.code} ${error.message}`);
  await billingDb(trx, schema)
    .insertInto('rejections')
    .values({ source, reference, code: error.code, message: error.message, details: jsonText(error.details) })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
};

/** A page of the refusals, oldest first: `limit + 1` rows from the sequence's key. */
export const loadRejections = async (
  db: Database,
  schema: string,
  page: { readonly limit: number; readonly after?: string },
): Promise<Page<RejectionView>> => {
  const rows = await billingDb(db, schema)
    .selectFrom('rejections')
    .select(['seq', 'source', 'reference', 'code', 'message', 'details', 'rejected_at'])
    .where('seq', '>', page.after ?? '0')
    .orderBy('seq')
    .limit(page.limit + 1)
    .execute();
  const served = pageOf(rows, page.limit, (row) => row.seq);
  return {
    items: served.items.map(({ seq: _seq, rejected_at, ...rest }) => ({ ...rest, rejectedAt: rejected_at.toISOString() })),
    next: served.next,
  };
};
