import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmptyObject,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { PageRequestDto } from '../edge/paging.js';
import { IsCalendarDate, isCalendarDate } from '../http/calendar-date.js';
import { IsTown } from '../http/town.js';
import type { Insee } from '../towns.js';

/**
 * The privacy service's requests [R-GDPR-1..3], validated once, at the service's edge. Limits:
 * names 200 characters, free texts and list items 2,000, references 64, ids 64 (agents) or 200
 * (data subjects), lists 50 items (6 legal bases), a register CSV or a checked content 100,000
 * characters (the bound of every string, REQUEST_BOUNDS), pages of 1,000 at most.
 */

/** A processing's reference in a town's register: TRT-2024-001, 2023/12… (the CSV import checks the same in the domain). */
export const PROCESSING_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
/** Agent ids double as personal-data subject ids, so they follow the envelopes' alphabet. */
export const AGENT_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** A data subject id as personal-data envelopes hold it (contact personId, agentId): never a name. */
export const SUBJECT_ID = /^[A-Za-z0-9._-]{1,200}$/;

const REFERENCE_MESSAGE =
  'référence invalide : 1 à 64 caractères parmi lettres, chiffres, « . », « _ », « / » et « - », par ex. TRT-2024-001';
const AGENT_ID_MESSAGE = "identifiant d'agent invalide : 1 à 64 lettres, chiffres, « . », « _ » ou « - »";
const TEXT = { message: '$property doit être un texte' };
const LIST = { message: '$property doit être une liste de textes' };
const atMost = (length: number) => ({ message: `$property : ${length} caractères au plus` });
const itemsAtMost = (length: number) => ({ each: true, message: `$property : ${length} caractères au plus par élément` });
const listAtMost = (size: number) => ({ message: `$property : ${size} éléments au plus` });

/** A town's own request: its INSEE code (from the path). */
class TownRequest {
  @IsTown()
  insee!: Insee;
}

class ProcessingRef extends TownRequest {
  @IsString({ message: REFERENCE_MESSAGE })
  @Matches(PROCESSING_REFERENCE, { message: REFERENCE_MESSAGE })
  reference!: string;
}

/** A transfer of personal data outside the European Union (RGPD art. 44 to 49). */
export class OutsideEuTransferDto {
  @IsString(TEXT)
  @MaxLength(200, atMost(200))
  country!: string;

  @IsString(TEXT)
  @MaxLength(2000, atMost(2000))
  safeguards!: string;
}

/**
 * One processing activity of a town's register (RGPD art. 30.1). The shapes are checked here;
 * the vocabulary (legal bases, data categories) and the completeness a validation needs are the
 * register's rules (services/privacy domain), answered with a path per problem.
 */
export class ProcessingFicheDto {
  @IsString(TEXT)
  @MaxLength(200, atMost(200))
  name!: string;

  @IsOptional()
  @IsArray(LIST)
  @IsString({ each: true, ...LIST })
  @MaxLength(2000, itemsAtMost(2000))
  @ArrayMaxSize(50, listAtMost(50))
  purposes?: string[];

  /** `consent`, `contract`, `legal-obligation`, `vital-interests`, `public-interest-mission`, `legitimate-interests`. */
  @IsOptional()
  @IsArray(LIST)
  @IsString({ each: true, ...LIST })
  @MaxLength(64, itemsAtMost(64))
  @ArrayMaxSize(6, listAtMost(6))
  legalBases?: string[];

  @IsOptional()
  @IsArray(LIST)
  @IsString({ each: true, ...LIST })
  @MaxLength(2000, itemsAtMost(2000))
  @ArrayMaxSize(50, listAtMost(50))
  dataSubjects?: string[];

  /** Categories of the privacy vocabulary: `identity`, `email`, `phone`, `postal-address`, `cadastral-owner`, `health`... */
  @IsOptional()
  @IsArray(LIST)
  @IsString({ each: true, ...LIST })
  @MaxLength(64, itemsAtMost(64))
  @ArrayMaxSize(50, listAtMost(50))
  dataCategories?: string[];

