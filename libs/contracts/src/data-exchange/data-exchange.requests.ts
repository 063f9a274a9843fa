import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageRequestDto } from '../edge/paging.js';
import { UploadRefDto } from '../edge/upload.js';
import { IsCalendarDate } from '../http/calendar-date.js';
import { IsTown } from '../http/town.js';
import type { Insee } from '../towns.js';
import { PUBLICATION_TARGETS, type PublicationTarget } from './dataset-view.js';

/**
 * Requests of the data-exchange service [R-DX-1..8]. They check shapes, types and sizes once, at
 * the service's edge; the domain checks the rules (mentions filled, year, personal data and its
 * processing, review steps) and names every problem with its path.
 *
 * Limits (issue 18): a dataset's content 100,000 characters (the API's bodies are 100 KB at most);
 * titles 256; mentions and licence 200; usage conditions 2,000; a register reference 64 (as the
 * privacy service's); remarks 100 of 2,000 characters; identifiers 100.
 */
const AS_OF = 'asOf doit être une date réelle au format AAAA-MM-JJ';
const DATASET_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const DATASET_ID_MESSAGE = 'datasetId : lettres, chiffres, « . », « _ » ou « - », 100 caractères au plus';
const SHA256 = /^[0-9a-fA-F]{64}$/;
const SHA256_MESSAGE = 'contentHash doit être l’empreinte SHA-256 (64 caractères hexadécimaux) de la version visée';
const CONTENT_FORMATS = ['csv', 'json'] as const;

/** `GET /api/v1/voirie/{insee}/roads?asOf=&limit=&after=`: the town's roads in force that day (default: today in Paris). */
export class VoirieRoadsRequest extends PageRequestDto {
  @IsTown()
  insee!: Insee;

  @IsOptional()
  @IsCalendarDate({ message: AS_OF })
  asOf?: string;
}

/** `GET /api/v1/voirie/{insee}/bal.csv` and `traffic-directions.geojson`: an export of the registry as of a day. */
export class VoirieExportRequest {
  @IsTown()
  insee!: Insee;

  @IsOptional()
  @IsCalendarDate({ message: AS_OF })
  asOf?: string;
}

/** `GET /api/v1/voirie/{insee}/orders/{orderId}`: the order id as the town sent it, even a malformed one. */
export class VoirieOrderRequest {
  @IsTown()
  insee!: Insee;

  @IsString({ message: 'orderId doit être l’identifiant de l’arrêté (orderId) tel qu’envoyé' })
  @MaxLength(200, { message: 'orderId : 200 caractères au plus' })
  orderId!: string;
}

/**
 * `POST /api/v1/voirie/{insee}/baseline` (R-DX-9): the town's BAL 1.4 file, put by the gateway into
 * the uploads object store; the service reads it from there.
 */
export class ImportBaselineRequest {
  @IsTown()
  insee!: Insee;

  @IsObject({ message: 'upload : la référence du fichier déposé par la passerelle' })
  @ValidateNested()
  @Type(() => UploadRefDto)
  upload!: UploadRefDto;
}

/** `GET /api/v1/datasets?insee=&limit=&after=`: the datasets, by town then id; a town's people see theirs only (R-SEC-2). */
export class ListDatasetsRequest extends PageRequestDto {
  @IsOptional()
  @IsTown()
  insee?: Insee;
}

/** A dataset named by the path. */
export class DatasetRequest {
  @Matches(DATASET_ID, { message: DATASET_ID_MESSAGE })
  datasetId!: string;
}

/** Mandatory mentions of any diffusion of the data (R-DX-4). */
export class DatasetMentionsDto {
  @IsString({ message: 'mentions.source doit être un texte (par ex. « Ville de Boulogne-Billancourt »)' })
  @MaxLength(200, { message: 'mentions.source : 200 caractères au plus' })
  source!: string;

  @IsString({ message: 'mentions.copyright doit être un texte (par ex. « © Ville de Boulogne-Billancourt »)' })
  @MaxLength(200, { message: 'mentions.copyright : 200 caractères au plus' })
  copyright!: string;

  /** The domain checks the year against the day it is sent (R-DX-4); here only its shape. */
  @IsInt({ message: 'mentions.year doit être une année entière (par ex. 2024)' })
  @Min(1000, { message: 'mentions.year doit être une année sur quatre chiffres (par ex. 2024)' })
  @Max(9999, { message: 'mentions.year doit être une année sur quatre chiffres (par ex. 2024)' })
  year!: number;
}

/** The usage rights the town grants (R-DX-4). */
export class DatasetUsageRightsDto {
  @IsString({ message: 'usageRights.licence doit nommer la licence (par ex. « Licence Ouverte 2.0 »)' })
  @MaxLength(200, { message: 'usageRights.licence : 200 caractères au plus' })
  licence!: string;

  @IsOptional()
  @IsString({ message: 'usageRights.conditions doit être un texte' })
  @MaxLength(2000, { message: 'usageRights.conditions : 2 000 caractères au plus' })
  conditions?: string;
}

