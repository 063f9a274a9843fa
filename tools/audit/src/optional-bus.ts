import { setTimeout as sleep } from 'node:timers/promises';
import { connectBus, type Bus } from '@digit/messaging';

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * NATS for reading the seals' bucket, when it answers: an auditor's command still verifies
 * against the file anchor without it (and says so).
 */
export const connectBusIfReachable = async (url: string, namespace: string): Promise<Bus | undefined> => {
  const connecting = connectBus({ url, name: 'audit', namespace });
  const outcome = await Promise.race([connecting.catch(() => undefined), sleep(CONNECT_TIMEOUT_MS, 'timeout' as const, { ref: false })]);
  if (outcome === 'timeout') {
    // Too late to be used: closed if it ever connects.
    void connecting.then(
      (bus) => bus.close(),
      () => undefined,
    );
    return undefined;
  }
  return outcome;
};
