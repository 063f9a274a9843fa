import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Field-level encryption for crypto-shredding (ARCHITECTURE.md "The event store"):
 * each data subject has its own AES-256-GCM key; destroying the key erases every field
 * sealed with it while the events (and their hash chain) stay untouched.
 *
 * Envelope: `pd:v1:<subjectId>:<iv base64>:<tag base64>:<ciphertext base64>`.
 * The subject id travels in clear so that a reader knows which key to ask for; it is also
 * bound as additional authenticated data, so an envelope moved to another subject fails.
 */
export type SubjectKey = Uint8Array;

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = 'pd:v1:';
const SUBJECT_ID = /^[A-Za-z0-9._-]{1,200}$/;
const ENVELOPE = /^pd:v1:([A-Za-z0-9._-]{1,200}):([A-Za-z0-9+/]{16}):([A-Za-z0-9+/]{22}==):([A-Za-z0-9+/]*={0,2})$/;

/** The envelope was altered, or was sealed with another key: never read as plaintext. */
export class PersonalDataIntegrityError extends Error {
  override readonly name = 'PersonalDataIntegrityError';
}

export const generateSubjectKey = (): SubjectKey => randomBytes(KEY_BYTES);

const assertKey = (key: SubjectKey): void => {
  if (key.length !== KEY_BYTES) throw new RangeError(`a subject key has ${KEY_BYTES} bytes, got ${key.length}`);
};

export const assertSubjectId = (subjectId: string): void => {
  if (!SUBJECT_ID.test(subjectId)) {
    throw new RangeError(`subject id must match ${SUBJECT_ID.source}, got "${subjectId}"`);
  }
};

const aadOf = (subjectId: string): Buffer => Buffer.from(`${PREFIX}${subjectId}`, 'utf8');

/** Encrypts one field for one subject; a fresh random IV every time. */
export const encryptField = (plaintext: string, key: SubjectKey, subjectId: string): string => {
  assertKey(key);
  assertSubjectId(subjectId);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadOf(subjectId));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${PREFIX}${subjectId}:${iv.toString('base64')}:${tag.toString('base64')}:${ciphertext.toString('base64')}`;
};

export const isEncryptedField = (value: unknown): value is string => typeof value === 'string' && ENVELOPE.test(value);

/** The subject whose key opens this envelope. */
export const subjectIdOf = (envelope: string): string => {
  const match = ENVELOPE.exec(envelope);
  if (!match) throw new PersonalDataIntegrityError('not a personal-data envelope');
  return match[1]!;
};

/** Decrypts an envelope; throws PersonalDataIntegrityError when GCM authentication fails. */
export const decryptField = (envelope: string, key: SubjectKey): string => {
  assertKey(key);
  const match = ENVELOPE.exec(envelope);
  if (!match) throw new PersonalDataIntegrityError('not a personal-data envelope');
  const [, subjectId, iv, tag, ciphertext] = match as unknown as [string, string, string, string, string];
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAAD(aadOf(subjectId));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new PersonalDataIntegrityError(`personal data of subject ${subjectId} failed authentication`, { cause });
  }
};
