import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { DOMAIN_EVENTS_STREAM, domainEventSubject } from '@digit/contracts';
import { jsonText, readCheckpoint, schemaDb, type DatabaseTransaction, type EventStore } from '@digit/event-store';
import { migrateProcessedMessages, processOnce, startDurableConsumer } from '@digit/messaging';
import { ERASED } from '@digit/personal-data';
import type { ServiceInfra } from '@digit/runtime';
import type { ConventionsTables } from './conventions.tables.js';

/** The privacy service's fact: a person's key is destroyed (R-GDPR-1, RGPD art. 17). */
export const PERSONAL_DATA_ERASED = domainEventSubject('privacy', 'PersonalDataErased');
const STATES_PROJECTION = 'conventions:convention_states';
const PERSON_FIELDS = ['name', 'email', 'phone'] as const;

/**
 * Blanks, in every convention state, the contact fields of the erased person, exactly as a
 * replay would read them (sealed fields present read as ERASED; personId and roles stay, so the
 * history of who held which role when keeps its shape, R-CON-8).
 */
export const eraseContactInConventionStates = async (trx: DatabaseTransaction, schema: string, subjectId: string): Promise<number> => {
  const db = schemaDb<ConventionsTables>(trx, schema);
  const holding = JSON.stringify([{ person: { personId: subjectId } }]);
  const rows = await db
    .selectFrom('convention_states')
    .select(['insee', 'state'])
    .where(sql<boolean>`state -> 'contacts' @> ${holding}::jsonb`)
    .forUpdate()
    .execute();
  for (const row of rows) {
    const contacts = row.state.contacts.map((tenure) => {
      if (tenure.person.personId !== subjectId) return tenure;
      const person: Record<string, unknown> = { ...tenure.person };
      for (const field of PERSON_FIELDS) if (person[field] !== undefined) person[field] = ERASED;
      return { ...tenure, person };
    });
    await db
      .updateTable('convention_states')
      .set({ state: jsonText({ ...row.state, contacts }) })
      .where('insee', '=', row.insee)
      .execute();
  }
  return rows.length;
};

/**
 * The states projection may have read a contact in clear just before the key was destroyed and
 * not yet committed it: wait until it has passed the erasure's position, then blank.
 */
const projectionPassed = async (store: EventStore, position: bigint, timeoutMs: number): Promise<void> => {
  for (const deadline = Date.now() + timeoutMs; (await readCheckpoint(store, STATES_PROJECTION)) < position;) {
    if (Date.now() > deadline) throw new Error(`${STATES_PROJECTION} has not reached position ${position} yet`);
    await sleep(20);
  }
};

/**
 * Conventions' reaction to erasures: a durable consumer of `digit.events.privacy.PersonalDataErased`,
 * idempotent per event. Start it with the conventions service (it has the signature of a service
 * starter); a failure is redelivered, then dead-lettered.
 */
export const startContactErasures = async (
  infra: ServiceInfra,
  options: { timeoutMs?: number } = {},
): Promise<{ stop(): Promise<void> }> => {
  const schema = infra.schema('conventions');
  await migrateProcessedMessages(infra.db, schema);
  const consumer = await startDurableConsumer({
    bus: infra.bus,
    stream: DOMAIN_EVENTS_STREAM,
    durable: 'conventions-contact-erasures',
    filterSubjects: [PERSONAL_DATA_ERASED],
    events: infra.store,
    handle: async (message) => {
      const event = message.event!;
      const { subjectId } = event.data as { subjectId: string };
      await projectionPassed(infra.store, BigInt(event.position), options.timeoutMs ?? 10_000);
      await processOnce(infra.db, schema, 'conventions:contact-erasures', event.eventId, async (trx) => {
        await eraseContactInConventionStates(trx, schema, subjectId);
      });
    },
  });
  return { stop: () => consumer.stop() };
};
