import { createHash } from 'node:crypto';
import { RoutePolicy } from '../auth/route-policy.js';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  commandSubject,
  DatasetAuditDto,
  DatasetContentDto,
  DatasetPublicationDto,
  DatasetSubmissionDto,
  DatasetVersionDto,
  DatasetVersionRefDto,
  querySubject,
} from '@digit/contracts';
import { calendarDateParam, integerParam, knownTown } from '../http/path-params.js';
import { parisToday } from '../http/paris-today.js';
import { ApiError, ServiceClient } from '../http/service-client.js';

interface HeaderSink {
  setHeader(name: string, value: string): void;
}

const ACTOR = /^(town:\d{5}|digit:[A-Za-z0-9][A-Za-z0-9._-]{0,63})$/;

/**
 * Who acts, until the gateway authenticates people: `X-Digit-Actor: town:92012` (a town's staff)
 * or `digit:<login>` (a DIGIT agent). The domain decides what each may do (R-DX-5, R-DX-8).
 */
const actorOf = (header: string | undefined): string => {
  if (header === undefined || !ACTOR.test(header)) {
    throw new ApiError(400, 'missing_actor', 'Indiquez qui agit dans l’en-tête X-Digit-Actor : town:<code INSEE> (la ville) ou digit:<identifiant> (un agent de la DIGIT).', [
      { path: 'headers.X-Digit-Actor', message: 'town:<insee> ou digit:<identifiant> attendu' },
    ]);
  }
  return header;
};

/** The SHA-256 of the content as received, computed here at the edge: it proves DIGIT never altered it (R-DX-4). */
const sha256 = (content: string): string => createHash('sha256').update(content, 'utf8').digest('hex');

const datasetId = (id: string): string => {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(id)) {
    throw new ApiError(404, 'dataset_not_found', `Aucun jeu de données « ${id} » : l’identifiant n’a pas la forme attendue.`, [{ path: 'datasetId', message: 'identifiant invalide' }]);
  }
  return id;
};

/**
 * Datasets towns send (R-DX-4, R-DX-5, R-DX-8, R-GDPR-2), the metadata catalogue (R-DX-6) and
 * the third-party licences (R-DX-7), answered by the data-exchange service over NATS.
 */
// Interim: DIGIT ops only, until these routes move to the typed catalogue with their own policies.
@RoutePolicy({ roles: ['ops'] })
@Controller('api/v1')
export class DatasetsController {
  constructor(private readonly services: ServiceClient) {}

  @Get('datasets')
  list(@Query('insee') insee?: string) {
    return this.services.ask(querySubject('data-exchange', 'datasets'), insee === undefined ? {} : { insee: knownTown(insee) });
  }

  @Get('datasets/:id')
  one(@Param('id') id: string) {
    return this.services.ask(querySubject('data-exchange', 'dataset'), { datasetId: datasetId(id) });
  }

  @Post('datasets')
  @HttpCode(201)
  async send(@Headers('x-digit-actor') actor: string | undefined, @Body() body: unknown) {
    const who = actorOf(actor);
    const submission = await this.services.validBody(DatasetSubmissionDto, body);
    return this.services.ask(commandSubject('data-exchange', 'send-dataset'), { ...submission, contentHash: sha256(submission.content), actor: who });
  }

  @Post('datasets/:id/corrections')
  @HttpCode(201)
  async correct(@Param('id') id: string, @Headers('x-digit-actor') actor: string | undefined, @Body() body: unknown) {
    const who = actorOf(actor);
    const version = await this.services.validBody(DatasetVersionDto, body);
    return this.services.ask(commandSubject('data-exchange', 'correct-dataset'), { ...version, datasetId: datasetId(id), contentHash: sha256(version.content), actor: who });
  }

  @Post('datasets/:id/audits')
  @HttpCode(201)
  async audit(@Param('id') id: string, @Headers('x-digit-actor') actor: string | undefined, @Body() body: unknown) {
    const who = actorOf(actor);
    const audit = await this.services.validBody(DatasetAuditDto, body);
    return this.step(id, 'audit', who, { contentHash: audit.contentHash, remarks: audit.remarks });
  }

