import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { chainHash, createEventStore, eventHash, GENESIS_HASH, migrateEventStore, type EventStore } from '@digit/event-store';
import { isDomainError } from '@digit/contracts';
import { Kvm } from '@nats-io/kv';
import {
  createSealAnchorer,
  loadSigningKey,
  SEAL_BUCKET,
  sealConfigFromEnv,
  sealPublicKeyFromPem,
  signSeal,
  type SealSigningKey,
  type SignedSeal,
} from '@digit/history-seal';
import { busFromConnection } from '@digit/messaging';
import { allowHistoryRewrite, createTestDatabase, createTestNats, freePort, type TestDatabase, type TestNats } from '@digit/testing';
import { conventionDecider } from '@digit/conventions-service/domain';

const run = promisify(execFile);
let database: TestDatabase;
let nats: TestNats;
let store: EventStore;
let dataDir: string;

beforeEach(async () => {
  database = await createTestDatabase();
  nats = await createTestNats();
  dataDir = await mkdtemp(join(tmpdir(), 'digit-audit-'));
  await migrateEventStore(database.db, database.schema('event_store'));
  store = createEventStore({ db: database.db, schema: database.schema('event_store') });
  for (const insee of ['92012', '92022'] as const) {
    const drafted = conventionDecider.decide(
      {
        type: 'DraftConvention',
        insee,
        draftedOn: '2023-12-01',
        plannedEntryIntoForce: '2024-01-01',
        tacitRenewals: 3,
        sizing: { sigOption: 1, resourcesShare: '0.077', structureShare: '0.077' },
      },
      conventionDecider.initialState,
    );
    if (isDomainError(drafted)) throw new Error(drafted.message);
    await store.append(`convention-${insee}`, 'no_stream', drafted);
  }
});
afterEach(async () => {
  await nats.close();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The real command, as an auditor types it (built by the jest global setup), on this test's database, NATS and data folder. */
const audit = (...args: string[]) => auditWith({}, ...args);

const auditWith = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  run(process.execPath, ['tools/audit/dist/main.js', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      DIGIT_SCHEMA_PREFIX: database.prefix,
      NATS_URL: nats.url,
      DIGIT_NATS_NAMESPACE: nats.namespace,
      DIGIT_DATA_DIR: dataDir,
      ...env,
    },
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );

describe('npm run audit -- verify (CONTRACT.md auditors)', () => {
  it('exits 0 on an intact history and prints the head seal', async () => {
    const result = await audit('verify');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Historique intègre : 2 événement(s) vérifié(s).');
    expect(result.stdout).toMatch(/--seal \d+:[0-9a-f]{64}/);
  });

  it('exits 1 naming the first bad position after a row is altered by hand in SQL', async () => {
    const first = await sql<{
      position: string;
    }>`select min(position) as position from ${sql.table(`${database.schema('event_store')}.events`)}`.execute(database.db);
    const position = first.rows[0]!.position;
    await allowHistoryRewrite(database.db, database.schema('event_store'));
    await sql`update ${sql.table(`${database.schema('event_store')}.events`)} set data = '{"insee":"92040"}' where position = ${position}`.execute(
      database.db,
    );
    const result = await audit('verify');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`première position en défaut ${position}`);
  });

  it('refuses a malformed seal and an unknown command with usage (exit 2)', async () => {
    expect((await audit('verify', '--seal', 'nonsense')).code).toBe(2);
    expect((await audit('frobnicate')).code).toBe(2);
  });
});

describe('npm run audit -- replay --as-of (CONTRACT.md auditors, issue 14)', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON Lines of every shape the services answer
  const linesOf = (stdout: string): any[] =>
    stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
  const conventionOf = (lines: { message?: string; request?: { insee?: string } }[], insee: string) =>
    lines.find((line) => line.message === 'convention' && line.request?.insee === insee);

  it('prints, as JSON Lines, what each service answers from the history recorded by the instant', async () => {
    const now = await audit('replay', '--as-of', new Date(Date.now() + 60_000).toISOString());
    expect(now.code).toBe(0);
    const lines = linesOf(now.stdout);
    expect(lines[0]).toMatchObject({ replay: 'digit-replay/1', history: { events: 2, lastPosition: '2' }, scope: { insee: null } });
    expect(conventionOf(lines, '92012')).toMatchObject({
      service: 'conventions',
      answer: { insee: '92012', status: 'draft', sigOption: 1 },
    });
    expect(conventionOf(lines, '92040')).toMatchObject({ refusal: { status: 404, error: { error: 'no_convention' } } });
    expect(lines.at(-1)).toEqual({ end: { answers: expect.any(Number), refusals: expect.any(Number), failures: 0 } });
    const before = linesOf((await audit('replay', '--as-of', '2020-01-01')).stdout);
    expect(before[0]).toMatchObject({ history: { events: 0, lastPosition: null, firstAfter: { position: '1' } } });
    expect(conventionOf(before, '92012')).toMatchObject({ refusal: { status: 404 } });
  }, 60_000);

  it('refuses a missing or impossible date and a town outside GPSO (exit 2)', async () => {
    expect((await audit('replay')).code).toBe(2);
    expect((await audit('replay', '--as-of', '2024-02-30')).code).toBe(2);
    expect((await audit('replay', '--as-of', '2024-02-01', '--insee', '75056')).code).toBe(2);
  });

  it('refuses a history that does not verify: exit 1 naming the first bad position', async () => {
    await allowHistoryRewrite(database.db, database.schema('event_store'));
    await sql`update ${sql.table(`${database.schema('event_store')}.events`)} set data = '{"insee":"92040"}' where position = 2`.execute(
      database.db,
    );
    const result = await audit('replay', '--as-of', new Date(Date.now() + 60_000).toISOString());
    expect(result).toEqual({ code: 1, stdout: expect.stringContaining('première position en défaut 2') });
  });
});

