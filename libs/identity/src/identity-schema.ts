import { sql, type Kysely } from 'kysely';
import { migrateSchema, type Database } from '@digit/event-store';

/**
 * The identity schema's migrations. 0001 is the schema as `create table if not exists` made it
 * before migrations existed, so databases holding it migrate cleanly; later changes are new
 * migrations.
 */
const sqlTextArray = sql`text[]`;

const IDENTITY_MIGRATIONS = {
  '0001_accounts_artifacts_sessions_links': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('accounts')
        .ifNotExists()
        .addColumn('login', 'text', (column) => column.primaryKey())
        .addColumn('display_name', 'text')
        .addColumn('password_hash', 'text', (column) => column.notNull())
        .addColumn('role', 'text', (column) => column.notNull())
        .addColumn('insee', 'text')
        .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(db.fn('now')))
        .addColumn('disabled_at', 'timestamptz')
        .execute();
      await db.schema
        .createTable('oidc_artifacts')
        .ifNotExists()
        .addColumn('model', 'text', (column) => column.notNull())
        .addColumn('id', 'text', (column) => column.notNull())
        .addColumn('payload', 'jsonb', (column) => column.notNull())
        .addColumn('grant_id', 'text')
        .addColumn('uid', 'text')
        .addColumn('user_code', 'text')
        .addColumn('expires_at', 'timestamptz')
        .addPrimaryKeyConstraint('oidc_artifacts_pkey', ['model', 'id'])
        .execute();
      await db.schema.createIndex('oidc_artifacts_grant').ifNotExists().on('oidc_artifacts').column('grant_id').execute();
      await db.schema.createIndex('oidc_artifacts_uid').ifNotExists().on('oidc_artifacts').column('uid').execute();
      await db.schema
        .createTable('sessions')
        .ifNotExists()
        .addColumn('id_hash', 'text', (column) => column.primaryKey())
        .addColumn('sub', 'text', (column) => column.notNull())
        .addColumn('roles', sqlTextArray, (column) => column.notNull())
        .addColumn('insee', 'text')
        .addColumn('csrf_token', 'text', (column) => column.notNull())
        .addColumn('id_token', 'text')
        .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(db.fn('now')))
        .addColumn('last_seen_at', 'timestamptz', (column) => column.notNull().defaultTo(db.fn('now')))
        .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('sessions_sub').ifNotExists().on('sessions').column('sub').execute();
      await db.schema
        .createTable('pending_sign_ins')
        .ifNotExists()
        .addColumn('state', 'text', (column) => column.primaryKey())
        .addColumn('code_verifier', 'text', (column) => column.notNull())
        .addColumn('nonce', 'text', (column) => column.notNull())
        .addColumn('return_to', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('login_links')
        .ifNotExists()
        .addColumn('token_hash', 'text', (column) => column.primaryKey())
        .addColumn('sub', 'text', (column) => column.notNull())
        .addColumn('role', 'text', (column) => column.notNull())
        .addColumn('insee', 'text')
        .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(db.fn('now')))
        .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
        .addColumn('used_at', 'timestamptz')
        .execute();
      await db.schema
        .createTable('sign_in_failures')
        .ifNotExists()
        .addColumn('key', 'text', (column) => column.primaryKey())
        .addColumn('failures', 'integer', (column) => column.notNull())
        .addColumn('window_started_at', 'timestamptz', (column) => column.notNull())
        .execute();
    },
  },
};

/**
 * The identity schema (`identity`, owned by the gateway): the embedded issuer's local accounts
 * and its OpenID artifacts, the dashboard's sessions, sign-ins in progress, one-time sign-in
 * links and failed sign-in counters. In PostgreSQL so that N gateway copies share them and a
 * restarted gateway keeps everyone signed in. Secrets are stored only as hashes (passwords with
 * argon2id, session ids and link tokens with SHA-256). Safe from several gateway copies and the
 * admin CLI at once (Kysely's migrator locks).
 */
export const migrateIdentity = (db: Database, schema: string): Promise<void> => migrateSchema(db, schema, IDENTITY_MIGRATIONS);
