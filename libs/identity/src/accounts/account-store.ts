import { sql } from 'kysely';
import type { Database } from '@digit/event-store';
import { isInsee, isPersonRole } from '@digit/contracts';
import type { Person } from '../person.js';
import { decoyHash, hashPassword, passwordMatches } from './password.js';

/** A local account of the embedded issuer; its login is the token's `sub`, so the actor of its events. */
export interface Account {
  readonly login: string;
  readonly displayName: string | null;
  readonly person: Person;
  readonly createdAt: Date;
  readonly disabledAt: Date | null;
}

interface AccountRow {
  login: string;
  display_name: string | null;
  role: string;
  insee: string | null;
  created_at: Date;
  disabled_at: Date | null;
  password_hash: string;
}

/** Lower case letters, digits and . _ - @, 2 to 100 characters: readable in the audit history. */
export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._@-]{1,99}$/;

const accountOf = (row: AccountRow): Account | undefined => {
  if (!isPersonRole(row.role) || (row.insee !== null && !isInsee(row.insee))) return undefined;
  return {
    login: row.login,
    displayName: row.display_name,
    person: { sub: row.login, role: row.role, ...(row.insee ? { insee: row.insee } : {}) },
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
};

export class AccountStore {
  constructor(
    private readonly db: Database,
    private readonly schema: string,
  ) {}

  private get accounts() {
    return sql.table(`${this.schema}.accounts`);
  }

  /** False when the login is taken (accounts are disabled, never deleted: a login names one person forever). */
  async add(person: Person, password: string, displayName?: string): Promise<boolean> {
    const passwordHash = await hashPassword(password);
    const inserted = await sql`insert into ${this.accounts} (login, display_name, password_hash, role, insee)
      values (${person.sub}, ${displayName ?? null}, ${passwordHash}, ${person.role}, ${person.insee ?? null})
      on conflict (login) do nothing`.execute(this.db);
    return Number(inserted.numAffectedRows ?? 0) === 1;
  }

  async list(): Promise<Account[]> {
    const rows = await sql<AccountRow>`select * from ${this.accounts} order by login`.execute(this.db);
    return rows.rows.map(accountOf).filter((account): account is Account => account !== undefined);
  }

  async activeCount(): Promise<number> {
    const rows = await sql<{ count: string }>`select count(*) as count from ${this.accounts} where disabled_at is null`.execute(this.db);
    return Number(rows.rows[0]?.count ?? 0);
  }

  /** An enabled account, or undefined. */
  async find(login: string): Promise<Account | undefined> {
    const rows = await sql<AccountRow>`select * from ${this.accounts} where login = ${login} and disabled_at is null`.execute(this.db);
    return rows.rows[0] ? accountOf(rows.rows[0]) : undefined;
  }

  /** The enabled account these credentials open, or undefined; as slow for an unknown login as for a wrong password. */
  async authenticate(login: string, password: string): Promise<Account | undefined> {
    const rows = await sql<AccountRow>`select * from ${this.accounts} where login = ${login} and disabled_at is null`.execute(this.db);
    const row = rows.rows[0];
    const matches = await passwordMatches(row?.password_hash ?? (await decoyHash()), password);
    return row && matches ? accountOf(row) : undefined;
  }

  /** Disables the account and ends its sessions (dashboard and issuer); false when there is no such enabled account. */
  async disable(login: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const updated = await sql`update ${this.accounts} set disabled_at = now() where login = ${login} and disabled_at is null`.execute(
        trx,
      );
      await sql`delete from ${sql.table(`${this.schema}.sessions`)} where sub = ${login}`.execute(trx);
      await sql`delete from ${sql.table(`${this.schema}.oidc_artifacts`)} where payload->>'accountId' = ${login}`.execute(trx);
      return Number(updated.numAffectedRows ?? 0) === 1;
    });
  }
}
