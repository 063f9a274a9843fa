import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { ServiceHealthView } from '@digit/contracts';
import { SERVICE_USERS } from '@digit/identity';
import { askHealth, type Bus } from '@digit/messaging';
import { RoutePolicy } from '../auth/route-policy.js';
import { BUS } from '../http/service-client.js';

/** The services behind the gateway, each asked over NATS (every service of the system but the gateway itself). */
const SERVICES_BEHIND = SERVICE_USERS.filter((service) => service !== 'gateway');

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly services: readonly ServiceHealthView[];
}

/** The gateway (answering, so up) and every service asked at once over NATS: the one health reading of `health` and `ops/system`. */
export const servicesHealth = async (bus: Bus): Promise<ServiceHealthView[]> => [
  { name: 'gateway', status: 'ok' },
  ...(await Promise.all(SERVICES_BEHIND.map(async (name) => ({ name, status: await askHealth(bus, name) })))),
];

/**
 * `GET /api/v1/health` (CONTRACT.md, public): the gateway answers, and asks every service at once
 * over NATS; `degraded` while any of them does not answer (crashed and not yet restarted, or NATS
 * unreachable). Always 200: the gateway itself is up, the body says what is not.
 */
@RoutePolicy({ public: true })
@Controller('api/v1/health')
export class HealthController {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async health(): Promise<HealthReport> {
    const services = await servicesHealth(this.bus);
    return { status: services.every((service) => service.status === 'ok') ? 'ok' : 'degraded', services };
  }
}
