import {
  decryptField,
  encryptField,
  generateSubjectKey,
  isEncryptedField,
  PersonalDataIntegrityError,
  subjectIdOf,
} from './field-envelope.js';

const PLAINTEXT = 'Jeanne Dupont, 12 rue de Sèvres, jeanne.dupont@example.fr';

/** Replaces one base64 part of an envelope with the same bytes, one bit flipped. */
const flipBit = (envelope: string, part: 3 | 4 | 5): string => {
  const parts = envelope.split(':');
  const bytes = Buffer.from(parts[part]!, 'base64');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[part] = bytes.toString('base64');
  return parts.join(':');
};

describe('field envelope (AES-256-GCM per data subject)', () => {
  it('R-GDPR-1 erasure (RGPD art. 17): a field round-trips through its compact envelope', () => {
    const key = generateSubjectKey();
    const envelope = encryptField(PLAINTEXT, key, 'subject-1');
    expect(envelope).toMatch(/^pd:v1:subject-1:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/]{22}==:[A-Za-z0-9+/=]+$/);
    expect(isEncryptedField(envelope)).toBe(true);
    expect(subjectIdOf(envelope)).toBe('subject-1');
    expect(decryptField(envelope, key)).toBe(PLAINTEXT);
  });

  it('R-GDPR-1 erasure (RGPD art. 17): the ciphertext never contains the plaintext, nor its base64', () => {
    const key = generateSubjectKey();
    const envelope = encryptField(PLAINTEXT, key, 'subject-1');
    for (const fragment of ['Dupont', 'jeanne.dupont@example.fr', Buffer.from(PLAINTEXT).toString('base64').slice(0, 12)]) {
      expect(envelope).not.toContain(fragment);
    }
  });

  it('R-GDPR-1 erasure (RGPD art. 17): the same plaintext encrypts differently every time (fresh IV)', () => {
    const key = generateSubjectKey();
    expect(encryptField('x', key, 's')).not.toBe(encryptField('x', key, 's'));
  });

  it('R-GDPR-1 erasure (RGPD art. 17): an empty string is a valid field', () => {
    const key = generateSubjectKey();
    expect(decryptField(encryptField('', key, 's'), key)).toBe('');
  });

  it.each([
    ['initialisation vector', 3],
    ['authentication tag', 4],
    ['ciphertext', 5],
  ] as const)('R-GDPR-1 erasure (RGPD art. 17): tampering with the %s fails authentication, never yields plaintext', (_, part) => {
    const key = generateSubjectKey();
    const tampered = flipBit(encryptField(PLAINTEXT, key, 'subject-1'), part);
    expect(() => decryptField(tampered, key)).toThrow(PersonalDataIntegrityError);
  });

  it('R-GDPR-1 erasure (RGPD art. 17): an envelope moved to another subject fails (subject bound as AAD)', () => {
    const key = generateSubjectKey();
    const moved = encryptField(PLAINTEXT, key, 'subject-1').replace('pd:v1:subject-1:', 'pd:v1:subject-2:');
    expect(() => decryptField(moved, key)).toThrow(PersonalDataIntegrityError);
  });

  it('R-GDPR-1 erasure (RGPD art. 17): another key cannot open the envelope', () => {
    const envelope = encryptField(PLAINTEXT, generateSubjectKey(), 'subject-1');
    expect(() => decryptField(envelope, generateSubjectKey())).toThrow(PersonalDataIntegrityError);
  });

  it.each([['plain text'], ['pd:v1:s:short:tag:ct'], [42], [null]])('R-GDPR-1 erasure (RGPD art. 17): %p is not an envelope', (value) => {
    expect(isEncryptedField(value)).toBe(false);
  });

  it.each([['has:colon'], [''], ['a b']])(
    'R-GDPR-1 erasure (RGPD art. 17): subject id %p is refused (it would break the envelope)',
    (subjectId) => {
      expect(() => encryptField('x', generateSubjectKey(), subjectId)).toThrow(RangeError);
    },
  );

  it('R-GDPR-1 erasure (RGPD art. 17): a key of the wrong size is refused', () => {
    expect(() => encryptField('x', new Uint8Array(16), 's')).toThrow(RangeError);
  });
});