/** What the gateway's anchorer does every minute: sign the head, anchor it in the file and the bucket. */
const anchor = async (): Promise<SignedSeal> => {
  const bus = await busFromConnection(nats.nc, nats.namespace);
  const outcome = await (
    await createSealAnchorer({ store, bus, config: sealConfigFromEnv({ DIGIT_DATA_DIR: dataDir }), log: () => undefined })
  ).anchor();
  if (outcome.status !== 'anchored') throw new Error(`anchoring: ${outcome.status}`);
  return outcome.seal;
};

const keyPair = (): SealSigningKey => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { ...sealPublicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()), privateKey };
};

const events = () => sql.table(`${database.schema('event_store')}.events`);

/** As the database superuser would, past any trigger that forbids changing the events table (issue 18's attacker). */
const superuser = (statements: (trx: TestDatabase['db']) => Promise<void>) =>
  database.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await statements(trx as unknown as TestDatabase['db']);
  });

/** Changes one event's data and recomputes every hash after it with the project's own functions. */
const rewriteWithRecomputedHashes = async (position: string, data: unknown) =>
  superuser(async (trx) => {
    const { rows } = await sql<{
      position: string;
      event_id: string;
      stream_id: string;
      stream_version: number;
      type: string;
      schema_version: number;
      data: unknown;
      metadata: unknown;
      recorded_at: Date;
    }>`
      select * from ${events()} order by position`.execute(trx);
    const heads = new Map<string, string>();
    let chain = GENESIS_HASH;
    for (const row of rows) {
      const fields = {
        eventId: row.event_id,
        streamId: row.stream_id,
        streamVersion: row.stream_version,
        type: row.type,
        schemaVersion: row.schema_version,
        data: row.position === position ? data : row.data,
        metadata: row.metadata,
        recordedAt: row.recorded_at,
      };
      const hash = eventHash(heads.get(row.stream_id) ?? GENESIS_HASH, fields);
      heads.set(row.stream_id, hash);
      chain = chainHash(chain, hash);
      await sql`update ${events()} set data = ${JSON.stringify(fields.data)}::jsonb, hash = ${hash}, chain_hash = ${chain} where position = ${row.position}`.execute(
        trx,
      );
    }
  });

const gdprLogEntry = async () => {
  await store.append('privacy-log-92012', 'no_stream', [
    {
      type: 'PersonalDataChecked',
      data: { checkId: 'k-1', insee: '92012', outcome: 'refused', reasons: ['traitement non inscrit au registre'] },
    },
  ]);
  await store.append('convention-92012', 1, [{ type: 'ConventionSigned', data: { on: '2023-12-07' } }]);
  const { rows } = await sql<{ position: string }>`select position from ${events()} where stream_id = 'privacy-log-92012'`.execute(
    database.db,
  );
  return rows[0]!.position;
};

