import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@digit/testing';
import { generateSubjectKey } from './field-envelope.js';
import { PersonIndex, personIndexHashOf } from './person-index.js';
import { migrateSubjectKeys, PostgresSubjectKeyStore } from './postgres-subject-key-store.js';

let database: TestDatabase;
let index: PersonIndex;
let keys: PostgresSubjectKeyStore;
const kek = generateSubjectKey();

beforeEach(async () => {
  database = await createTestDatabase();
  await migrateSubjectKeys(database.db, database.schema('personal_data'));
  index = new PersonIndex(database.db, database.schema('personal_data'), kek);
  keys = new PostgresSubjectKeyStore(database.db, database.schema('personal_data'), kek);
});
afterEach(() => database.drop());

describe('person index (issue 15: one person, one key, found by e-mail, phone or name)', () => {
  it('issue 15: the same person found twice, by any identifier, shares one subject; another person gets another', async () => {
    const first = await database.db
      .transaction()
      .execute((trx) => index.within(trx).subjectFor({ name: 'Marie-Hélène Dupont', email: 'mh.dupont@example.fr' }, 'ContactAssigned'));
    const again = await index.subjectFor({ phone: '06 12 34 56 78', email: ' MH.Dupont@example.fr' }, 'RequestReceived');
    const byName = await index.subjectFor({ name: 'DUPONT Marie Helene' }, 'RequestReplied');
    const other = await index.subjectFor({ name: 'Paul Girard' }, 'RequestReceived');
    expect(first).toMatch(/^p-[0-9a-f-]{36}$/);
    expect(again).toBe(first);
    expect(byName).toBe(first);
    expect(other).not.toBe(first);
    expect(await index.subjectFor({}, 'RequestReceived')).toBeUndefined();

    const found = await index.find({ phone: '+33612345678' });
    expect(found).toEqual([{ subjectId: first, kind: 'phone', source: 'RequestReceived', firstSeen: expect.any(Date) }]);
    expect((await index.find({ name: 'marie helene dupont' })).map(({ source }) => source).sort()).toEqual([
      'ContactAssigned',
      'RequestReplied',
    ]);
    const hash = personIndexHashOf('email', 'mh.dupont@example.fr', kek)!;
    expect((await index.findHashes([{ kind: 'email', hash }])).map(({ source }) => source)).toEqual(['ContactAssigned', 'RequestReceived']);
    expect((await index.entriesOf(first!)).length).toBe(5);
  });

  it('issue 15: nothing in clear in the table: keyed hashes, kinds, opaque subjects, event types', async () => {
    await index.subjectFor({ name: 'Marie Dupont', email: 'marie.dupont@example.fr', phone: '06 12 34 56 78' }, 'RequestReceived');
    const { rows } = await sql`select * from ${sql.table(`${database.schema('personal_data')}.person_index`)}`.execute(database.db);
    expect(rows).toHaveLength(3);
    expect(JSON.stringify(rows)).not.toMatch(/dupont|marie|612345678|example/i);
  });

  it('issue 15: two appends naming the same new person at once share one subject (a lock per identifier)', async () => {
    const subjectIn = (trx: Parameters<PersonIndex['within']>[0]) =>
      index.within(trx).subjectFor({ email: 'jeanne.martin@example.fr' }, 'RequestReceived');
    let second: Promise<string | undefined> | undefined;
    const first = await database.db.transaction().execute(async (trx) => {
      const subject = await subjectIn(trx);
      // The other append starts while this one has not committed yet.
      second = database.db.transaction().execute(subjectIn);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return subject;
    });
    expect(await second).toBe(first);
  });

  it('issue 15: an erased subject is not reused: the person, seen again, starts a new subject', async () => {
    const erased = await index.subjectFor({ email: 'jeanne.martin@example.fr' }, 'RequestReceived');
    await keys.create(erased!);
    await keys.destroy(erased!);
    const fresh = await index.subjectFor({ email: 'jeanne.martin@example.fr' }, 'RequestReceived');
    expect(fresh).not.toBe(erased);
  });

  it("issue 15: a name seen before is known again, however written; an erased person's is not", async () => {
    const subject = await index.subjectFor({ name: 'Hortense Quillebeuf', email: 'h.q@example.fr' }, 'RequestReceived');
    expect(await index.knownNames(['QUILLEBEUF Hortense', 'Hortense Quillebeuf est', 'Paul Girard'])).toEqual(
      new Set(['QUILLEBEUF Hortense']),
    );
    await keys.create(subject!);
    await keys.destroy(subject!);
    expect(await index.knownNames(['QUILLEBEUF Hortense'])).toEqual(new Set());
  });
});
