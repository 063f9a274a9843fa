import { sql } from 'kysely';
import type { Database } from '@digit/event-store';

/**
 * The identity schema (`identity`, owned by the gateway): the embedded issuer's local accounts
 * and its OpenID artifacts, the dashboard's sessions, sign-ins in progress, one-time sign-in
 * links and failed sign-in counters. In PostgreSQL so that N gateway copies share them and a
 * restarted gateway keeps everyone signed in. Secrets are stored only as hashes (passwords with
 * argon2id, session ids and link tokens with SHA-256).
 */
export const migrateIdentity = async (db: Database, schema: string): Promise<void> => {
  const table = (name: string) => sql.table(`${schema}.${name}`);
  // N gateway copies and the admin CLI may migrate at once: one at a time.
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`digit-identity:${schema}`}))`.execute(trx);
    await sql`create schema if not exists ${sql.id(schema)}`.execute(trx);
    await sql`create table if not exists ${table('accounts')} (
      login text primary key,
      display_name text,
      password_hash text not null,
      role text not null,
      insee text,
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    )`.execute(trx);
    await sql`create table if not exists ${table('oidc_artifacts')} (
      model text not null,
      id text not null,
      payload jsonb not null,
      grant_id text,
      uid text,
      user_code text,
      expires_at timestamptz,
      primary key (model, id)
    )`.execute(trx);
    await sql`create index if not exists oidc_artifacts_grant on ${table('oidc_artifacts')} (grant_id)`.execute(trx);
    await sql`create index if not exists oidc_artifacts_uid on ${table('oidc_artifacts')} (uid)`.execute(trx);
    await sql`create table if not exists ${table('sessions')} (
      id_hash text primary key,
      sub text not null,
      roles text[] not null,
      insee text,
      csrf_token text not null,
      id_token text,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(trx);
    await sql`create index if not exists sessions_sub on ${table('sessions')} (sub)`.execute(trx);
    await sql`create table if not exists ${table('pending_sign_ins')} (
      state text primary key,
      code_verifier text not null,
      nonce text not null,
      return_to text not null,
      expires_at timestamptz not null
    )`.execute(trx);
    await sql`create table if not exists ${table('login_links')} (
      token_hash text primary key,
      sub text not null,
      role text not null,
      insee text,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(trx);
    await sql`create table if not exists ${table('sign_in_failures')} (
      key text primary key,
      failures integer not null,
      window_started_at timestamptz not null
    )`.execute(trx);
  });
};