  @Post('datasets/:id/validations')
  @HttpCode(201)
  async validate(@Param('id') id: string, @Headers('x-digit-actor') actor: string | undefined, @Body() body: unknown) {
    const who = actorOf(actor);
    const { contentHash } = await this.services.validBody(DatasetVersionRefDto, body);
    return this.step(id, 'validate', who, { contentHash });
  }

  @Post('datasets/:id/publication-preparations')
  @HttpCode(201)
  async prepare(@Param('id') id: string, @Headers('x-digit-actor') actor: string | undefined, @Body() body: unknown) {
    const who = actorOf(actor);
    const { contentHash } = await this.services.validBody(DatasetVersionRefDto, body);
    return this.step(id, 'prepare', who, { contentHash });
  }

  @Post('datasets/:id/publications')
  @HttpCode(201)
  async publish(@Param('id') id: string, @Headers('x-digit-actor') actor: string | undefined, @Body() body: unknown) {
    const who = actorOf(actor);
    const publication = await this.services.validBody(DatasetPublicationDto, body);
    return this.step(id, 'publish', who, { contentHash: publication.contentHash, target: publication.target });
  }

  /** Asks the privacy service again for a version that could not be checked (R-GDPR-2). */
  @Post('datasets/:id/privacy-checks')
  @HttpCode(201)
  async recheck(@Param('id') id: string, @Headers('x-digit-actor') actor: string | undefined, @Body() body: unknown) {
    const who = actorOf(actor);
    const { format, content } = await this.services.validBody(DatasetContentDto, body);
    return this.services.ask(commandSubject('data-exchange', 'check-dataset-privacy'), { datasetId: datasetId(id), format, content, contentHash: sha256(content), actor: who });
  }

  @Get('catalogue/records')
  records() {
    return this.services.ask(querySubject('data-exchange', 'catalogue-records'), {});
  }

  @Put('catalogue/records/:identifier')
  saveRecord(@Param('identifier') identifier: string, @Headers('x-digit-actor') actor: string | undefined, @Body() body: unknown) {
    return this.services.ask(commandSubject('data-exchange', 'save-metadata-record'), { identifier, record: body, actor: actorOf(actor) });
  }

  @Delete('catalogue/records/:identifier')
  removeRecord(@Param('identifier') identifier: string, @Headers('x-digit-actor') actor: string | undefined) {
    return this.services.ask(commandSubject('data-exchange', 'remove-metadata-record'), { identifier, actor: actorOf(actor) });
  }

  /** The published records in the SCDL `catalogue` schema (CSV). */
  @Get('catalogue.csv')
  async catalogueCsv(@Res({ passthrough: true }) response: HeaderSink) {
    const { csv } = await this.services.ask<{ csv: string }>(querySubject('data-exchange', 'catalogue-scdl'), {});
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="catalogue_gpso_${parisToday()}.csv"`);
    return csv;
  }

  /** The whole catalogue as DCAT-AP JSON-LD. */
  @Get('catalogue.jsonld')
  async catalogueJsonLd(@Res({ passthrough: true }) response: HeaderSink) {
    const document = await this.services.ask(querySubject('data-exchange', 'catalogue-dcat'), {});
    response.setHeader('Content-Type', 'application/ld+json; charset=utf-8');
    return document;
  }

  /** Annex 4 agreements; `?endingWithinDays=90` lists those ending within 90 days of `today` (default: today in Paris). */
  @Get('licences')
  licences(@Query('endingWithinDays') endingWithinDays?: string, @Query('today') today?: string) {
    const day = calendarDateParam('today', today, parisToday);
    return this.services.ask(querySubject('data-exchange', 'licences'), {
      today: day,
      ...(endingWithinDays === undefined ? {} : { endingWithinDays: integerParam('endingWithinDays', endingWithinDays, 90, 0, 3660) }),
    });
  }

  /** R-SEC-6: annex 4's contracts and licences ended, or ending within 90 days of `asOf` (today by default), as alerts. */
  @Get('licences/alerts')
  licenceAlerts(@Query('asOf') asOf?: string) {
    return this.services.ask(querySubject('data-exchange', 'alerts'), { asOf: calendarDateParam('asOf', asOf, parisToday) });
  }

  private step(id: string, step: string, actor: string, fields: Record<string, unknown>) {
    return this.services.ask(commandSubject('data-exchange', 'dataset-step'), { datasetId: datasetId(id), step, actor, ...fields });
  }
}
