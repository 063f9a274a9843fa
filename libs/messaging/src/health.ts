import type { Subscription } from '@nats-io/transport-node';
import type { Bus } from './bus.js';

/** Each service answers `digit.health.<service>` while it runs (CONTRACT.md: `GET /api/v1/health`). */
export const healthSubject = (service: string): string => `digit.health.${service}`;

export type ServiceHealth = 'ok' | 'unavailable';

/** Answers health requests for `service`; copies of a service share them through the queue group. */
export const serveHealth = (bus: Bus, service: string): Subscription =>
  bus.nc.subscribe(bus.subject(healthSubject(service)), {
    queue: healthSubject(service),
    callback: (error, msg) => {
      if (error) return;
      try {
        msg.respond(JSON.stringify({ status: 'ok' }));
      } catch {
        // The requester gave up: nothing to answer.
      }
    },
  });

/** Whether a copy of `service` answers within `timeoutMs`. */
export const askHealth = async (bus: Bus, service: string, timeoutMs = 1500): Promise<ServiceHealth> => {
  try {
    const reply = await bus.nc.request(bus.subject(healthSubject(service)), '', { timeout: timeoutMs });
    return reply.json<{ status?: string }>().status === 'ok' ? 'ok' : 'unavailable';
  } catch {
    return 'unavailable';
  }
};
