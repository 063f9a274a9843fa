import { Controller } from '@nestjs/common';
import { ServiceClient } from '../http/service-client.js';

/** /api/v1/privacy: answered by the privacy service over NATS. */
@Controller('api/v1/privacy')
export class PrivacyController {
  constructor(private readonly services: ServiceClient) {}
}
