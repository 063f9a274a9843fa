import { Controller, Get, Header, Inject } from '@nestjs/common';
import { SERVICE_USERS } from '@digit/identity';
import { askHealth, type Bus, type ServiceHealth } from '@digit/messaging';
import { RoutePolicy } from '../auth/route-policy.js';
import { BUS } from '../http/service-client.js';

/** The services behind the gateway, each asked over NATS (every service of the system but the gateway itself). */
const SERVICES_BEHIND = SERVICE_USERS.filter((service) => service !== 'gateway');

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly services: readonly { readonly name: string; readonly status: ServiceHealth }[];
}

/** The gateway, and every service asked at once over NATS. */
export const healthReport = async (bus: Bus): Promise<HealthReport> => {
  const services = await Promise.all(SERVICES_BEHIND.map(async (name) => ({ name, status: await askHealth(bus, name) })));
  const all = [{ name: 'gateway', status: 'ok' as const }, ...services];
  return { status: all.every((service) => service.status === 'ok') ? 'ok' : 'degraded', services: all };
};

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
  health(): Promise<HealthReport> {
    return healthReport(this.bus);
  }
}
