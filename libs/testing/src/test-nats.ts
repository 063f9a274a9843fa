import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';

export interface TestNats {
  readonly nc: NatsConnection;
  readonly url: string;
  /** Prefix for subjects and stream names that no other test uses. */
  readonly namespace: string;
  close(): Promise<void>;
}

export const testNatsUrl = (): string => process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** The real NATS of the machine; streams created under this test's namespace are deleted on close. */
export const createTestNats = async (): Promise<TestNats> => {
  const url = testNatsUrl();
  const nc = await connect({ servers: url });
  const namespace = `t${randomBytes(4).toString('hex')}`;
  return {
    nc,
    url,
    namespace,
    async close() {
      const jsm = await jetstreamManager(nc);
      // Key-value buckets live in streams named KV_<bucket>.
      for await (const stream of jsm.streams.list()) {
        const name = stream.config.name.toLowerCase();
        if (name.startsWith(namespace) || name.startsWith(`kv_${namespace}`)) await jsm.streams.delete(stream.config.name);
      }
      await nc.drain();
    },
  };
};