  @IsOptional()
  @IsArray(LIST)
  @IsString({ each: true, ...LIST })
  @MaxLength(2000, itemsAtMost(2000))
  @ArrayMaxSize(50, listAtMost(50))
  otherDataCategories?: string[];

  @IsOptional()
  @IsString(TEXT)
  @MaxLength(2000, atMost(2000))
  sensitiveDataException?: string;

  @IsOptional()
  @IsArray(LIST)
  @IsString({ each: true, ...LIST })
  @MaxLength(2000, itemsAtMost(2000))
  @ArrayMaxSize(50, listAtMost(50))
  recipients?: string[];

  @IsOptional()
  @IsArray(LIST)
  @ArrayMaxSize(50, listAtMost(50))
  @ValidateNested({ each: true })
  @Type(() => OutsideEuTransferDto)
  transfersOutsideEu?: OutsideEuTransferDto[];

  @IsOptional()
  @IsArray(LIST)
  @IsString({ each: true, ...LIST })
  @MaxLength(2000, itemsAtMost(2000))
  @ArrayMaxSize(50, listAtMost(50))
  retentionPeriods?: string[];

  @IsOptional()
  @IsArray(LIST)
  @IsString({ each: true, ...LIST })
  @MaxLength(2000, itemsAtMost(2000))
  @ArrayMaxSize(50, listAtMost(50))
  securityMeasures?: string[];

  @IsOptional()
  @IsString(TEXT)
  @MaxLength(500, atMost(500))
  jointController?: string;

  @IsOptional()
  @IsString(TEXT)
  @MaxLength(500, atMost(500))
  software?: string;
}

const FICHE_MESSAGE = { message: 'fiche doit décrire le traitement (nom, finalités, base légale...)' };

/** `GET /api/v1/privacy/{insee}/register`: a page of the town's register, by reference. */
export class RegisterRequest extends PageRequestDto {
  @IsTown()
  insee!: Insee;
}

/** `GET /api/v1/privacy/{insee}/register/{reference}`. */
export class ProcessingRequest extends ProcessingRef {}

/** `POST /api/v1/privacy/{insee}/register`: a new processing, in draft until its DPD validates it (R-GDPR-1). */
export class DeclareProcessingRequest extends ProcessingRef {
  @IsNotEmptyObject({}, FICHE_MESSAGE)
  @ValidateNested()
  @Type(() => ProcessingFicheDto)
  fiche!: ProcessingFicheDto;
}

/** `PUT /api/v1/privacy/{insee}/register/{reference}`: a changed fiche goes back to draft. */
export class UpdateProcessingRequest extends ProcessingRef {
  @IsNotEmptyObject({}, FICHE_MESSAGE)
  @ValidateNested()
  @Type(() => ProcessingFicheDto)
  fiche!: ProcessingFicheDto;
}

/** `POST /api/v1/privacy/{insee}/register/{reference}/validation`: the town's DPD validates the fiche (R-SEC-4). */
export class ValidateProcessingRequest extends ProcessingRef {}

/** `POST /api/v1/privacy/{insee}/register/{reference}/withdrawal`. */
export class WithdrawProcessingRequest extends ProcessingRef {
  @IsString({ message: 'reason doit indiquer le motif du retrait' })
  @MaxLength(2000, atMost(2000))
  reason!: string;
}

/** `POST /api/v1/privacy/{insee}/register/import`: the DPD's register file, `text/csv` or JSON `{ csv }`. */
export class ImportRegisterRequest extends TownRequest {
  @IsString({ message: 'csv doit contenir le registre au format CSV (séparateur « ; » ou « , »)' })
  @MaxLength(100_000, { message: 'csv : 100 000 caractères au plus ; découpez le registre en plusieurs imports' })
  csv!: string;
}

