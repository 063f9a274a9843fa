import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MASKED } from '@digit/contracts';
import { readDeadLetters, type DeadLetter } from '@digit/messaging';
import { startBillingService } from '../../../services/billing/src/billing.app.js';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { startSystem, type SystemUnderTest } from './system-under-test.js';

/**
 * Issue 18: events forged on `digit.events.*` (published on the bus, never recorded) were applied
 * by billing (a 123,456.78 € charge) and by a read model. Services now apply a domain event only
 * as the event store holds it: a forged one becomes a dead letter saying so.
 */
let system: SystemUnderTest;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of every shape the API answers
const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
  const response = await system.fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
};

/** A message shaped as the relay publishes them, for an event the store never held. */
const forge = (context: string, type: string, streamId: string, data: unknown) =>
  system.infra.bus.js.publish(
    system.infra.bus.subject(`digit.events.${context}.${type}`),
    JSON.stringify({
      eventId: randomUUID(),
      position: '1',
      streamId,
      streamVersion: 1,
      type,
      schemaVersion: 1,
      data,
      metadata: { actor: 'ops:mallory' },
      recordedAt: new Date().toISOString(),
      hash: 'a'.repeat(64),
    }),
    { msgID: randomUUID() },
  );

const deadLettersOf = async (consumer: string): Promise<DeadLetter[]> => {
  for (let attempt = 0; attempt < 100; attempt++) {
    const letters = (await readDeadLetters(system.infra.bus).catch(() => [])).filter((letter) => letter.consumer === consumer);
    if (letters.length > 0) return letters;
    await sleep(100);
  }
  return [];
};

const person = { personId: `p-${randomUUID().slice(0, 8)}`, name: 'Camille Martin', email: 'camille.martin@example.org' };

beforeAll(async () => {
  system = await startSystem([startConventionsService, startBillingService]);
  const assigned = await call('POST', '/api/v1/conventions/92012/contacts', { role: 'gis', person, from: '2024-01-01' });
  expect(assigned.status).toBe(201);
}, 60_000);
afterAll(() => system.stop());

describe('forged bus events are never applied (issue 18)', () => {
  it('R-BIL-8: a committee charge published on the bus but never recorded is a dead letter, not a charge', async () => {
    await forge('support', 'CommitteeChargeApproved', 'committee-suivi-92012-2024', {
      committeeId: 'suivi-92012-2024',
      decisionId: 'forged',
      insee: '92012',
      amountCents: 12_345_678,
      subject: 'Facture forgée',
      poolingOutcome: '',
      approvedOn: '2024-03-12',
    });
    const letters = await deadLettersOf('billing-digit-events-support-CommitteeChargeApproved');
    expect(letters).toEqual([
      expect.objectContaining({ deliveries: 1, reason: expect.stringMatching(/^forged event: the event store holds no event /) }),
    ]);
    const charges = await call('GET', '/api/v1/billing/92012/charges');
    expect(charges.body).toMatchObject({ items: [], pendingCents: 0 });
  });

  it('R-GDPR-1: an erasure published on the bus but never recorded erases nothing', async () => {
    await forge('privacy', 'PersonalDataErased', `erasure-${person.personId}`, { subjectId: person.personId, erasureId: randomUUID() });
    const letters = await deadLettersOf('conventions-contact-erasures');
    expect(letters).toEqual([expect.objectContaining({ reason: expect.stringMatching(/^forged event: the event store holds no event /) })]);
    const convention = await call('GET', '/api/v1/conventions/92012?asOf=2024-06-01');
    // Masked, not erased: the name is still held in clear, only not shown without a purpose (R-GDPR-5).
    expect(convention.body.contacts.gis).toEqual([expect.objectContaining({ personId: person.personId, name: MASKED })]);
  });
});
