import { encryptField, generateSubjectKey, isEncryptedField, PersonalDataIntegrityError } from './field-envelope.js';
import { ERASED, isErased, openPersonalData, sealPersonalData } from './personal-data-seal.js';
import { InMemorySubjectKeyStore, SubjectErasedError } from './subject-key-store.js';

const request = {
  requestId: 'req-1',
  insee: '92012',
  requester: { name: 'Jeanne Dupont', email: 'jeanne.dupont@example.fr', phone: null },
  people: [
    { name: 'Paul Martin', role: 'témoin' },
    { name: 'Lina Haddad', role: 'voisine' },
  ],
  cadastralParcel: { id: '92012000AB0123', ownerBirthYear: 1961 },
};

const PATHS = ['requester.name', 'requester.email', 'requester.phone', 'people.*.name', 'cadastralParcel.ownerBirthYear', 'absent.field'];

describe('sealPersonalData / openPersonalData (crypto-shredding)', () => {
  it('R-GDPR-1 erasure (RGPD art. 17): sealed paths are envelopes, other fields stay readable, input untouched', async () => {
    const store = new InMemorySubjectKeyStore();
    const sealed = await sealPersonalData(request, PATHS, 'person-1', store);
    expect(isEncryptedField(sealed.requester.name)).toBe(true);
    expect(isEncryptedField(sealed.requester.email)).toBe(true);
    expect(sealed.requester.phone).toBeNull();
    expect(sealed.people.every((person) => isEncryptedField(person.name))).toBe(true);
    expect(sealed.people.map((person) => person.role)).toEqual(['témoin', 'voisine']);
    expect(isEncryptedField(sealed.cadastralParcel.ownerBirthYear)).toBe(true);
    expect(sealed.cadastralParcel.id).toBe('92012000AB0123');
    expect(request.requester.name).toBe('Jeanne Dupont');
    const serialised = JSON.stringify(sealed);
    for (const plaintext of ['Jeanne', 'Dupont', 'jeanne.dupont', 'Paul Martin', 'Haddad', '1961']) {
      expect(serialised).not.toContain(plaintext);
    }
  });

  it('R-GDPR-1 erasure (RGPD art. 17): opening restores the original data, types included', async () => {
    const store = new InMemorySubjectKeyStore();
    const sealed = await sealPersonalData(request, PATHS, 'person-1', store);
    expect(await openPersonalData(sealed, store)).toEqual(request);
  });

  it('R-GDPR-1 erasure (RGPD art. 17): after the key is destroyed, sealed fields read as ERASED and nothing throws', async () => {
    const store = new InMemorySubjectKeyStore();
    const sealed = await sealPersonalData(request, PATHS, 'person-1', store);
    expect(await store.destroy('person-1')).toBe(true);
    const opened = await openPersonalData(sealed, store);
    expect(opened.requester.name).toBe(ERASED);
    expect(isErased(opened.people[1]!.name)).toBe(true);
    expect(opened.cadastralParcel).toEqual({ id: '92012000AB0123', ownerBirthYear: ERASED });
    expect(opened.requestId).toBe('req-1');
  });

  it('R-GDPR-1 erasure (RGPD art. 17): erasing one subject leaves another subject readable', async () => {
    const store = new InMemorySubjectKeyStore();
    const first = await sealPersonalData({ a: 'Jeanne' }, ['a'], 'person-1', store);
    const second = await sealPersonalData({ ...first, b: 'Paul' }, ['b'], 'person-2', store);
    await store.destroy('person-1');
    expect(await openPersonalData(second, store)).toEqual({ a: ERASED, b: 'Paul' });
  });

  it('R-GDPR-1 erasure (RGPD art. 17): an erased subject never gets a key again', async () => {
    const store = new InMemorySubjectKeyStore();
    await store.create('person-1');
    await store.destroy('person-1');
    await expect(store.create('person-1')).rejects.toBeInstanceOf(SubjectErasedError);
    await expect(sealPersonalData({ a: 'x' }, ['a'], 'person-1', store)).rejects.toBeInstanceOf(SubjectErasedError);
    expect(await store.destroy('person-1')).toBe(false);
  });

  it('R-GDPR-1 erasure (RGPD art. 17): sealing is idempotent and creates no key when nothing is sealed', async () => {
    const store = new InMemorySubjectKeyStore();
    expect(await sealPersonalData({ a: null }, ['a', 'b.c'], 'person-1', store)).toEqual({ a: null });
    expect(await store.get('person-1')).toBeUndefined();
    const once = await sealPersonalData({ a: 'x' }, ['a'], 'person-1', store);
    expect(await sealPersonalData(once, ['a'], 'person-1', store)).toEqual(once);
  });

  it('R-GDPR-1 erasure (RGPD art. 17): a tampered envelope is an integrity error, not plaintext and not ERASED', async () => {
    const store = new InMemorySubjectKeyStore();
    const sealed = await sealPersonalData({ a: 'Jeanne Dupont' }, ['a'], 'person-1', store);
    const parts = sealed.a.split(':');
    const ciphertext = Buffer.from(parts[5]!, 'base64');
    ciphertext[0] = ciphertext[0]! ^ 0xff;
    parts[5] = ciphertext.toString('base64');
    await expect(openPersonalData({ a: parts.join(':') }, store)).rejects.toBeInstanceOf(PersonalDataIntegrityError);
  });

  it('R-GDPR-1 erasure (RGPD art. 17): an envelope that is not sealed JSON is an integrity error', async () => {
    const store = new InMemorySubjectKeyStore();
    const key = await store.create('person-1');
    await expect(openPersonalData({ a: encryptField('not json', key, 'person-1') }, store)).rejects.toBeInstanceOf(
      PersonalDataIntegrityError,
    );
  });

  it('R-GDPR-1 erasure (RGPD art. 17): the in-memory store hands out copies, so callers cannot corrupt a key', async () => {
    const store = new InMemorySubjectKeyStore();
    const key = await store.create('person-1');
    key.fill(0);
    expect(Buffer.from((await store.get('person-1'))!).equals(Buffer.alloc(32))).toBe(false);
    expect(generateSubjectKey()).toHaveLength(32);
  });
});