/** The kinds of data DIGIT checks before processing (R-GDPR-2). */
export const CHECKED_ITEM_KINDS = ['dataset', 'support-request', 'road-order'] as const;

const IsCsvOrJson = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isCsvOrJson',
    target: target.constructor,
    propertyName,
    options: {
      message: 'content doit être le texte CSV (en-tête en première ligne, 100 000 caractères au plus) ou le JSON des données à vérifier',
    },
    validator: {
      validate: (value: unknown) => (typeof value === 'string' && value.length <= 100_000) || (typeof value === 'object' && value !== null),
    },
  });

const IsDeclaredCategories = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isDeclaredCategories',
    target: target.constructor,
    propertyName,
    options: {
      message: `${propertyName} doit valoir « none » (aucune donnée personnelle) ou une liste de 50 catégories au plus (identity, email, phone, postal-address, cadastral-owner...)`,
    },
    validator: {
      validate: (value: unknown) =>
        value === 'none' ||
        (Array.isArray(value) && value.length <= 50 && value.every((item) => typeof item === 'string' && item.length <= 64)),
    },
  });

/** The data about to be processed: which one, and its content (never stored, only its SHA-256). */
export class CheckedItemDto {
  @IsIn(CHECKED_ITEM_KINDS, { message: `kind doit valoir ${CHECKED_ITEM_KINDS.join(', ')}` })
  kind!: (typeof CHECKED_ITEM_KINDS)[number];

  @IsString({ message: "id doit être l'identifiant de la donnée chez l'expéditeur" })
  @MaxLength(200, atMost(200))
  id!: string;

  @IsDefined({ message: 'content est obligatoire : le texte CSV ou le JSON des données' })
  @IsCsvOrJson()
  content!: unknown;
}

/**
 * The cross-check (R-GDPR-2): `POST /api/v1/privacy/{insee}/checks`, or NATS from the services
 * about to process data (support, data-exchange). Who asks is the caller, never a field.
 * `declaredCategories` absent means the sender states nothing: what is detected stands.
 */
export class CheckPersonalDataRequest extends TownRequest {
  @IsDefined({ message: 'item est obligatoire : { kind, id, content }' })
  @IsObject({ message: 'item doit être un objet { kind, id, content }' })
  @ValidateNested()
  @Type(() => CheckedItemDto)
  item!: CheckedItemDto;

  @IsOptional()
  @IsString({ message: 'declaredProcessing doit être la référence du traitement au registre du DPD' })
  @MaxLength(64, atMost(64))
  declaredProcessing?: string;

  @IsOptional()
  @IsDeclaredCategories()
  declaredCategories?: 'none' | string[];
}

const IsNotAfter = (other: string) => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isNotAfter',
    target: target.constructor,
    propertyName,
    options: { message: `doit précéder ou égaler « ${other} » : la période demandée est vide` },
    validator: {
      validate: (value: unknown, args) => {
        const end = (args?.object as Record<string, unknown> | undefined)?.[other];
        return typeof value !== 'string' || typeof end !== 'string' || value <= end;
      },
    },
  });

/** `GET /api/v1/privacy/{insee}/log?from=&to=` (and `log.csv`): Paris calendar days, both ends included. */
export class ProcessingLogRequest extends PageRequestDto {
  @IsTown()
  insee!: Insee;

  @IsOptional()
  @IsCalendarDate({ message: 'from doit être une date réelle au format AAAA-MM-JJ' })
  @IsNotAfter('to')
  from?: string;

  @IsOptional()
  @IsCalendarDate({ message: 'to doit être une date réelle au format AAAA-MM-JJ' })
  to?: string;

  /** The log's cursor is a position in the history. */
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'after doit être le curseur donné par la page précédente (champ next)' })
  override after?: string;
}

/** `GET /api/v1/privacy/agents?asOf=`: DIGIT agents and their standing that day, by agent id. */
export class TrainingAgentsRequest extends PageRequestDto {
  @IsOptional()
  @IsCalendarDate({ message: 'asOf doit être une date réelle au format AAAA-MM-JJ' })
  asOf?: string;

