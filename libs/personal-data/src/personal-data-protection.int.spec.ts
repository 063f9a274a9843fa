import { sql } from 'kysely';
import { createEventStore, migrateEventStore, verifyHistory, type EventStore } from '@digit/event-store';
import { createTestDatabase, type TestDatabase } from '@digit/testing';
import { generateSubjectKey, isEncryptedField } from './field-envelope.js';
import { PERSONAL_DATA_FIELDS } from './personal-data-fields.js';
import {
  keyEncryptionKeyFromBase64,
  MissingDataSubjectError,
  openPersonalDataProtection,
  type PersonalDataProtection,
} from './personal-data-protection.js';
import { ERASED_TEXT, openSealedTexts } from './free-text.js';
import { ERASED } from './personal-data-seal.js';
import { SubjectErasedError } from './subject-key-store.js';

let database: TestDatabase;
let protection: PersonalDataProtection;
let store: EventStore;

beforeEach(async () => {
  database = await createTestDatabase();
  await migrateEventStore(database.db, database.schema('event_store'));
  protection = await openPersonalDataProtection({
    db: database.db,
    schema: database.schema('personal_data'),
    catalogue: PERSONAL_DATA_FIELDS,
    keyEncryptionKey: generateSubjectKey(),
  });
  store = createEventStore({ db: database.db, schema: database.schema('event_store'), personalData: protection.hook });
});
afterEach(() => database.drop());

const contactAssigned = (personId: string | undefined, name: string) => ({
  type: 'ContactAssigned',
  data: { role: 'gis', person: { personId, name, email: 'octave.villebrumier@example.fr' }, from: '2024-01-01' },
});

const rawData = async () =>
  (await sql<{ data: unknown }>`select data from ${sql.table(`${store.schema}.events`)} order by position`.execute(database.db)).rows.map(
    (row) => row.data,
  );

describe('personal data in the event store (R-GDPR-1 erasure, crypto-shredding)', () => {
  it("R-GDPR-1: the catalogue's fields are stored sealed, read in clear, and erased by destroying the key", async () => {
    await store.append('convention-92012', 'no_stream', [contactAssigned('c-4f1e', 'Octave Villebrumier')]);
    const [stored] = (await rawData()) as { person: Record<string, string> }[];
    expect(stored!.person.personId).toBe('c-4f1e');
    expect(isEncryptedField(stored!.person.name)).toBe(true);
    expect(JSON.stringify(stored)).not.toMatch(/Villebrumier|octave/i);
    expect((await store.readStream('convention-92012'))[0]!.data).toMatchObject({ person: { name: 'Octave Villebrumier' } });

    expect(await protection.keyStore.destroy('c-4f1e')).toBe(true);
    expect((await store.readStream('convention-92012'))[0]!.data).toEqual({
      role: 'gis',
      person: { personId: 'c-4f1e', name: ERASED, email: ERASED },
      from: '2024-01-01',
    });
    expect(await verifyHistory(store)).toMatchObject({ ok: true, eventsChecked: 1 });
  });

  it('R-GDPR-1: events of other types are stored as given', async () => {
    await store.append('convention-92012', 'no_stream', [
      { type: 'ConventionDrafted', data: { insee: '92012', name: 'Boulogne-Billancourt' } },
    ]);
    expect(await rawData()).toEqual([{ insee: '92012', name: 'Boulogne-Billancourt' }]);
  });

  it('R-GDPR-1: personal data without a subject id, or of an erased subject, is refused and nothing is stored', async () => {
    await expect(store.append('convention-92012', 'no_stream', [contactAssigned(undefined, 'Octave Villebrumier')])).rejects.toBeInstanceOf(
      MissingDataSubjectError,
    );
    await protection.keyStore.destroy('c-4f1e');
    await expect(store.append('convention-92012', 'no_stream', [contactAssigned('c-4f1e', 'Octave Villebrumier')])).rejects.toBeInstanceOf(
      SubjectErasedError,
    );
    expect(await store.headPosition()).toBe(0n);
  });

  it.each([['c2hvcnQ='], ['not base64 of 32 bytes']])('R-GDPR-1: a key-encryption key %p that is not 32 bytes is refused', (text) => {
    expect(() => keyEncryptionKeyFromBase64(text)).toThrow(RangeError);
    expect(keyEncryptionKeyFromBase64(undefined)).toBeUndefined();
  });

  it("issue 15: free text is sealed span by span under each person's key, stays sealed on read, and a contact named in it shares the contact's key", async () => {
    await store.append('convention-92012', 'no_stream', [contactAssigned('c-4f1e', 'Octave Villebrumier')]);
    const need = 'Rappeler Octave Villebrumier (octave.villebrumier@example.fr) et Jeanne Martin au 06 12 34 56 78, 12 rue de Sèvres.';
    await store.append('support-request-r1', 'no_stream', [
      { type: 'RequestReceived', data: { requestId: 'r1', need, context: 'Carte des travaux', targetUsers: 'Voirie' } },
    ]);
    const [, stored] = (await rawData()) as { need: string }[];
    expect(JSON.stringify(await rawData())).not.toMatch(/Villebrumier|octave|Jeanne|Martin|12 34 56|Sèvres/i);
    expect(stored!.need).toMatch(
      /^Rappeler ⟦name\|pd:v1:c-4f1e:[^⟧]+⟧ \(⟦email\|pd:v1:c-4f1e:[^⟧]+⟧\) et ⟦name\|pd:v1:p-[^⟧]+⟧ au ⟦phone\|pd:v1:p-[^⟧]+⟧, ⟦postal-address\|pd:v1:p-[^⟧]+⟧\.$/,
    );

    const [read] = await store.readStream('support-request-r1');
    expect((read!.data as { need: string }).need).toBe(stored!.need);
    expect(await openSealedTexts(read!.data, protection.keyStore)).toMatchObject({ need, context: 'Carte des travaux' });
    const jeanne = (await protection.personIndex.find({ name: 'MARTIN Jeanne' }))[0]!;
    expect(jeanne).toMatchObject({ kind: 'name', source: 'RequestReceived', subjectId: expect.stringMatching(/^p-/) });
    expect(await protection.personIndex.find({ email: 'Octave.Villebrumier@example.fr' })).toEqual([
      expect.objectContaining({ subjectId: 'c-4f1e', source: 'ContactAssigned' }),
      expect.objectContaining({ subjectId: 'c-4f1e', source: 'RequestReceived' }),
    ]);

    await protection.keyStore.destroy('c-4f1e');
    expect(
      (await openSealedTexts((await store.readStream('support-request-r1'))[0]!.data, protection.keyStore)) as { need: string },
    ).toMatchObject({
      need: `Rappeler ${ERASED_TEXT} (${ERASED_TEXT}) et Jeanne Martin au 06 12 34 56 78, 12 rue de Sèvres.`,
    });
    await protection.keyStore.destroy(jeanne.subjectId);
    expect(
      (await openSealedTexts((await store.readStream('support-request-r1'))[0]!.data, protection.keyStore)) as { need: string },
    ).toMatchObject({
      need: `Rappeler ${ERASED_TEXT} (${ERASED_TEXT}) et ${ERASED_TEXT} au ${ERASED_TEXT}, ${ERASED_TEXT}.`,
    });
    expect(await verifyHistory(store)).toMatchObject({ ok: true, eventsChecked: 2 });
  });
});
