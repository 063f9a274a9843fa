export {
  generateSubjectKey,
  encryptField,
  decryptField,
  isEncryptedField,
  subjectIdOf,
  PersonalDataIntegrityError,
} from './field-envelope.js';
export type { SubjectKey } from './field-envelope.js';
export { InMemorySubjectKeyStore, SubjectErasedError } from './subject-key-store.js';
export type { SubjectKeyStore } from './subject-key-store.js';
export { ERASED, isErased, sealPersonalData, openPersonalData } from './personal-data-seal.js';
export { migrateSubjectKeys, PostgresSubjectKeyStore, WrongKeyEncryptionKeyError } from './postgres-subject-key-store.js';
export { FREE_OF_PERSONAL_DATA, FREE_OF_PERSONAL_DATA_BY_NAME, PERSONAL_DATA_FIELDS } from './personal-data-fields.js';
export type { PersonalDataCatalogue, PersonalDataFieldsOfEvent } from './personal-data-fields.js';
export {
  keyEncryptionKeyFromBase64,
  MissingDataSubjectError,
  openPersonalDataProtection,
  personalDataHook,
} from './personal-data-protection.js';
export type { PersonalDataProtection } from './personal-data-protection.js';
export {
  migratePersonIndex,
  normalizeEmail,
  normalizeName,
  normalizePhone,
  PERSON_IDENTIFIER_KINDS,
  PersonIndex,
  personIndexHashOf,
  personIndexKeyOf,
} from './person-index.js';
export type { PersonIdentifierKind, PersonIdentifiers, PersonIndexMatch } from './person-index.js';
export {
  ERASED_TEXT,
  findPersonalSpans,
  holdsSealedSpans,
  openFreeText,
  openSealedTexts,
  personsIn,
  sealedSpanKinds,
  sealFreeText,
} from './free-text.js';
export type { PersonalSpan, PersonalSpanKind, PersonMention } from './free-text.js';
export {
  CIVILITY_NAME_PATTERN,
  EMAIL_PATTERN,
  foldFrench,
  FRENCH_FIRST_NAMES,
  FRENCH_PHONE_PATTERN,
  PLACE_WORDS,
  STREET_ADDRESS_PATTERN,
} from './personal-data-patterns.js';
