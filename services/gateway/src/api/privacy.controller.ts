import type { IncomingMessage } from 'node:http';
import { RoutePolicy } from '../auth/route-policy.js';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  AgentDepartureDto,
  commandSubject,
  DeclareProcessingDto,
  ErasureRequestDto,
  isCalendarDate,
  PersonalDataCheckDto,
  querySubject,
  RecordGdprTrainingDto,
  RegisterAgentDto,
  RegisterImportDto,
  UpdateProcessingDto,
  ValidateProcessingDto,
  WithdrawProcessingDto,
} from '@digit/contracts';
import { identifierParam, integerParam, knownTown } from '../http/path-params.js';
import { ApiError, ServiceClient } from '../http/service-client.js';

interface HeaderResponse {
  setHeader(name: string, value: string): void;
}

const command = (name: string) => commandSubject('privacy', name);
const query = (name: string) => querySubject('privacy', name);
const ACTOR = 'ops:gateway';
/** A DPD's register file; the whole body travels in one NATS message (1 MB at most). */
const MAX_CSV_BYTES = 512 * 1024;

/** References of the register: what the privacy domain accepts (TRT-2024-001, 2023/12...). */
const referenceParam = (reference: string): string => {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/.test(reference)) {
    throw new ApiError(400, 'invalid_request', `Référence de traitement invalide (reçu « ${reference} ») : 1 à 64 lettres, chiffres, « . », « _ », « / » ou « - ».`, [
      { path: 'reference', message: 'référence invalide' },
    ]);
  }
  return reference;
};

const optionalDate = (name: string, value: string | undefined): string | undefined => {
  if (value === undefined || value === '') return undefined;
  if (!isCalendarDate(value)) {
    throw new ApiError(400, 'invalid_request', `${name} doit être une date réelle au format AAAA-MM-JJ (reçu « ${value} »).`, [
      { path: name, message: 'date attendue au format AAAA-MM-JJ' },
    ]);
  }
  return value;
};

const isCsv = (contentType: string | undefined): boolean => /^\s*(text\/csv|text\/plain|application\/csv)\b/i.test(contentType ?? '');

/**
 * The CSV body as text: UTF-8 (with or without BOM) or, failing that, Windows-1252, which is
 * what a French spreadsheet saves as "CSV (séparateur : point-virgule)".
 */
const csvText = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_CSV_BYTES) {
      throw new ApiError(413, 'payload_too_large', `Le fichier dépasse ${MAX_CSV_BYTES / 1024} Ko : découpez le registre en plusieurs imports.`);
    }
    chunks.push(chunk as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
};

/**
 * /api/v1/privacy [R-GDPR-1..3]: each town's DPD register, the cross-check and the GDPR
 * processing log, DIGIT agents' GDPR training, erasures; answered by the privacy service over NATS.
 */
// Interim: DIGIT ops only, until these routes move to the typed catalogue with their own policies.
@RoutePolicy({ roles: ['ops'] })
@Controller('api/v1/privacy')
export class PrivacyController {
  constructor(private readonly services: ServiceClient) {}

  // The register of processing activities of each town's DPD [R-GDPR-1]

  @Get(':insee/register')
  register(@Param('insee') insee: string) {
    return this.services.ask(query('register'), { insee: knownTown(insee) });
  }

  @Post(':insee/register/import')
  @HttpCode(200)
  async importRegister(@Param('insee') insee: string, @Req() request: IncomingMessage & { body?: unknown }, @Headers('content-type') contentType?: string) {
    const town = knownTown(insee);
    const payload = isCsv(contentType) ? { csv: await csvText(request) } : request.body;
    const body = await this.services.validBody(RegisterImportDto, payload);
    return this.services.ask(command('import-register'), { insee: town, ...body, actor: ACTOR });
  }

  @Get(':insee/register/:reference')
  processing(@Param('insee') insee: string, @Param('reference') reference: string) {
    return this.services.ask(query('processing'), { insee: knownTown(insee), reference: referenceParam(reference) });
  }

  @Post(':insee/register')
  @HttpCode(201)
  async declare(@Param('insee') insee: string, @Body() body: unknown) {
    const town = knownTown(insee);
    const declaration = await this.services.validBody(DeclareProcessingDto, body);
    return this.services.ask(command('declare-processing'), { ...declaration, insee: town, actor: ACTOR });
  }

