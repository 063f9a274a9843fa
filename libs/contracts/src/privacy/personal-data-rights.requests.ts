import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageRequestDto } from '../edge/paging.js';
import { IsCalendarDate } from '../http/calendar-date.js';
import { IsTown } from '../http/town.js';
import type { Insee } from '../towns.js';
import { PROCESSING_REFERENCE, SUBJECT_ID } from './privacy.requests.js';

/**
 * The requests of a person's rights over the data DIGIT holds [R-GDPR-5, RGPD art. 5(1)(e), 15,
 * 17, 30, 32]: reads in clear traced, retention periods kept, a person's data found, exported and
 * erased in one act.
 */

/** Where a person's data is held in the system; a retention rule names the ones it applies to. */
export const PERSONAL_DATA_HOLDINGS = ['convention-contacts'] as const;
export type PersonalDataHolding = (typeof PERSONAL_DATA_HOLDINGS)[number];

/** What DIGIT itself processes about its agents (R-GDPR-3), the purpose a read of their records states. */
export const DIGIT_OWN_PROCESSINGS = [
  { reference: 'DIGIT-FORMATION-RGPD', name: 'Suivi de la formation RGPD des agents de la DIGIT (R-GDPR-3)' },
] as const;

const CURSOR = /^\d{1,19}$/;
const CURSOR_MESSAGE = 'after doit être le curseur donné par la page précédente (champ next)';

/** The gateway records every read in clear it serves (R-GDPR-5); only the system's services send it. */
export class RecordPersonalDataReadRequest {
  /** The town whose register states the purpose; absent for DIGIT's own data (its agents). */
  @IsOptional()
  @IsTown()
  insee?: Insee;

  @IsString({ message: 'purpose doit être la référence d’un traitement validé du registre' })
  @MaxLength(64, { message: 'purpose : 64 caractères au plus' })
  purpose!: string;

  /** `GET /api/v1/conventions/:insee`: the route or export that served the data. */
  @IsString({ message: 'route doit nommer la route ou l’export' })
  @MaxLength(200, { message: 'route : 200 caractères au plus' })
  route!: string;

  /** The authenticated subject who read (R-SEC-1). */
  @IsString({ message: 'reader doit être le sujet authentifié qui lit' })
  @MaxLength(200, { message: 'reader : 200 caractères au plus' })
  reader!: string;

  @IsArray({ message: 'subjectIds doit être la liste des personnes lues' })
  @ArrayMaxSize(1000, { message: 'subjectIds : 1 000 personnes au plus par lecture' })
  @Matches(SUBJECT_ID, { each: true, message: 'identifiant de personne attendu : 1 à 200 lettres, chiffres, « . », « _ » ou « - »' })
  subjectIds!: string[];
}

/** `GET /api/v1/privacy/:insee/reads`: the town's trace of reads in clear, oldest first. */
export class PersonalDataReadsRequest extends PageRequestDto {
  @IsTown()
  insee!: Insee;

  @IsOptional()
  @Matches(CURSOR, { message: CURSOR_MESSAGE })
  override after?: string;
}

/** `GET /api/v1/privacy/reads`: the trace of reads of DIGIT's own data (its agents' records). */
export class DigitPersonalDataReadsRequest extends PageRequestDto {
  @IsOptional()
  @Matches(CURSOR, { message: CURSOR_MESSAGE })
  override after?: string;
}

/** `PUT /api/v1/privacy/:insee/register/:reference/retention`: how long the processing keeps a person's data (art. 5(1)(e)). */
export class SetRetentionRequest {
  @IsTown()
  insee!: Insee;

  @IsString({ message: 'reference doit être la référence du traitement' })
  @Matches(PROCESSING_REFERENCE, { message: 'référence invalide, par ex. TRT-2024-001' })
  reference!: string;

  @IsInt({ message: 'days doit être un nombre entier de jours entre 1 et 36500' })
  @Min(1, { message: 'days doit être un nombre entier de jours entre 1 et 36500' })
  @Max(36500, { message: 'days doit être un nombre entier de jours entre 1 et 36500' })
  days!: number;

  /** The data of the system the processing covers; the period counts from the end of each person's tenure. */
  @IsArray({ message: `appliesTo doit lister les données concernées : ${PERSONAL_DATA_HOLDINGS.join(', ')}` })
  @ArrayMaxSize(PERSONAL_DATA_HOLDINGS.length, { message: 'appliesTo : chaque donnée une fois' })
  @IsIn(PERSONAL_DATA_HOLDINGS, { each: true, message: `appliesTo : valeurs acceptées ${PERSONAL_DATA_HOLDINGS.join(', ')}` })
  appliesTo!: PersonalDataHolding[];
}

/** `GET /api/v1/privacy/:insee/retention/due`: the persons whose data falls due within N days. */
export class RetentionDueRequest {
  @IsTown()
  insee!: Insee;

  @IsOptional()
  @IsCalendarDate({ message: 'asOf doit être une date réelle au format AAAA-MM-JJ' })
  asOf?: string;

  @IsOptional()
  @IsInt({ message: 'withinDays doit être un nombre entier de jours entre 0 et 3660' })
  @Min(0, { message: 'withinDays doit être un nombre entier de jours entre 0 et 3660' })
  @Max(3660, { message: 'withinDays doit être un nombre entier de jours entre 0 et 3660' })
  withinDays?: number;
}

/** Each service's side: the persons it holds data about, of one holding whose tenure ended (retention). */
export class HeldPersonalDataRequest {
  @IsOptional()
  @IsTown()
  insee?: Insee;

  /** The persons asked about (subject access); absent: every person of the town. */
  @IsOptional()
  @IsArray({ message: 'subjectIds doit être une liste' })
  @ArrayMaxSize(1000, { message: 'subjectIds : 1 000 personnes au plus' })
  @Matches(SUBJECT_ID, { each: true, message: 'identifiant de personne attendu' })
  subjectIds?: string[];
}

const IDENTIFIER = { message: 'un texte de 200 caractères au plus' };

/**
 * `POST /api/v1/privacy/:insee/subject-access` (RGPD art. 15): a person named by e-mail, phone or
 * name (at least one), in the body so that no identifier is written into an address or a log.
 */
export class SubjectAccessRequest {
  @IsTown()
  insee!: Insee;

  @IsOptional()
  @IsString(IDENTIFIER)
  @MaxLength(200, IDENTIFIER)
  email?: string;

  @IsOptional()
  @IsString(IDENTIFIER)
  @MaxLength(200, IDENTIFIER)
  phone?: string;

  @IsOptional()
  @IsString(IDENTIFIER)
  @MaxLength(200, IDENTIFIER)
  name?: string;
}

/** `POST /api/v1/privacy/:insee/subject-erasures` (RGPD art. 17): the person found as for access, erased in one act. */
export class SubjectErasureRequest extends SubjectAccessRequest {
  @IsString({ message: "reason doit indiquer le motif de l'effacement, sans donnée personnelle" })
  @MaxLength(2000, { message: 'reason : 2 000 caractères au plus' })
  reason!: string;
}
