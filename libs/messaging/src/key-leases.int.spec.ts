import { Kvm } from '@nats-io/kv';
import { createTestNats, type TestNats } from '@digit/testing';
import { busFromConnection, connectBus, startKeyLeases, type Bus, type KeyLeases, type Lease } from './index.js';

/** Issue 19: one copy at a time does a key's work; a dead copy's keys go to a live one within the TTL. */
const KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const BUCKET = 'TEST_LEASES';
const TTL_MS = 1500;

let nats: TestNats;
let bus: Bus;
const started: KeyLeases[] = [];

beforeEach(async () => {
  nats = await createTestNats();
  bus = await busFromConnection(nats.nc, nats.namespace);
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((leases) => leases.stop().catch(() => undefined)));
  await nats.close();
});

const waitUntil = async (done: () => boolean, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
};

/** A copy whose work is a set of keys; `working` is shared so that two copies on one key show. */
const copy = async (name: string, working: Map<string, string>, leasesOf: Map<string, Lease>, on: Bus = bus) => {
  const leases = await startKeyLeases({
    bus: on,
    bucket: BUCKET,
    keys: KEYS,
    holder: name,
    ttlMs: TTL_MS,
    renewEveryMs: 250,
    replicas: 1,
    onError: () => undefined,
    async acquired(lease) {
      const other = working.get(lease.key);
      if (other !== undefined) throw new Error(`${lease.key} is still worked on by ${other}`);
      const stillValid = [...leasesOf].find(([holder, held]) => held.key === lease.key && !holder.startsWith(`${name}:`) && held.valid());
      if (stillValid) throw new Error(`${lease.key} is still leased to ${stillValid[0]}`);
      working.set(lease.key, name);
      leasesOf.set(`${name}:${lease.key}`, lease);
    },
    async released(key) {
      if (working.get(key) === name) working.delete(key);
    },
  });
  started.push(leases);
  return leases;
};

describe('key leases (issue 19: one copy at a time per town)', () => {
  it('issue 19: two copies share the keys, four each; a copy that stops gives its keys to the other at once', async () => {
    const working = new Map<string, string>();
    const leases = new Map<string, Lease>();
    const left = await copy('left', working, leases);
    const right = await copy('right', working, leases);
    expect(await waitUntil(() => left.held().length === 4 && right.held().length === 4, 10_000)).toBe(true);
    expect(new Set([...left.held(), ...right.held()])).toEqual(new Set(KEYS));
    const stoppedAt = Date.now();
    await left.stop();
    expect(await waitUntil(() => right.held().length === KEYS.length, 5_000)).toBe(true);
    // Given up, not expired: taken well within the TTL.
    expect(Date.now() - stoppedAt).toBeLessThan(TTL_MS);
  });

  it('issue 19: a copy that stops renewing (dead) loses its keys at the TTL; its leases say so before anyone else can act; a late renewal is refused', async () => {
    const working = new Map<string, string>();
    const leases = new Map<string, Lease>();
    // The doomed copy has its own connection: closing it is a kill -9 as NATS sees one (renewals
    // stop; the work is not told, its lease must tell it).
    const own = await connectBus({ url: nats.url, name: 'doomed', namespace: nats.namespace });
    const doomed = await copy('doomed', working, leases, own);
    expect(await waitUntil(() => doomed.held().length === KEYS.length, 5_000)).toBe(true);
    const kv = await new Kvm(bus.js).open(bus.streamName(BUCKET));
    const before = (await kv.get('lease.a'))!;
    const killedAt = Date.now();
    await own.nc.close();
    const survivor = await copy('survivor', new Map(), leases);
    expect(await waitUntil(() => survivor.held().length === KEYS.length, TTL_MS + 3_000)).toBe(true);
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(TTL_MS + 1_500);
    // The survivor took each key only once the dead copy's lease had stopped being valid (checked in `acquired`).
    expect(leases.get('doomed:a')!.valid()).toBe(false);
    // Fencing: the dead copy's revision no longer updates the key; the survivor's token is higher.
    await expect(kv.update('lease.a', 'doomed', before.revision)).rejects.toThrow(/wrong last sequence/);
    expect((await kv.get('lease.a'))!.string()).toBe('survivor');
    expect((await kv.get('lease.a'))!.revision).toBeGreaterThan(before.revision);
  });
});
