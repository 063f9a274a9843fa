import { Controller } from '@nestjs/common';
import { ServiceClient } from '../http/service-client.js';

/** /api/v1/voirie: answered by the voirie service over NATS. */
@Controller('api/v1/voirie')
export class VoirieController {
  constructor(private readonly services: ServiceClient) {}
}
