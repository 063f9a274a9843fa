import { sql } from 'kysely';
import type { Database } from '@digit/event-store';

export interface SignInLimits {
  /** Failed attempts on one login before it is refused until the window ends. */
  readonly perLogin: number;
  /** Failed attempts from one address (any login) before it is refused. */
  readonly perAddress: number;
  readonly windowSeconds: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perLogin: 5, perAddress: 30, windowSeconds: 15 * 60 };

/**
 * Rate limits of the embedded issuer's sign-in form (issue 12: "rate limits on sign-in"): a
 * login, or an address, that failed too often in the window is refused before any password is
 * checked. Counters live in PostgreSQL, so every gateway copy sees the same ones. A success
 * clears the login's counter, not the address's.
 */
export class SignInLimiter {
  constructor(
    private readonly db: Database,
    private readonly schema: string,
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
  ) {}

  private get failures() {
    return sql.table(`${this.schema}.sign_in_failures`);
  }

  private keys(login: string, address: string) {
    return { login: `login:${login}`, address: `address:${address}` };
  }

  /** Seconds to wait before trying again, or 0 when an attempt may be made now. */
  async retryAfter(login: string, address: string): Promise<number> {
    const keys = this.keys(login, address);
    const rows = await sql<{ key: string; failures: number; remaining: number }>`select key, failures,
        ceil(extract(epoch from window_started_at + make_interval(secs => ${this.limits.windowSeconds}) - now()))::int as remaining
      from ${this.failures}
      where key in (${keys.login}, ${keys.address}) and window_started_at > now() - make_interval(secs => ${this.limits.windowSeconds})`.execute(
      this.db,
    );
    const blocked = rows.rows.filter((row) => row.failures >= (row.key === keys.login ? this.limits.perLogin : this.limits.perAddress));
    return Math.max(0, ...blocked.map((row) => row.remaining));
  }

  async recordFailure(login: string, address: string): Promise<void> {
    const window = sql`make_interval(secs => ${this.limits.windowSeconds})`;
    for (const key of Object.values(this.keys(login, address))) {
      await sql`insert into ${this.failures} as f (key, failures, window_started_at) values (${key}, 1, now())
        on conflict (key) do update set
          failures = case when f.window_started_at < now() - ${window} then 1 else f.failures + 1 end,
          window_started_at = case when f.window_started_at < now() - ${window} then now() else f.window_started_at end`.execute(this.db);
    }
  }

  async recordSuccess(login: string, address: string): Promise<void> {
    await sql`delete from ${this.failures} where key = ${this.keys(login, address).login}`.execute(this.db);
  }
}
