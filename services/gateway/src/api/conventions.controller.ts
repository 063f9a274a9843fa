import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { commandSubject, querySubject, TerminationRequestDto } from '@digit/contracts';
import { calendarDateParam, knownTown } from '../http/path-params.js';
import { parisToday } from '../http/paris-today.js';
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

/** Towns and their conventions [R-CON], answered by the conventions service over NATS. */
@Controller('api/v1')
export class ConventionsController {
  constructor(private readonly services: ServiceClient) {}

  @Get('towns')
  towns() {
    return this.services.ask(querySubject('conventions', 'towns'), { today: parisToday() });
  }

  @Get('open-data/deliberations.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="deliberations-scdl.csv"')
  async deliberationsCsv(@Query('includeDemo') includeDemo?: string) {
    const answer = await this.services.ask<{ csv: string }>(querySubject('conventions', 'deliberations-scdl'), { includeDemo: includeDemo === 'true' });
    return answer.csv;
  }

  /** R-SEC-6: the towns' convention alerts on `asOf` (today by default); declared before `conventions/:insee`. */
  @Get('conventions/alerts')
  alerts(@Query('asOf') asOf?: string) {
    return this.services.ask(querySubject('conventions', 'alerts'), { asOf: calendarDateParam('asOf', asOf, parisToday) });
  }

  @Get('conventions/:insee')
  convention(@Param('insee') insee: string, @Query('asOf') asOf?: string) {
    return this.services.ask(querySubject('conventions', 'convention'), {
      insee: knownTown(insee),
      asOf: calendarDateParam('asOf', asOf, parisToday),
    });
  }

  @Post('conventions/:insee/terminations')
  @HttpCode(201)
  async terminate(@Param('insee') insee: string, @Body() body: unknown) {
    const town = knownTown(insee);
    const request = await this.services.validBody(TerminationRequestDto, body);
    return this.services.ask(commandSubject('conventions', 'give-termination-notice'), {
      insee: town,
      requestedBy: request.requestedBy,
      noticeDate: request.noticeDate,
      actor: 'ops:gateway',
    });
  }

  @Post('conventions/:insee/:action')
  @HttpCode(201)
  command(@Param('insee') insee: string, @Param('action') action: string, @Body() body: unknown) {
    const town = knownTown(insee);
    const type = COMMAND_ROUTES[action];
    if (!type) {
      throw new ApiError(404, 'not_found', `Action inconnue « ${action} » ; actions possibles : terminations, ${Object.keys(COMMAND_ROUTES).join(', ')}.`);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ApiError(400, 'invalid_request', 'Le corps doit être un objet JSON.', [{ path: '', message: 'objet JSON attendu' }]);
    }
    return this.services.ask(commandSubject('conventions', 'execute'), { insee: town, command: { ...body, type }, actor: 'ops:gateway' });
  }
}
