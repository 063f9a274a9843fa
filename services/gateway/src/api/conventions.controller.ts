import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { commandSubject, type Caller } from '@digit/contracts';
import { CurrentCaller, RoutePolicy } from '../auth/route-policy.js';
import { knownTown } from '../http/path-params.js';
import { ApiError, ServiceClient } from '../http/service-client.js';

/** The route segment under /api/v1/conventions/{insee}/ for each convention command. */
const COMMAND_ROUTES: Readonly<Record<string, string>> = {
  drafts: 'DraftConvention',
  deliberations: 'RecordDeliberation',
  signatures: 'SignConvention',
  'entry-into-force': 'RecordEntryIntoForce',
  amendments: 'AmendConvention',
  contacts: 'AssignContact',
  'contact-releases': 'ReleaseContact',
  'mutual-terminations': 'TerminateByMutualAgreement',
  'express-renewals': 'RenewExpressly',
  'data-returns': 'MarkDataReturned',
  'open-data-domains': 'RecordOpenDataDomain',
  'sig-usage': 'RecordSigUsage',
};

/** Convention commands other than the termination notice [R-CON], recorded by DIGIT ops. */
@Controller('api/v1')
export class ConventionsController {
  constructor(private readonly services: ServiceClient) {}

  @Post('conventions/:insee/:action')
  @HttpCode(201)
  @RoutePolicy({ roles: ['ops'] })
  command(@Param('insee') insee: string, @Param('action') action: string, @Body() body: unknown, @CurrentCaller() caller: Caller) {
    const town = knownTown(insee);
    const type = COMMAND_ROUTES[action];
    if (!type) {
      throw new ApiError(404, 'not_found', `Action inconnue « ${action} » ; actions possibles : terminations, ${Object.keys(COMMAND_ROUTES).join(', ')}.`);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ApiError(400, 'invalid_request', 'Le corps doit être un objet JSON.', [{ path: '', message: 'objet JSON attendu' }]);
    }
    return this.services.ask(commandSubject('conventions', 'execute'), { insee: town, command: { ...body, type }, actor: caller.sub });
  }
}
