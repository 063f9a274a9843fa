import { foldEvents, isDomainError, type Insee } from '@digit/contracts';
import { parseVoirieOrder } from './parse-voirie-order.js';
import { roadRegistryDecider } from './road-registry.decider.js';
import type { RoadRegistryState } from './road-registry.state.js';
import { validateVoirieOrder } from './validate-voirie-order.js';
import { fuzzVoirieMessages, type FuzzedVoirieMessage } from './voirie-fuzz.js';
import { decisionOutcome, rejectedMessageOutcome, type VoirieOutcome } from './voirie-outcome.js';

const RECEIVED_AT = '2025-06-01T12:00:00+02:00';

/** Mutations that can never make an acceptable order. */
const ALWAYS_REFUSED = new Set([
  'oversized',
  'otherTownSubject',
  'otherTownBody',
  'badSubject',
  'wrongContentType',
  'msgIdMismatch',
  'notAnObject',
  'deepNesting',
  'manyNumbers',
  'prototypeKey',
  'unknownField',
  'randomBytes',
  'truncated',
]);

interface Run {
  readonly outcomes: readonly VoirieOutcome[];
  readonly registries: ReadonlyMap<Insee, RoadRegistryState>;
  readonly acceptedMutations: ReadonlySet<string>;
}

/** What the service does with each message, minus transport and storage. */
const consume = async (messages: readonly FuzzedVoirieMessage[], start = new Map<Insee, RoadRegistryState>()): Promise<Run> => {
  const registries = new Map(start);
  const outcomes: VoirieOutcome[] = [];
  const acceptedMutations = new Set<string>();
  for (const message of messages) {
    const parsed = await parseVoirieOrder(message);
    if (!parsed.ok) {
      outcomes.push(rejectedMessageOutcome(parsed));
      continue;
    }
    const state = registries.get(parsed.order.insee) ?? roadRegistryDecider.initialState;
    const decision = roadRegistryDecider.decide({ type: 'ApplyVoirieOrder', order: parsed.order, receivedAt: RECEIVED_AT }, state);
    const outcome = decisionOutcome(parsed.order.orderId, decision);
    outcomes.push(outcome);
    if (outcome.status === 'accepted') acceptedMutations.add(message.mutation);
    if (!isDomainError(decision)) registries.set(parsed.order.insee, foldEvents(roadRegistryDecider, decision, state));
  }
  return { outcomes, registries, acceptedMutations };
};

describe('fuzzing the orders subject (issue 5)', () => {
  it('R-DX-2: the generator is deterministic: same seed, same messages', () => {
    const digest = (messages: readonly FuzzedVoirieMessage[]) =>
      messages.map((m) => `${m.mutation}|${m.subject}|${Buffer.from(m.data).toString('base64')}`);
    expect(digest(fuzzVoirieMessages(7, 200))).toEqual(digest(fuzzVoirieMessages(7, 200)));
    expect(digest(fuzzVoirieMessages(7, 50))).not.toEqual(digest(fuzzVoirieMessages(8, 50)));
  });

  it('R-DX-2, R-DX-3: 3,000 random and mutated messages each get one outcome; nothing bad reaches the registry', async () => {
    const messages = fuzzVoirieMessages(20_240_302, 3000);
    const run = await consume(messages);

    expect(run.outcomes).toHaveLength(messages.length);
    const statuses = new Set(run.outcomes.map((outcome) => outcome.status));
    expect(statuses).toEqual(new Set(['accepted', 'rejected', 'duplicate']));
    for (const outcome of run.outcomes) {
      if (outcome.status === 'rejected') expect(outcome.errors.length).toBeGreaterThan(0);
      for (const error of outcome.errors) {
        expect(typeof error.path).toBe('string');
        expect(error.message).not.toMatch(/\b(must|should|property|undefined|NaN|\[object)\b/);
      }
    }
    for (const mutation of run.acceptedMutations) expect(ALWAYS_REFUSED.has(mutation)).toBe(false);

    // Only Boulogne publishes in the fuzz: no other town's registry may exist (R-DX-3).
    expect([...run.registries.keys()]).toEqual(['92012']);
    const boulogne = run.registries.get('92012')!;
    expect(boulogne.roads.size).toBeGreaterThan(0);
    for (const road of boulogne.roads.values()) {
      expect(road.id.startsWith('92012_')).toBe(true);
      for (const change of [...road.names, ...road.numbers, ...road.directions]) {
        expect(boulogne.decidedOrders.get(change.order.orderId)?.status).toBe('accepted');
      }
    }
  }, 60_000);

  it('R-DX-2: sending the same messages again changes no registry', async () => {
    const messages = fuzzVoirieMessages(42, 600);
    const first = await consume(messages);
    expect(first.outcomes.filter((outcome) => outcome.status === 'accepted').length).toBeGreaterThan(10);
    const second = await consume(messages, new Map(first.registries));
    expect(second.registries).toEqual(first.registries);
    expect(second.outcomes.some((outcome) => outcome.status === 'accepted')).toBe(false);
  }, 60_000);

  it('R-DX-2: accepted fuzz orders are valid orders of the subject’s town', async () => {
    for (const message of fuzzVoirieMessages(3, 400)) {
      const parsed = await parseVoirieOrder(message);
      if (!parsed.ok) continue;
      expect((await validateVoirieOrder(parsed.order)).ok).toBe(true);
      expect(message.subject).toBe(`digit.towns.${parsed.order.insee}.voirie.orders`);
    }
  }, 60_000);
});
