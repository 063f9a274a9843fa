/**
 * The services, in this process and in replay mode, on a copy of the history: each answers its
 * catalogue's queries from read models its own projections rebuilt, exactly as it does live
 * (the services' `./app` exports: the only service code the audit tool runs).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { parisInstant } from '@digit/calendar';
import type { Database, EventStore, Subscription } from '@digit/event-store';
import { openReplayInfra, schemaName, type ServiceInfra } from '@digit/runtime';
import { startBillingService } from '@digit/billing-service/app';
import { startConventionsService } from '@digit/conventions-service/app';
import { startDataExchangeService } from '@digit/data-exchange-service/app';
import { startPrivacyService } from '@digit/privacy-service/app';
import { startSupportService } from '@digit/support-service/app';
import { copyHistory, type CopiedHistory, type HistorySource } from './history-copy.js';
import { startPrivateNats } from './private-nats.js';

/** Whether sealed personal fields were opened, and how many people's keys the replay had (erased people have none). */
export type PersonalDataAccess =
  { readonly opened: true; readonly keys: number; readonly erased: number } | { readonly opened: false; readonly reason: string };

export interface ReplayedSystem {
  readonly infra: ServiceInfra;
  /** The private NATS server's URL, with its password. */
  readonly natsUrl: string;
  readonly history: CopiedHistory;
  readonly personalData: PersonalDataAccess;
  stop(): Promise<void>;
}

export interface ReplayedSystemOptions {
  readonly databaseUrl: string;
  /** The live system's schema prefix (DIGIT_SCHEMA_PREFIX): where its per-person keys are. */
  readonly livePrefix: string;
  readonly source: HistorySource;
  readonly knownAt: Date;
  readonly keyEncryptionKey: Uint8Array | undefined;
  /** Stops the copy between two batches (Ctrl-C): what was made is then removed. */
  readonly signal?: AbortSignal;
}

/** Under the live prefix, so that a test's cleanup (or an operator's look at the schemas) finds what a stopped replay left. */
const replayPrefix = (livePrefix: string): string => schemaName({ schemaPrefix: livePrefix }, `replay${randomBytes(4).toString('hex')}`);

const dropSchemas = async (db: Database, prefix: string): Promise<void> => {
  const { rows } = await sql<{ nspname: string }>`select nspname from pg_namespace where nspname like ${`${prefix}\\_%`}`.execute(db);
  for (const { nspname } of rows) await sql`drop schema ${sql.id(nspname)} cascade`.execute(db);
};

/**
 * The per-person keys as the live system holds them now, still wrapped with the key-encryption
 * key: a person erased since has a tombstone, and reads as erased in any replay made after.
 */
const copyKeys = async (db: Database, from: string, to: string, keyEncryptionKey: Uint8Array | undefined): Promise<PersonalDataAccess> => {
  if (!keyEncryptionKey)
    return {
      opened: false,
      reason: 'sans la clé de chiffrement des clés (DIGIT_PERSONAL_DATA_KEK), les champs personnels restent scellés',
    };
  const found = await sql<{
    found: boolean;
  }>`select to_regclass(${`"${from.replace(/"/g, '""')}".subject_keys`}) is not null as found`.execute(db);
  if (!found.rows[0]?.found)
    return { opened: false, reason: `la base ne contient pas les clés des personnes (${from}) : les champs personnels restent scellés` };
  await sql`insert into ${sql.table(`${to}.subject_keys`)} (subject_id, key, created_at, erased_at)
    select subject_id, key, created_at, erased_at from ${sql.table(`${from}.subject_keys`)}`.execute(db);
  const counts = await sql<{
    keys: string;
    erased: string;
  }>`select count(key) as keys, count(erased_at) as erased from ${sql.table(`${to}.subject_keys`)}`.execute(db);
  return { opened: true, keys: Number(counts.rows[0]!.keys), erased: Number(counts.rows[0]!.erased) };
};

/** Every subscription of the services, so that the replay answers only once each has read the whole copy. */
const caughtUp = async (store: EventStore, subscriptions: readonly Subscription[]): Promise<void> => {
  const head = await store.headPosition();
  await Promise.all(subscriptions.map((subscription) => subscription.caughtUp(head)));
};

/**
 * Copies the history known at the instant into schemas of the replay's own (DATABASE_URL's
 * PostgreSQL, even for an archive), starts a private NATS server and the five services in
 * replay mode on them, and waits until every projection has read the whole copy. `stop` drops
 * the schemas and the server: nothing of a replay remains.
 */
export const startReplayedSystem = async (options: ReplayedSystemOptions): Promise<ReplayedSystem> => {
  const prefix = replayPrefix(options.livePrefix);
  const nats = await startPrivateNats();
  const stoppers: (() => Promise<void>)[] = [() => nats.stop()];
  const stop = async () => {
    for (const stopper of stoppers.reverse()) await stopper();
  };
  try {
    const infra = await openReplayInfra({
      databaseUrl: options.databaseUrl,
      schemaPrefix: prefix,
      natsUrl: nats.url,
      knownAt: parisInstant(options.knownAt.toISOString()),
      keyEncryptionKey: options.keyEncryptionKey,
    });
    stoppers.push(async () => {
      await dropSchemas(infra.db, prefix);
      await infra.close();
    });
    const personalData = await copyKeys(
      infra.db,
      schemaName({ schemaPrefix: options.livePrefix }, 'personal_data'),
      infra.schema('personal_data'),
      options.keyEncryptionKey,
    );
    if (personalData.opened) await infra.keyStore.assertOpensStoredKeys();
    const history = await copyHistory(options.source, infra.db, infra.store.schema, options.knownAt, options.signal);
    const conventions = await startConventionsService(infra);
    stoppers.push(() => conventions.stop());
    const privacy = await startPrivacyService(infra);
    stoppers.push(() => privacy.stop());
    const billing = await startBillingService(infra);
    stoppers.push(() => billing.stop());
    const dataExchange = await startDataExchangeService(infra);
    stoppers.push(() => dataExchange.stop());
    const support = await startSupportService(infra);
    stoppers.push(() => support.stop());
    await caughtUp(infra.store, [
      ...Object.values(conventions.readModels),
      ...Object.values(privacy.readModels),
      ...Object.values(billing.readModels),
      ...Object.values(dataExchange.readModels),
      ...Object.values(support.readModels),
    ]);
    return { infra, natsUrl: nats.url, history, personalData, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
