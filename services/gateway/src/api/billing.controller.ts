import { Controller } from '@nestjs/common';
import { ServiceClient } from '../http/service-client.js';

/** /api/v1/billing: answered by the billing service over NATS. */
@Controller('api/v1/billing')
export class BillingController {
  constructor(private readonly services: ServiceClient) {}
}