  @IsOptional()
  @Matches(AGENT_ID, { message: 'after doit être le curseur donné par la page précédente (champ next)' })
  override after?: string;
}

const DUE_CURSOR = /^(\d{4}-\d{2}-\d{2})~[A-Za-z0-9._-]{1,64}$/;

const IsDueCursor = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isDueCursor',
    target: target.constructor,
    propertyName,
    options: { message: 'after doit être le curseur donné par la page précédente (champ next)' },
    validator: { validate: (value: unknown) => typeof value === 'string' && isCalendarDate(DUE_CURSOR.exec(value)?.[1]) },
  });

/** `GET /api/v1/privacy/agents/due?asOf=&withinDays=`: who must be trained, the most urgent first. */
export class AgentsDueRequest extends PageRequestDto {
  @IsOptional()
  @IsCalendarDate({ message: 'asOf doit être une date réelle au format AAAA-MM-JJ' })
  asOf?: string;

  @IsOptional()
  @IsInt({ message: 'withinDays doit être un nombre entier de jours entre 0 et 3660' })
  @Min(0, { message: 'withinDays doit être un nombre entier de jours entre 0 et 3660' })
  @Max(3660, { message: 'withinDays doit être un nombre entier de jours entre 0 et 3660' })
  withinDays?: number;

  /** The cursor of this list is the last agent's due date and id: `2024-04-15~a-new`. */
  @IsOptional()
  @IsDueCursor()
  override after?: string;
}

class AgentRef {
  @IsString({ message: AGENT_ID_MESSAGE })
  @Matches(AGENT_ID, { message: AGENT_ID_MESSAGE })
  agentId!: string;
}

/** `POST /api/v1/privacy/agents`: a DIGIT agent whose GDPR training is followed (R-GDPR-3). */
export class RegisterAgentRequest extends AgentRef {
  @IsString({ message: "fullName doit être le nom de l'agent" })
  @MaxLength(200, atMost(200))
  fullName!: string;

  @IsCalendarDate({ message: "joinedOn doit être la date d'arrivée à la DIGIT, au format AAAA-MM-JJ" })
  joinedOn!: string;
}

/** `POST /api/v1/privacy/agents/{agentId}/trainings`: a GDPR training the agent followed. */
export class RecordGdprTrainingRequest extends AgentRef {
  @IsCalendarDate({ message: 'trainedOn doit être la date de la formation, au format AAAA-MM-JJ' })
  trainedOn!: string;

  @IsString({ message: 'course doit nommer la formation suivie' })
  @MaxLength(500, atMost(500))
  course!: string;

  @IsOptional()
  @IsString({ message: 'provider doit nommer l’organisme de formation' })
  @MaxLength(500, atMost(500))
  provider?: string;
}

/** `POST /api/v1/privacy/agents/{agentId}/departure`. */
export class RecordAgentDepartureRequest extends AgentRef {
  @IsCalendarDate({ message: 'leftOn doit être la date de départ de la DIGIT, au format AAAA-MM-JJ' })
  leftOn!: string;
}

/**
 * `POST /api/v1/privacy/erasures` (RGPD art. 17): destroys the person's key, so every field
 * sealed with it reads as erased, and read models drop what they derived from it.
 */
export class ErasePersonalDataRequest {
  @IsString({ message: "subjectId doit être l'identifiant de la personne dans les données (personId d'un contact, agentId d'un agent)" })
  @Matches(SUBJECT_ID, { message: 'identifiant de la personne attendu : 1 à 200 lettres, chiffres, « . », « _ » ou « - »' })
  subjectId!: string;

  @IsString({ message: "reason doit indiquer le motif de l'effacement, sans donnée personnelle" })
  @MaxLength(2000, atMost(2000))
  reason!: string;
}
