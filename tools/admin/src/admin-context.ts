import { AccountStore, LoginLinks, migrateIdentity } from '@digit/identity';
import { createDatabase, dataDirectory, readRunningSystem, schemaName } from '@digit/runtime';
import type { Database } from '@digit/event-store';

/** A refusal the CLI explains in French and exits with (2: wrong use, 1: the system says no). */
export class AdminError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** What the commands write: stdout for what a script reads, stderr for what a person reads. */
export interface AdminOutput {
  out(line: string): void;
  say(line: string): void;
}

/**
 * The running system the CLI administers, found as `npm start` left it: DIGIT_DATA_DIR (the
 * issuer's keys and address, the private NATS server) and the database it recorded there
 * (DATABASE_URL first when set).
 */
export class AdminContext {
  readonly dataDir = dataDirectory();
  private database?: Database;

  get schema(): string {
    return schemaName({ schemaPrefix: process.env.DIGIT_SCHEMA_PREFIX ?? '' }, 'identity');
  }

  async db(): Promise<Database> {
    if (this.database) return this.database;
    const url = process.env.DATABASE_URL ?? readRunningSystem(this.dataDir)?.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/digit';
    const db = createDatabase(url);
    try {
      await migrateIdentity(db, this.schema);
    } catch (error) {
      await db.destroy();
      throw new AdminError(
        `Base de données inaccessible (${error instanceof Error ? error.message : String(error)}) : le système tourne-t-il (npm start) ?`,
        1,
      );
    }
    this.database = db;
    return db;
  }

  async accounts(): Promise<AccountStore> {
    return new AccountStore(await this.db(), this.schema);
  }

  async loginLinks(): Promise<LoginLinks> {
    return new LoginLinks(await this.db(), this.schema);
  }

  async close(): Promise<void> {
    await this.database?.destroy();
  }
}
