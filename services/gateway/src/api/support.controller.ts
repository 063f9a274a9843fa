import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { RoutePolicy } from '../auth/route-policy.js';
import {
  CommitteeActionCompletionDto,
  CommitteeActionDto,
  CommitteeDecisionDto,
  CommitteeMeetingDto,
  CommitteeSchedulingDto,
  commandSubject,
  DisputeAnalysisDto,
  DisputeCourtReferralDto,
  DisputeDecisionDto,
  DisputeOpeningDto,
  DisputeProposalDto,
  DisputeSettlementDto,
  MaintenanceNoticeDto,
  PersonalDataFlagDto,
  ProjectOpeningDto,
  ProjectStepCompletionDto,
  querySubject,
  SessionHeldDto,
  SessionRegistrationDto,
  SessionSchedulingDto,
  SupportReasonDto,
  SupportTicketRequestDto,
  TicketAssignmentDto,
  TicketClosureDto,
  TicketReplyDto,
} from '@digit/contracts';
import { identifierParam, knownTown } from '../http/path-params.js';
import { ServiceClient } from '../http/service-client.js';

interface HeaderResponse {
  setHeader(name: string, value: string): void;
}

interface CalendarDocument {
  readonly filename: string;
  readonly content: string;
}

const command = (name: string) => commandSubject('support', name);
const query = (name: string) => querySubject('support', name);
const ACTOR = 'ops:gateway';

const optionalTown = (insee: string | undefined) => (insee === undefined || insee === '' ? undefined : knownTown(insee));

/**
 * /api/v1/support: requests and tickets, projects, maintenance notices, workshops and committees
 * [R-SUP-1..6], answered by the support service over NATS.
 */
// Interim: DIGIT ops only, until these routes move to the typed catalogue with their own policies.
@RoutePolicy({ roles: ['ops'] })
@Controller('api/v1/support')
export class SupportController {
  constructor(private readonly services: ServiceClient) {}

  /** A command on an existing thing: the path's id, the validated body, the actor. */
  private async act<T extends object>(subject: string, ids: Record<string, string>, dto: (new () => T) | null, body: unknown) {
    const checked = Object.fromEntries(Object.entries(ids).map(([name, value]) => [name, identifierParam(name, value)]));
    const fields = dto === null ? {} : await this.services.validBody(dto, body);
    return this.services.ask(subject, { ...fields, ...checked, actor: ACTOR });
  }

  private async create<T extends object>(subject: string, dto: new () => T, body: unknown) {
    return this.services.ask(subject, { ...(await this.services.validBody(dto, body)), actor: ACTOR });
  }

  private async calendar(subject: string, insee: string | undefined, response: HeaderResponse): Promise<string> {
    const document = await this.services.ask<CalendarDocument>(subject, { insee: optionalTown(insee) });
    response.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${document.filename}"`);
    return document.content;
  }

  // Requests and first-level assistance tickets [R-SUP-1, R-SUP-3, R-GDPR-2]

  @Post('tickets')
  @HttpCode(201)
  receiveTicket(@Body() body: unknown) {
    return this.create(command('receive-request'), SupportTicketRequestDto, body);
  }

  /** Every parameter goes to the service, which honours `insee`, `status` and `breached` and refuses the others [R-SUP-3]. */
  @Get('tickets')
  tickets(@Query() parameters: Record<string, unknown>) {
    const { insee, ...filters } = parameters;
    return this.services.ask(query('tickets'), { ...filters, insee: typeof insee === 'string' ? optionalTown(insee) : insee });
  }

  @Get('tickets/:id')
  ticket(@Param('id') id: string) {
    return this.services.ask(query('ticket'), { id: identifierParam('id', id) });
  }