/** Whether the content holds personal data, and under which processing of the town's DPD register (R-GDPR-2). */
export class DatasetPersonalDataDto {
  @IsBoolean({ message: 'personalData.contains doit valoir true ou false' })
  contains!: boolean;

  @IsOptional()
  @IsString({ message: 'personalData.processingReference doit être la référence du traitement au registre du DPD' })
  @MaxLength(64, { message: 'personalData.processingReference : 64 caractères au plus' })
  processingReference?: string;
}

/** A dataset's content: the file's text as sent; the service computes its SHA-256 (R-DX-4: DIGIT never alters it). */
export class DatasetContentDto {
  @IsIn(CONTENT_FORMATS, { message: 'format doit valoir csv ou json' })
  format!: 'csv' | 'json';

  @IsString({ message: 'content doit être le texte du fichier (CSV ou JSON), tel quel' })
  @MinLength(1, { message: 'content ne doit pas être vide' })
  @MaxLength(100_000, { message: 'content : 100 000 caractères au plus ; découpez le jeu de données' })
  content!: string;
}

/** A version of the data: its declaration and its content. */
export class DatasetVersionDto extends DatasetContentDto {
  @IsString({ message: 'title doit être le titre du jeu de données' })
  @MaxLength(256, { message: 'title : 256 caractères au plus' })
  title!: string;

  @IsObject({ message: 'mentions doit être un objet { source, copyright, year }' })
  @ValidateNested()
  @Type(() => DatasetMentionsDto)
  mentions!: DatasetMentionsDto;

  @IsObject({ message: 'usageRights doit être un objet { licence, conditions? }' })
  @ValidateNested()
  @Type(() => DatasetUsageRightsDto)
  usageRights!: DatasetUsageRightsDto;

  @IsObject({ message: 'personalData doit être un objet { contains, processingReference? }' })
  @ValidateNested()
  @Type(() => DatasetPersonalDataDto)
  personalData!: DatasetPersonalDataDto;
}

/** `POST /api/v1/datasets`: a town sends a new dataset; its people send for their own town only (R-DX-3). */
export class SendDatasetRequest extends DatasetVersionDto {
  @IsOptional()
  @Matches(DATASET_ID, { message: `${DATASET_ID_MESSAGE} (absent : DIGIT en attribue un)` })
  datasetId?: string;

  @IsTown()
  insee!: Insee;
}

/** `POST /api/v1/datasets/{id}/corrections`: the town sends a new version (R-DX-5). */
export class CorrectDatasetRequest extends DatasetVersionDto {
  @Matches(DATASET_ID, { message: DATASET_ID_MESSAGE })
  datasetId!: string;
}

/** `POST /api/v1/datasets/{id}/privacy-checks`: the current version's content, to ask the register check again (R-GDPR-2). */
export class CheckDatasetPrivacyRequest extends DatasetContentDto {
  @Matches(DATASET_ID, { message: DATASET_ID_MESSAGE })
  datasetId!: string;
}

/** A step on the version with this hash: validation (town), preparation for Open Data (DIGIT). */
export class DatasetStepRequest {
  @Matches(DATASET_ID, { message: DATASET_ID_MESSAGE })
  datasetId!: string;

  @Matches(SHA256, { message: SHA256_MESSAGE })
  contentHash!: string;
}

/** `POST /api/v1/datasets/{id}/audits` (DIGIT): remarks on the version with this hash, none if all is right (R-DX-5). */
export class AuditDatasetRequest extends DatasetStepRequest {
  @IsArray({ message: 'remarks doit être une liste de remarques (vide si rien à redire)' })
  @ArrayMaxSize(100, { message: 'remarks : 100 remarques au plus' })
  @IsString({ each: true, message: 'chaque remarque doit être un texte' })
  @MaxLength(2000, { each: true, message: 'une remarque fait 2 000 caractères au plus' })
  remarks!: string[];
}

/** `POST /api/v1/datasets/{id}/publications` (town only, R-DX-8). */
export class PublishDatasetRequest extends DatasetStepRequest {
  @IsIn(PUBLICATION_TARGETS, { message: 'target doit valoir town_subdomain (sous-domaine de la ville) ou gpso_domain' })
  target!: PublicationTarget;
}

/** `GET /api/v1/licences?endingWithinDays=&today=` (R-DX-7). */
export class LicencesRequest {
  @IsOptional()
  @IsInt({ message: 'endingWithinDays doit être un nombre entier de jours entre 0 et 3660' })
  @Min(0, { message: 'endingWithinDays doit être un nombre entier de jours entre 0 et 3660' })
  @Max(3660, { message: 'endingWithinDays doit être un nombre entier de jours entre 0 et 3660' })
  endingWithinDays?: number;

  @IsOptional()
  @IsCalendarDate({ message: 'today doit être une date réelle au format AAAA-MM-JJ' })
  today?: string;
}

/** `GET /api/v1/catalogue/records?limit=&after=`: the catalogue's records by identifier (R-DX-6). */
export class ListMetadataRecordsRequest extends PageRequestDto {}

/** The catalogue's exports take no parameter. */
export class CatalogueExportRequest {}
