import { sql } from 'kysely';
import type { Database } from '@digit/event-store';
import { isInsee, isPersonRole } from '@digit/contracts';
import type { Person } from './person.js';
import { newSecretToken, tokenHash } from './secret-token.js';

/** How long a link printed by `npm run admin -- login-link` may wait before it is used. */
export const LOGIN_LINK_MINUTES = 10;

/**
 * One-time sign-in links (CONTRACT.md: `admin login-link`): the admin CLI stores the hash of a
 * random token with the person it signs in; the first use consumes it (a single atomic update,
 * so two browsers racing on one link cannot both win), later or late uses find nothing.
 */
export class LoginLinks {
  constructor(
    private readonly db: Database,
    private readonly schema: string,
  ) {}

  private get links() {
    return sql.table(`${this.schema}.login_links`);
  }

  /** The token to put in the link. */
  async create(person: Person, minutes = LOGIN_LINK_MINUTES): Promise<string> {
    const token = newSecretToken();
    await sql`insert into ${this.links} (token_hash, sub, role, insee, expires_at)
      values (${tokenHash(token)}, ${person.sub}, ${person.role}, ${person.insee ?? null}, now() + make_interval(mins => ${minutes}))`.execute(
      this.db,
    );
    await sql`delete from ${this.links} where expires_at < now() - interval '1 day'`.execute(this.db);
    return token;
  }

  /** Whether the link can still be used (nothing is consumed: a link scanner's GET must not burn it). */
  async usable(token: string): Promise<boolean> {
    const rows =
      await sql`select 1 from ${this.links} where token_hash = ${tokenHash(token)} and used_at is null and expires_at > now()`.execute(
        this.db,
      );
    return rows.rows.length === 1;
  }

  /** The person the link signs in, once; undefined when unknown, used or expired. */
  async consume(token: string): Promise<Person | undefined> {
    const rows = await sql<{ sub: string; role: string; insee: string | null }>`update ${this.links} set used_at = now()
      where token_hash = ${tokenHash(token)} and used_at is null and expires_at > now()
      returning sub, role, insee`.execute(this.db);
    const row = rows.rows[0];
    if (!row || !isPersonRole(row.role) || (row.insee !== null && !isInsee(row.insee))) return undefined;
    return { sub: row.sub, role: row.role, ...(row.insee ? { insee: row.insee } : {}) };
  }
}