  @Put(':insee/register/:reference')
  async update(@Param('insee') insee: string, @Param('reference') reference: string, @Body() body: unknown) {
    return this.change('update-processing', insee, reference, UpdateProcessingDto, body);
  }

  @Post(':insee/register/:reference/validation')
  @HttpCode(200)
  validate(@Param('insee') insee: string, @Param('reference') reference: string, @Body() body: unknown) {
    return this.change('validate-processing', insee, reference, ValidateProcessingDto, body ?? {});
  }

  @Post(':insee/register/:reference/withdrawal')
  @HttpCode(200)
  withdraw(@Param('insee') insee: string, @Param('reference') reference: string, @Body() body: unknown) {
    return this.change('withdraw-processing', insee, reference, WithdrawProcessingDto, body);
  }

  // The cross-check before processing personal data, and its log [R-GDPR-2]

  @Post(':insee/checks')
  @HttpCode(201)
  async check(@Param('insee') insee: string, @Body() body: unknown) {
    const town = knownTown(insee);
    const request = await this.services.validBody(PersonalDataCheckDto, body);
    return this.services.ask(command('check-personal-data'), { ...request, insee: town, actor: ACTOR });
  }

  /** CONTRACT.md: the GDPR processing log for that town, optionally for a period of Paris calendar days. */
  @Get(':insee/log')
  log(@Param('insee') insee: string, @Query('from') from?: string, @Query('to') to?: string) {
    return this.services.ask(query('processing-log'), { insee: knownTown(insee), from: optionalDate('from', from), to: optionalDate('to', to) });
  }

  /** The same log as a spreadsheet for the DPD (`;`, UTF-8 with BOM, French dates). */
  @Get(':insee/log.csv')
  async logCsv(@Param('insee') insee: string, @Res({ passthrough: true }) response: HeaderResponse, @Query('from') from?: string, @Query('to') to?: string) {
    const document = await this.services.ask<{ filename: string; csv: string }>(query('processing-log-csv'), {
      insee: knownTown(insee),
      from: optionalDate('from', from),
      to: optionalDate('to', to),
    });
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${document.filename}"`);
    return document.csv;
  }

  // DIGIT agents' GDPR training [R-GDPR-3]

  @Get('agents')
  agents(@Query('asOf') asOf?: string) {
    return this.services.ask(query('training-agents'), { asOf: optionalDate('asOf', asOf) });
  }

  @Get('agents/due')
  agentsDue(@Query('asOf') asOf?: string, @Query('withinDays') withinDays?: string) {
    return this.services.ask(query('agents-due-for-training'), {
      asOf: optionalDate('asOf', asOf),
      withinDays: integerParam('withinDays', withinDays, 0, 0, 3660),
    });
  }

  @Post('agents')
  @HttpCode(201)
  async registerAgent(@Body() body: unknown) {
    return this.services.ask(command('register-agent'), { ...(await this.services.validBody(RegisterAgentDto, body)), actor: ACTOR });
  }

  @Post('agents/:agentId/trainings')
  @HttpCode(201)
  async recordTraining(@Param('agentId') agentId: string, @Body() body: unknown) {
    const training = await this.services.validBody(RecordGdprTrainingDto, body);
    return this.services.ask(command('record-gdpr-training'), { ...training, agentId: identifierParam('agentId', agentId), actor: ACTOR });
  }

  @Post('agents/:agentId/departure')
  @HttpCode(200)
  async recordDeparture(@Param('agentId') agentId: string, @Body() body: unknown) {
    const departure = await this.services.validBody(AgentDepartureDto, body);
    return this.services.ask(command('record-agent-departure'), { ...departure, agentId: identifierParam('agentId', agentId), actor: ACTOR });
  }

  // Erasure of a person in the immutable store [R-GDPR-1, RGPD art. 17]

  @Post('erasures')
  @HttpCode(201)
  async erase(@Body() body: unknown) {
    return this.services.ask(command('erase-personal-data'), { ...(await this.services.validBody(ErasureRequestDto, body)), actor: ACTOR });
  }

  private async change<T extends object>(subject: string, insee: string, reference: string, dto: new () => T, body: unknown) {
    const town = knownTown(insee);
    const ref = referenceParam(reference);
    const fields = await this.services.validBody(dto, body);
    return this.services.ask(command(subject), { ...fields, insee: town, reference: ref, actor: ACTOR });
  }
}
