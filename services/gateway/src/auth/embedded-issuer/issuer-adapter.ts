import { sql } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from '@digit/event-store';

/**
 * oidc-provider's storage (sessions, interactions, codes, grants) in the identity schema, so N
 * gateway copies share the issuer's state and a restarted gateway keeps it. One row per artifact;
 * an expired row is never returned and is removed now and then.
 */
export const postgresAdapter = (db: Database, schema: string) => {
  const artifacts = sql.table(`${schema}.oidc_artifacts`);
  let writes = 0;

  return class PostgresAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      await sql`insert into ${artifacts} (model, id, payload, grant_id, uid, user_code, expires_at)
        values (${this.model}, ${id}, ${JSON.stringify(payload)}, ${payload.grantId ?? null}, ${payload.uid ?? null}, ${payload.userCode ?? null},
          ${expiresIn ? sql`now() + make_interval(secs => ${expiresIn})` : null})
        on conflict (model, id) do update set payload = excluded.payload, grant_id = excluded.grant_id, uid = excluded.uid,
          user_code = excluded.user_code, expires_at = excluded.expires_at`.execute(db);
      if (++writes % 200 === 0) await sql`delete from ${artifacts} where expires_at < now()`.execute(db);
    }

    private async findWhere(condition: ReturnType<typeof sql>): Promise<AdapterPayload | undefined> {
      const rows = await sql<{ payload: AdapterPayload }>`select payload from ${artifacts}
        where model = ${this.model} and ${condition} and (expires_at is null or expires_at > now())`.execute(db);
      return rows.rows[0]?.payload;
    }

    find(id: string) {
      return this.findWhere(sql`id = ${id}`);
    }

    findByUid(uid: string) {
      return this.findWhere(sql`uid = ${uid}`);
    }

    findByUserCode(userCode: string) {
      return this.findWhere(sql`user_code = ${userCode}`);
    }

    async consume(id: string): Promise<void> {
      await sql`update ${artifacts} set payload = payload || jsonb_build_object('consumed', extract(epoch from now())::bigint)
        where model = ${this.model} and id = ${id}`.execute(db);
    }

    async destroy(id: string): Promise<void> {
      await sql`delete from ${artifacts} where model = ${this.model} and id = ${id}`.execute(db);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await sql`delete from ${artifacts} where grant_id = ${grantId}`.execute(db);
    }
  };
};