describe('npm run audit -- verify against the anchored signed seal (R-SEC-5, CONTRACT.md v1.1)', () => {
  it('R-SEC-5: exits 0 and names the anchored seal the chain reached', async () => {
    const sealed = await anchor();
    const result = await audit('verify');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Dernier sceau ancré signé, atteint par la chaîne : position ${sealed.position}`);
    expect(result.stdout).toContain(`clé ${sealed.keyId}`);
  });

  it('R-SEC-5: the last event deleted by the superuser: exit 1 naming its position, with no seal given by hand', async () => {
    const sealed = await anchor();
    await superuser(async (trx) => void (await sql`delete from ${events()} where position = ${sealed.position}`.execute(trx)));
    const result = await audit('verify');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`première position en défaut ${sealed.position}`);
    expect(result.stdout).toContain('fin supprimée');
  });

  it("R-SEC-5: a GDPR log entry changed and the chain recomputed with the project's own hash functions: exit 1 naming the sealed position", async () => {
    const entry = await gdprLogEntry();
    const sealed = await anchor();
    await rewriteWithRecomputedHashes(entry, { checkId: 'k-1', insee: '92012', outcome: 'allowed', reasons: [] });
    const result = await audit('verify');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`première position en défaut ${sealed.position}`);
    expect(result.stdout).toContain('historique réécrit');
  });

  it.each([
    ['signed by another key', 'la signature du sceau du bucket NATS est invalide', async () => keyPair()],
    [
      "signed by the key but for another chain hash than the file's",
      'les deux ancres scellent la position',
      () => loadSigningKey(sealConfigFromEnv({ DIGIT_DATA_DIR: dataDir })),
    ],
  ])('R-SEC-5: a seal in the bucket %s fails the verification (exit 1)', async (_, message, signer) => {
    const sealed = await anchor();
    const bus = await busFromConnection(nats.nc, nats.namespace);
    const kv = await new Kvm(bus.js).open(bus.streamName(SEAL_BUCKET));
    const forged = signSeal(await signer(), {
      history: sealed.history,
      seal: { position: BigInt(sealed.position), chainHash: 'c'.repeat(64) },
      sealedAt: new Date(),
    });
    await kv.put(`history.${sealed.history}`, JSON.stringify(forged));
    const result = await audit('verify');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(message);
  });

  it('R-SEC-5: with NATS out of reach, checks against the file anchor and says so', async () => {
    const sealed = await anchor();
    const result = await auditWith({ NATS_URL: `nats://127.0.0.1:${await freePort()}` }, 'verify');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('bucket NATS non consulté');
    expect(result.stdout).toContain(`position ${sealed.position}`);
  });
});

describe('npm run audit -- export / verify --archive (issue 14, CONTRACT.md v1.1)', () => {
  it('exports, and the archive copied elsewhere verifies with no database and no server (exit 0); a byte changed in an event gives exit 1 with its position', async () => {
    const entry = await gdprLogEntry();
    const sealed = await anchor();
    const file = join(dataDir, 'historique.tar.gz');
    const exported = await audit('export', '--out', file);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('Archive écrite');
    expect(exported.stdout).toContain(`Sceau ancré signé inclus : position ${sealed.position}`);
    expect(exported.stdout).not.toContain('\r');
    const elsewhere = await mkdtemp(join(tmpdir(), 'digit-auditor-'));
    try {
      const copy = join(elsewhere, 'historique.tar.gz');
      await copyFile(file, copy);
      const offline = {
        DATABASE_URL: undefined,
        NATS_URL: `nats://127.0.0.1:${await freePort()}`,
        DIGIT_DATA_DIR: elsewhere,
        DIGIT_SCHEMA_PREFIX: undefined,
      };
      const intact = await auditWith(offline, 'verify', '--archive', copy);
      expect(intact).toMatchObject({ code: 0, stdout: expect.stringContaining('Archive intègre : 4 événement(s) vérifié(s)') });
      expect(intact.stdout).toContain(`Sceau ancré signé vérifié : position ${sealed.position}`);
      // Same length, so the tar stays well formed: only the hashes can tell.
      const tar = gunzipSync(await readFile(copy))
        .toString('latin1')
        .replace('"outcome":"refused"', '"outcome":"allowed"');
      await writeFile(copy, gzipSync(Buffer.from(tar, 'latin1')));
      const altered = await auditWith(offline, 'verify', '--archive', copy);
      expect(altered.code).toBe(1);
      expect(altered.stdout).toContain(`Archive altérée : première position en défaut ${entry}`);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('draws a progress bar only when stdout is a terminal', async () => {
    const file = join(dataDir, 'historique.tar.gz');
    const command = `${process.execPath} tools/audit/dist/main.js export --out ${file}`;
    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      DIGIT_SCHEMA_PREFIX: database.prefix,
      NATS_URL: nats.url,
      DIGIT_NATS_NAMESPACE: nats.namespace,
      DIGIT_DATA_DIR: dataDir,
    };
    const onTerminal = await run('script', ['-qec', command, '/dev/null'], { env });
    expect(onTerminal.stdout).toMatch(/Export \|.*\| 100 % \| 2\/2 événements/);
  });

  it('refuses a missing --out or an impossible --from with usage (exit 2)', async () => {
    expect((await audit('export')).code).toBe(2);
    expect((await audit('export', '--out', join(dataDir, 'a.tar.gz'), '--from', '2024-02-30')).code).toBe(2);
  });
});
