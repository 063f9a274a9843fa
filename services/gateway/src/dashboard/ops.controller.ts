import { Controller, Get, Inject } from '@nestjs/common';
import { readDeadLetters, type Bus } from '@digit/messaging';
import { RoutePolicy } from '../auth/route-policy.js';
import { BUS } from '../http/service-client.js';

/** The dead letters as JSON, for monitoring (DIGIT ops). */
@RoutePolicy({ roles: ['ops'] })
@Controller('api/v1/ops')
export class OpsController {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  @Get('dead-letters')
  async deadLetters() {
    return { deadLetters: await readDeadLetters(this.bus, 200) };
  }
}
