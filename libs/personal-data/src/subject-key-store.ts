import { DomainError } from '@digit/contracts';
import { assertSubjectId, generateSubjectKey, type SubjectKey } from './field-envelope.js';

/**
 * The subject was erased: its key is gone for good and is never recreated. A domain error, so that
 * a command naming the person again is refused (409 `subject_erased`, nothing stored), never a
 * service's failure (issue 18, found by the HTTP fuzz suite).
 */
export class SubjectErasedError extends DomainError {
  readonly name = 'SubjectErasedError';
  constructor(readonly subjectId: string) {
    super(
      'conflict',
      'subject_erased',
      `Les données de la personne « ${subjectId} » ont été effacées (droit à l’effacement) : enregistrez-la sous un nouvel identifiant.`,
    );
  }
}

/**
 * Where subject keys live (PostgreSQL in production, memory in unit tests).
 * Destruction is permanent and remembered: envelopes carry no key version, so a recreated key
 * would make old envelopes fail authentication instead of reading as erased.
 */
export interface SubjectKeyStore {
  /** The subject's key, or undefined when it never had one or was erased. */
  get(subjectId: string): Promise<SubjectKey | undefined>;
  /** The subject's key, created on first use; throws SubjectErasedError once destroyed. */
  create(subjectId: string): Promise<SubjectKey>;
  /** Destroys the key for good (erasure); true when a key was destroyed, false if none was left. */
  destroy(subjectId: string): Promise<boolean>;
  /** Whether the subject was erased (a key never seen here, e.g. a replay without the keys, was not). */
  isErased(subjectId: string): Promise<boolean>;
}

export class InMemorySubjectKeyStore implements SubjectKeyStore {
  private readonly keys = new Map<string, Buffer>();
  private readonly erased = new Set<string>();

  async get(subjectId: string): Promise<SubjectKey | undefined> {
    const key = this.keys.get(subjectId);
    return key ? Buffer.from(key) : undefined;
  }

  async create(subjectId: string): Promise<SubjectKey> {
    assertSubjectId(subjectId);
    if (this.erased.has(subjectId)) throw new SubjectErasedError(subjectId);
    let key = this.keys.get(subjectId);
    if (!key) {
      key = Buffer.from(generateSubjectKey());
      this.keys.set(subjectId, key);
    }
    return Buffer.from(key);
  }

  async isErased(subjectId: string): Promise<boolean> {
    return this.erased.has(subjectId);
  }

  async destroy(subjectId: string): Promise<boolean> {
    const key = this.keys.get(subjectId);
    this.erased.add(subjectId);
    if (!key) return false;
    key.fill(0);
    this.keys.delete(subjectId);
    return true;
  }
}
