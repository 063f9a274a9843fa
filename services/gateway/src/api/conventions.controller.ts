import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { commandSubject, querySubject, TerminationRequestDto } from '@digit/contracts';
import { calendarDateParam, knownTown } from '../http/path-params.js';
import { parisToday } from '../http/paris-today.js';
import { ServiceClient } from '../http/service-client.js';

/** Towns and their conventions [R-CON], answered by the conventions service over NATS. */
@Controller('api/v1')
export class ConventionsController {
  constructor(private readonly services: ServiceClient) {}

  @Get('towns')
  towns() {
    return this.services.ask(querySubject('conventions', 'towns'), { today: parisToday() });
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
}
