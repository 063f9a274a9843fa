import { sql } from 'kysely';
import type { DomainError } from '@digit/contracts';
import type { Database, DatabaseTransaction } from '@digit/event-store';

/**
 * Facts from other services, and process steps, that billing's rules refused (a committee charge
 * for an unknown town, a depreciation without a register...). Retrying would fail the same way,
 * so the refusal is recorded with its reason, in the transaction that marks the message handled,
 * for DIGIT's staff to read and settle by hand.
 */
export const migrateRejections = async (db: Database, schema: string): Promise<void> => {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  await sql`create table if not exists ${sql.table(`${schema}.rejections`)} (
    source text not null,
    reference text not null,
    code text not null,
    message text not null,
    details jsonb not null,
    rejected_at timestamptz not null default now(),
    primary key (source, reference)
  )`.execute(db);
};

export const recordRejection = async (
  trx: DatabaseTransaction,
  schema: string,
  rejection: { readonly source: string; readonly reference: string; readonly error: DomainError },
): Promise<void> => {
  const { source, reference, error } = rejection;
  console.warn(`billing: ${source} ${reference} refused: ${error.code} ${error.message}`);
  await sql`insert into ${sql.table(`${schema}.rejections`)} (source, reference, code, message, details)
    values (${source}, ${reference}, ${error.code}, ${error.message}, ${JSON.stringify(error.details)})
    on conflict do nothing`.execute(trx);
};

export interface Rejection {
  readonly source: string;
  readonly reference: string;
  readonly code: string;
  readonly message: string;
  readonly details: unknown;
  readonly rejectedAt: string;
}

export const loadRejections = async (db: Database, schema: string): Promise<Rejection[]> => {
  const rows = await sql<{ source: string; reference: string; code: string; message: string; details: unknown; rejected_at: Date }>`
    select source, reference, code, message, details, rejected_at from ${sql.table(`${schema}.rejections`)} order by rejected_at, source, reference`.execute(db);
  return rows.rows.map(({ rejected_at, ...rest }) => ({ ...rest, rejectedAt: rejected_at.toISOString() }));
};
