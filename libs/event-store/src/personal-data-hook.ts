import type { DomainEvent, StoredEvent } from '@digit/contracts';
import type { DatabaseTransaction } from './database.js';

/**
 * Crypto-shredding seam (ARCHITECTURE.md "The event store"): an optional hook that encrypts
 * the personal fields of events before they are hashed and stored, and decrypts them on read.
 * Because the hash covers the ciphertext, destroying a person's key later never breaks the
 * chain; fields whose key is gone read as erased. The store knows nothing of keys or fields:
 * `@digit/personal-data` implements this interface.
 */
export interface PersonalDataHook {
  /**
   * The event as it must be stored. Runs inside the append's transaction (after the version
   * check, before hashing), so a key created for it commits or rolls back with the events.
   */
  seal(event: DomainEvent, trx: DatabaseTransaction): Promise<DomainEvent>;
  /**
   * The stored event as readers see it, before upcasting. Must not throw for erased subjects.
   * Read in a transaction (`trx`), it sees the keys that transaction created.
   */
  open(event: StoredEvent, trx?: DatabaseTransaction): Promise<StoredEvent>;
}