  @Post('tickets/:id/assignment')
  @HttpCode(200)
  assign(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('assign-request'), { id }, TicketAssignmentDto, body);
  }

  @Post('tickets/:id/replies')
  @HttpCode(201)
  reply(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('reply-to-request'), { id }, TicketReplyDto, body);
  }

  @Post('tickets/:id/waiting-on-town')
  @HttpCode(200)
  startTicketWaiting(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('start-waiting-on-town'), { id }, SupportReasonDto, body);
  }

  @Post('tickets/:id/waiting-on-town/end')
  @HttpCode(200)
  endTicketWaiting(@Param('id') id: string) {
    return this.act(command('end-waiting-on-town'), { id }, null, undefined);
  }

  @Post('tickets/:id/closure')
  @HttpCode(200)
  close(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('close-request'), { id }, TicketClosureDto, body);
  }

  @Post('tickets/:id/personal-data')
  @HttpCode(200)
  flagPersonalData(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('flag-personal-data'), { id }, PersonalDataFlagDto, body ?? {});
  }

  // Projects through the seven steps of annex 2 [R-SUP-2]

  @Post('projects')
  @HttpCode(201)
  openProject(@Body() body: unknown) {
    return this.create(command('open-project'), ProjectOpeningDto, body);
  }

  @Get('projects')
  projects(@Query('insee') insee?: string) {
    return this.services.ask(query('projects'), { insee: optionalTown(insee) });
  }

  @Get('projects/:id')
  project(@Param('id') id: string) {
    return this.services.ask(query('project'), { id: identifierParam('id', id) });
  }

  @Post('projects/:id/steps')
  @HttpCode(200)
  completeStep(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('complete-project-step'), { id }, ProjectStepCompletionDto, body);
  }

  @Post('projects/:id/waiting-on-town')
  @HttpCode(200)
  startProjectWaiting(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('start-project-waiting-on-town'), { id }, SupportReasonDto, body);
  }

  @Post('projects/:id/waiting-on-town/end')
  @HttpCode(200)
  endProjectWaiting(@Param('id') id: string) {
    return this.act(command('end-project-waiting-on-town'), { id }, null, undefined);
  }

  @Post('projects/:id/abandonment')
  @HttpCode(200)
  abandonProject(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('abandon-project'), { id }, SupportReasonDto, body);
  }

  // Maintenance notices [R-SUP-4]

  @Post('maintenance')
  @HttpCode(201)
  announceMaintenance(@Body() body: unknown) {
    return this.create(command('announce-maintenance'), MaintenanceNoticeDto, body);
  }

  @Get('maintenance')
  maintenanceNotices(@Query('insee') insee?: string) {
    return this.services.ask(query('maintenance-notices'), { insee: optionalTown(insee) });
  }

  @Get('maintenance.ics')
  maintenanceCalendar(@Res({ passthrough: true }) response: HeaderResponse, @Query('insee') insee?: string) {
    return this.calendar(query('maintenance-calendar'), insee, response);
  }

  @Get('maintenance/:id')
  maintenanceNotice(@Param('id') id: string) {
    return this.services.ask(query('maintenance-notice'), { id: identifierParam('id', id) });
  }

  @Post('maintenance/:id/interruption')
  @HttpCode(200)
  interruptionStarted(@Param('id') id: string) {
    return this.act(command('record-interruption-started'), { id }, null, undefined);
  }

  @Post('maintenance/:id/restoration')
  @HttpCode(200)
  serviceRestored(@Param('id') id: string) {
    return this.act(command('record-service-restored'), { id }, null, undefined);
  }

  @Post('maintenance/:id/cancellation')
  @HttpCode(200)
  cancelMaintenance(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('cancel-maintenance'), { id }, SupportReasonDto, body);
  }

  // Workshops, training sessions and accompaniments [R-SUP-5]

  @Post('sessions')
  @HttpCode(201)
  scheduleSession(@Body() body: unknown) {
    return this.create(command('schedule-session'), SessionSchedulingDto, body);
  }

  @Get('sessions')
  sessions(@Query('insee') insee?: string) {
    return this.services.ask(query('sessions'), { insee: optionalTown(insee) });
  }

  @Get('sessions.ics')
  sessionCalendar(@Res({ passthrough: true }) response: HeaderResponse, @Query('insee') insee?: string) {
    return this.calendar(query('session-calendar'), insee, response);
  }

  @Get('sessions/:id')
  session(@Param('id') id: string) {
    return this.services.ask(query('session'), { id: identifierParam('id', id) });
  }

  @Post('sessions/:id/registrations')
  @HttpCode(201)
  register(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('register-for-session'), { id }, SessionRegistrationDto, body);
  }

  @Post('sessions/:id/held')
  @HttpCode(200)
  sessionHeld(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('record-session-held'), { id }, SessionHeldDto, body);
  }

  @Post('sessions/:id/cancellation')
  @HttpCode(200)
  cancelSession(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('cancel-session'), { id }, SupportReasonDto, body);
  }

  // Follow-up and steering committees [R-SUP-6, R-BIL-8]

  @Post('committees')
  @HttpCode(201)
  scheduleCommittee(@Body() body: unknown) {
    return this.create(command('schedule-committee'), CommitteeSchedulingDto, body);
  }

  @Get('committees')
  committees(@Query('insee') insee?: string) {
    return this.services.ask(query('committees'), { insee: optionalTown(insee) });
  }

  @Get('committees/:id')
  committee(@Param('id') id: string) {
    return this.services.ask(query('committee'), { id: identifierParam('id', id) });
  }

  @Post('committees/:id/meeting')
  @HttpCode(200)
  committeeHeld(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('record-committee-held'), { id }, CommitteeMeetingDto, body);
  }

  @Post('committees/:id/decisions')
  @HttpCode(201)
  decision(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('record-committee-decision'), { id }, CommitteeDecisionDto, body);
  }

  @Post('committees/:id/actions')
  @HttpCode(201)
  action(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('record-committee-action'), { id }, CommitteeActionDto, body);
  }

  @Post('committees/:id/actions/:actionId/completion')
  @HttpCode(200)
  completeAction(@Param('id') id: string, @Param('actionId') actionId: string, @Body() body: unknown) {
    return this.act(command('complete-committee-action'), { id, actionId }, CommitteeActionCompletionDto, body);
  }

  // Disputes over the convention, the follow-up committee's matter, then the court [R-CON-10]

  @Post('disputes')
  @HttpCode(201)
  openDispute(@Body() body: unknown) {
    return this.create(command('open-dispute'), DisputeOpeningDto, body);
  }

  @Get('disputes')
  disputes(@Query('insee') insee?: string) {
    return this.services.ask(query('disputes'), { insee: optionalTown(insee) });
  }

  @Get('disputes/:id')
  dispute(@Param('id') id: string) {
    return this.services.ask(query('dispute'), { id: identifierParam('id', id) });
  }

  @Post('disputes/:id/analysis')
  @HttpCode(200)
  disputeAnalysis(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('record-dispute-analysis'), { id }, DisputeAnalysisDto, body);
  }

  @Post('disputes/:id/proposals')
  @HttpCode(201)
  disputeProposal(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('propose-dispute-solution'), { id }, DisputeProposalDto, body);
  }

  @Post('disputes/:id/decision')
  @HttpCode(200)
  disputeDecision(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('record-dispute-decision'), { id }, DisputeDecisionDto, body);
  }

  @Post('disputes/:id/actions')
  @HttpCode(201)
  disputeAction(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('record-dispute-action'), { id }, CommitteeActionDto, body);
  }

  @Post('disputes/:id/actions/:actionId/completion')
  @HttpCode(200)
  completeDisputeAction(@Param('id') id: string, @Param('actionId') actionId: string, @Body() body: unknown) {
    return this.act(command('complete-dispute-action'), { id, actionId }, CommitteeActionCompletionDto, body);
  }

  @Post('disputes/:id/settlement')
  @HttpCode(200)
  settleDispute(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('settle-dispute'), { id }, DisputeSettlementDto, body);
  }

  @Post('disputes/:id/court-referral')
  @HttpCode(200)
  referDisputeToCourt(@Param('id') id: string, @Body() body: unknown) {
    return this.act(command('refer-dispute-to-court'), { id }, DisputeCourtReferralDto, body);
  }
}
