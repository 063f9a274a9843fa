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
