import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '@digit/event-store';
import type { Caller } from '@digit/contracts';
import { callerOfClaims } from './token-verifier.js';
import { newSecretToken, tokenHash } from './secret-token.js';

/**
 * The dashboard's server-side sessions (CONTRACT.md "Who is calling (v1.1)"): the browser holds
 * only a random id in an HttpOnly cookie; the row holds the caller the sign-in proved (the same
 * sub, roles and town as a bearer token would give) and a CSRF token. Shared by every gateway
 * copy; a session ends at `expires_at`, after `IDLE` without use, at sign-out, or when its
 * account is disabled.
 */
export const SESSION_LIFETIME_SECONDS = 8 * 60 * 60;
const IDLE_SECONDS = 60 * 60;
/** Activity is written at most this often, not on every request. */
const TOUCH_SECONDS = 60;

export interface OpenedSession {
  /** The cookie's value. */
  readonly id: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

export interface ActiveSession {
  readonly caller: Caller;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

interface SessionRow {
  sub: string;
  roles: string[];
  insee: string | null;
  csrf_token: string;
  id_token: string | null;
  expires_at: Date;
  touch: boolean;
}

export class SessionStore {
  constructor(
    private readonly db: Database,
    private readonly schema: string,
  ) {}

  private get sessions() {
    return sql.table(`${this.schema}.sessions`);
  }

  async open(caller: Caller, options: { idToken?: string; lifetimeSeconds?: number } = {}): Promise<OpenedSession> {
    await this.purgeEnded();
    const id = newSecretToken();
    const csrfToken = randomBytes(24).toString('base64url');
    const lifetime = options.lifetimeSeconds ?? SESSION_LIFETIME_SECONDS;
    const rows = await sql<{ expires_at: Date }>`insert into ${this.sessions} (id_hash, sub, roles, insee, csrf_token, id_token, expires_at)
      values (${tokenHash(id)}, ${caller.sub}, ${caller.roles as string[]}, ${caller.insee ?? null}, ${csrfToken}, ${options.idToken ?? null},
        now() + make_interval(secs => ${lifetime}))
      returning expires_at`.execute(this.db);
    return { id, csrfToken, expiresAt: rows.rows[0]!.expires_at };
  }

  /** The session this cookie value names, if it is still valid. */
  async find(id: string): Promise<ActiveSession | undefined> {
    const rows = await sql<SessionRow>`select sub, roles, insee, csrf_token, id_token, expires_at,
        last_seen_at < now() - make_interval(secs => ${TOUCH_SECONDS}) as touch
      from ${this.sessions}
      where id_hash = ${tokenHash(id)} and expires_at > now() and last_seen_at > now() - make_interval(secs => ${IDLE_SECONDS})`.execute(
      this.db,
    );
    const row = rows.rows[0];
    if (!row) return undefined;
    if (row.touch) await sql`update ${this.sessions} set last_seen_at = now() where id_hash = ${tokenHash(id)}`.execute(this.db);
    // The same mapping as a token's claims: unknown roles and towns are dropped.
    const caller = callerOfClaims({ sub: row.sub, roles: row.roles, ...(row.insee ? { insee: row.insee } : {}) });
    return caller ? { caller, csrfToken: row.csrf_token, expiresAt: row.expires_at } : undefined;
  }

  /** Ends the session; gives back its ID token, for the issuer's sign-out. */
  async close(id: string): Promise<{ idToken?: string } | undefined> {
    const rows = await sql<{
      id_token: string | null;
    }>`delete from ${this.sessions} where id_hash = ${tokenHash(id)} returning id_token`.execute(this.db);
    const row = rows.rows[0];
    return row ? (row.id_token ? { idToken: row.id_token } : {}) : undefined;
  }

  /** Removes ended sessions at each sign-in (a lookup never returns one anyway; the table stays small). */
  private async purgeEnded(): Promise<void> {
    await sql`delete from ${this.sessions} where expires_at < now() or last_seen_at < now() - make_interval(secs => ${IDLE_SECONDS})`.execute(
      this.db,
    );
  }
}
