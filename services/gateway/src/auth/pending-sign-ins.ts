import { sql } from 'kysely';
import type { Database } from '@digit/event-store';
import type { SignInStart } from './relying-party.js';

const PENDING_SECONDS = 10 * 60;

export interface PendingSignIn {
  readonly codeVerifier: string;
  readonly nonce: string;
  readonly returnTo: string;
}

/**
 * Sign-ins between `/auth/login` and `/auth/callback`: the PKCE verifier and nonce stay on the
 * server (any gateway copy may receive the callback), keyed by the state the browser carries
 * back; each is taken once.
 */
export class PendingSignIns {
  constructor(
    private readonly db: Database,
    private readonly schema: string,
  ) {}

  private get pending() {
    return sql.table(`${this.schema}.pending_sign_ins`);
  }

  readonly lifetimeSeconds = PENDING_SECONDS;

  async save(start: SignInStart, returnTo: string): Promise<void> {
    await sql`delete from ${this.pending} where expires_at < now()`.execute(this.db);
    await sql`insert into ${this.pending} (state, code_verifier, nonce, return_to, expires_at)
      values (${start.state}, ${start.codeVerifier}, ${start.nonce}, ${returnTo}, now() + make_interval(secs => ${PENDING_SECONDS}))`.execute(
      this.db,
    );
  }

  async take(state: string): Promise<PendingSignIn | undefined> {
    const rows = await sql<{ code_verifier: string; nonce: string; return_to: string }>`delete from ${this.pending}
      where state = ${state} and expires_at > now() returning code_verifier, nonce, return_to`.execute(this.db);
    const row = rows.rows[0];
    return row ? { codeVerifier: row.code_verifier, nonce: row.nonce, returnTo: row.return_to } : undefined;
  }
}
