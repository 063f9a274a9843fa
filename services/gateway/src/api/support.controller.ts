import { Controller } from '@nestjs/common';
import { ServiceClient } from '../http/service-client.js';

/** /api/v1/support: answered by the support service over NATS. */
@Controller('api/v1/support')
export class SupportController {
  constructor(private readonly services: ServiceClient) {}
}
