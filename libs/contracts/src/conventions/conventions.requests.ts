import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '../http/calendar-date.js';
import { IsTown } from '../http/town.js';
import { SUBJECT_ID } from '../privacy/privacy.requests.js';
import type { Insee } from '../towns.js';
import { ACTES_NUMBER, ACTES_NUMBER_MAX_LENGTH, HOSTNAME, IsShareRate, NOT_BLANK } from './convention-fields.js';
import {
  CONTACT_ROLES,
  GIS_OPTION_NUMBERS,
  type ContactRole,
  type GisOptionNumber,
  type OpenDataVariant,
  type Party,
} from './convention-view.js';

/**
 * The conventions service's requests [R-CON], validated once, at the service's edge: the shape of
 * every field is checked here; the rules that need the convention's state, and the cross-field
 * rules of the domain (votes against voters, the @ctes date against the session, edit licences
 * among users, the GPSO-domain variant's evidence, dates in order), are the decider's.
 * Limits (issue 18): deliberation subjects, notes 2,000 characters; names, signatory capacities
 * 200; evidence sources 500; register numbers 50; phones 40; e-mail addresses 254; @ctes numbers
 * 64; host names 253; person ids 200 (SUBJECT_ID); shares 20; votes and attendance 0 to 1,000;
 * GIS users and licences 0 to 100,000; tacit renewals 0 to 20; inhabitants 10,000,000, agents 1,000,000.
 */

const atMost = (length: number) => ({ message: `$property : ${length} caractères au plus` });
const IsParty = () => IsIn(['town', 'ept'], { message: 'La partie est « town » (la ville) ou « ept ».' });

/** A town's own request: its INSEE code (from the path). */
class TownRequest {
  @IsTown()
  insee!: Insee;
}

/** `GET /api/v1/towns`: the towns and their status on `today` (default: today in Paris). */
export class TownsRequest {
  @IsOptional()
  @IsCalendarDate()
  today?: string;

  /** Filled in for a town's people: they see their own town only (R-SEC-2). */
  @IsOptional()
  @IsTown()
  insee?: Insee;
}

/** `GET /api/v1/conventions/{insee}?asOf=`: the convention as in force that day (default: today in Paris). */
export class ConventionRequest extends TownRequest {
  @IsOptional()
  @IsCalendarDate({ message: 'asOf doit être une date réelle au format AAAA-MM-JJ' })
  asOf?: string;
}

/** `GET /api/v1/open-data/deliberations.csv`: the towns' deliberations in the SCDL schema. */
export class DeliberationsScdlRequest {
  /** `true` adds the demo towns' made-up deliberations (labelled so). */
  @IsOptional()
  @IsBoolean({ message: 'includeDemo vaut true ou false' })
  includeDemo?: boolean;
}

const GIS_OPTION = { message: "L'option SIG doit valoir 1, 2, 3 ou 4 (article 1.1 de la convention)." };

/** R-CON-7 and R-BIL-1: the GIS option and the two pool shares, as decimal strings. */
export class SizingDto {
  @IsIn(GIS_OPTION_NUMBERS, GIS_OPTION)
  sigOption!: GisOptionNumber;

  @IsShareRate()
  resourcesShare!: string;

  @IsShareRate()
  structureShare!: string;
}

/** R-CON-7: what an amendment changes; the decider refuses one that changes nothing in force. */
export class SizingChangesDto {
  @IsOptional()
  @IsIn(GIS_OPTION_NUMBERS, GIS_OPTION)
  sigOption?: GisOptionNumber;

  @IsOptional()
  @IsShareRate()
  resourcesShare?: string;

  @IsOptional()
  @IsShareRate()
  structureShare?: string;
}

const SIZING = { message: "L'option SIG et les parts ressources et structure sont obligatoires." };
const RENEWALS = { message: 'Le nombre de reconductions tacites doit être un entier de 0 à 20.' };

/** `POST /api/v1/conventions/{insee}/drafts` (R-CON-1, R-CON-2, R-CON-7). */
export class DraftConventionRequest extends TownRequest {
  @IsCalendarDate()
  draftedOn!: string;

  @IsCalendarDate()
  plannedEntryIntoForce!: string;

  @IsInt(RENEWALS)
  @Min(0, RENEWALS)
  @Max(20, RENEWALS)
  tacitRenewals!: number;

  @IsObject(SIZING)
  @ValidateNested()
  @Type(() => SizingDto)
  sizing!: SizingDto;
}

const VOTES = { message: 'Les voix pour, contre et abstentions sont des entiers positifs ou nuls (1 000 au plus).' };
const ATTENDANCE = { message: 'Présents, représentés et membres en exercice sont des entiers positifs ou nuls (1 000 au plus).' };

export class VotesDto {
  @IsInt(VOTES)
  @Min(0, VOTES)
  @Max(1000, VOTES)
  for!: number;

  @IsInt(VOTES)
  @Min(0, VOTES)
  @Max(1000, VOTES)
  against!: number;

  @IsInt(VOTES)
  @Min(0, VOTES)
  @Max(1000, VOTES)
  abstentions!: number;
}

export class AttendanceDto {
  @IsInt(ATTENDANCE)
  @Min(0, ATTENDANCE)
  @Max(1000, ATTENDANCE)
  present!: number;

  /** Members who gave a proxy (pouvoir). */
  @IsInt(ATTENDANCE)
  @Min(0, ATTENDANCE)
  @Max(1000, ATTENDANCE)
  represented!: number;

  @IsOptional()
  @IsInt(ATTENDANCE)
  @Min(0, ATTENDANCE)
  @Max(1000, ATTENDANCE)
  membersInOffice?: number;
}

const ACTES = {
  message: 'Le numéro de transmission en préfecture doit suivre le format @ctes, par exemple 092-219200128-20231207-137171-DE.',
};

/** The prefecture transmission (@ctes) of a deliberation. */
export class TransmissionDto {
  @IsString(ACTES)
  @MaxLength(ACTES_NUMBER_MAX_LENGTH, ACTES)
  @Matches(ACTES_NUMBER, ACTES)
  number!: string;

  @IsCalendarDate()
  date!: string;
}

/** `POST /api/v1/conventions/{insee}/deliberations`: a council's approval or express renewal (R-CON-1, R-CON-3). */
export class RecordDeliberationRequest extends TownRequest {
  @IsParty()
  assembly!: Party;

  @IsIn(['approval', 'express_renewal'], {
    message: 'La délibération est une approbation (« approval ») ou un renouvellement exprès (« express_renewal »).',
  })
  purpose!: 'approval' | 'express_renewal';

  @IsCalendarDate()
  councilDate!: string;

  /** The number in the assembly's register ("N° 26"). */
  @IsOptional()
  @IsString()
  @MaxLength(50, atMost(50))
  registerNumber?: string;

  @IsString({ message: "L'objet de la délibération est obligatoire." })
  @Matches(NOT_BLANK, { message: "L'objet de la délibération est obligatoire." })
  @MaxLength(2000, atMost(2000))
  subject!: string;

  @IsObject(VOTES)
  @ValidateNested()
  @Type(() => VotesDto)
  votes!: VotesDto;

  @IsOptional()
  @IsObject(ATTENDANCE)
  @ValidateNested()
  @Type(() => AttendanceDto)
  attendance?: AttendanceDto;

  @IsObject(ACTES)
  @ValidateNested()
  @Type(() => TransmissionDto)
  transmission!: TransmissionDto;
}

/** `POST /api/v1/conventions/{insee}/signatures` (R-CON-1). */
export class SignConventionRequest extends TownRequest {
  @IsParty()
  party!: Party;

  @IsCalendarDate()
  signedOn!: string;

  /** The office of the signatory ("le Maire"), not a person's name. */
  @IsOptional()
  @IsString()
  @MaxLength(200, atMost(200))
  signatoryCapacity?: string;

  @IsOptional()
  @IsCalendarDate()
  authorisedByDeliberationOf?: string;
}

/** `POST /api/v1/conventions/{insee}/entry-into-force` (R-CON-1). */
export class RecordEntryIntoForceRequest extends TownRequest {
  @IsCalendarDate()
  on!: string;
}

/** `POST /api/v1/conventions/{insee}/amendments`: an avenant changes the sizing from a date (R-CON-7). */
export class AmendConventionRequest extends TownRequest {
  @IsCalendarDate()
  signedOn!: string;

  @IsCalendarDate()
  effectiveFrom!: string;

  @IsObject({ message: "changes dit ce que l'avenant change : sigOption, resourcesShare, structureShare" })
  @ValidateNested()
  @Type(() => SizingChangesDto)
  changes!: SizingChangesDto;
}

const CONTACT = { message: 'Le contact doit avoir un identifiant et un nom.' };
const PERSON_ID = {
  message: 'personId : identifiant opaque de 1 à 200 lettres, chiffres, « . », « _ » ou « - », jamais un nom ni une adresse',
};
const ROLE = { message: `Le rôle doit être l'un de : ${CONTACT_ROLES.join(', ')}.` };

/** R-CON-8: a town contact; personal data, sealed per person in the events (R-GDPR-1). */
export class ContactPersonDto {
  @IsString(PERSON_ID)
  @Matches(SUBJECT_ID, PERSON_ID)
  personId!: string;

  @IsString(CONTACT)
  @Matches(NOT_BLANK, CONTACT)
  @MaxLength(200, atMost(200))
  name!: string;

  @IsOptional()
  @IsString({ message: "L'adresse électronique du contact n'est pas valide." })
  @MaxLength(254, atMost(254))
  @Matches(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: "L'adresse électronique du contact n'est pas valide." })
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40, atMost(40))
  phone?: string;
}

/** `POST /api/v1/conventions/{insee}/contacts` (R-CON-8). */
export class AssignContactRequest extends TownRequest {
  @IsIn(CONTACT_ROLES, ROLE)
  role!: ContactRole;

  @IsObject(CONTACT)
  @ValidateNested()
  @Type(() => ContactPersonDto)
  person!: ContactPersonDto;

  @IsCalendarDate()
  from!: string;
}

/** `POST /api/v1/conventions/{insee}/contact-releases` (R-CON-8). */
export class ReleaseContactRequest extends TownRequest {
  @IsIn(CONTACT_ROLES, ROLE)
  role!: ContactRole;

  @IsString(PERSON_ID)
  @Matches(SUBJECT_ID, PERSON_ID)
  personId!: string;

  @IsCalendarDate()
  releasedOn!: string;
}

/** `POST /api/v1/conventions/{insee}/terminations` (CONTRACT.md, R-CON-4). */
export class GiveTerminationNoticeRequest extends TownRequest {
  @IsIn(['town', 'ept'], { message: "requestedBy doit valoir 'town' (la ville) ou 'ept' (l'EPT GPSO)" })
  requestedBy!: Party;

  @IsCalendarDate({ message: 'noticeDate doit être la date de la lettre recommandée avec accusé de réception, au format AAAA-MM-JJ' })
  noticeDate!: string;
}

/** `POST /api/v1/conventions/{insee}/mutual-terminations` (R-CON-4). */
export class TerminateByMutualAgreementRequest extends TownRequest {
  @IsCalendarDate()
  agreedOn!: string;

  /** The first day without the convention. */
  @IsCalendarDate()
  effectiveDate!: string;
}

/** `POST /api/v1/conventions/{insee}/express-renewals` (R-CON-3). */
export class RenewExpresslyRequest extends TownRequest {
  @IsCalendarDate()
  decidedOn!: string;

  @IsCalendarDate()
  startsOn!: string;

  @IsInt(RENEWALS)
  @Min(0, RENEWALS)
  @Max(20, RENEWALS)
  tacitRenewals!: number;

  /** The new version's terms when they differ from those in force. */
  @IsOptional()
  @IsObject(SIZING)
  @ValidateNested()
  @Type(() => SizingDto)
  sizing?: SizingDto;
}

/** `POST /api/v1/conventions/{insee}/data-returns` (R-CON-5). */
export class MarkDataReturnedRequest extends TownRequest {
  @IsCalendarDate()
  doneOn!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000, atMost(2000))
  note?: string;
}

const EVIDENCE_SOURCE = { message: "La preuve dit d'où viennent les chiffres (source), par exemple « INSEE, population légale »." };

/** R-CON-9: why a town may publish on the GPSO domain; the decider checks that it does. */
export class OpenDataEvidenceDto {
  @IsBoolean()
  inhabitantsUnder3500!: boolean;

  @IsBoolean()
  agentsUnder50!: boolean;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  inhabitants?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  agents?: number;

  @IsString(EVIDENCE_SOURCE)
  @Matches(NOT_BLANK, EVIDENCE_SOURCE)
  @MaxLength(500, atMost(500))
  source!: string;
}

const DOMAIN = { message: 'Le domaine Open Data doit être un nom de domaine en minuscules, par exemple data.exemple.fr.' };

/** `POST /api/v1/conventions/{insee}/open-data-domains` (R-CON-9). */
export class RecordOpenDataDomainRequest extends TownRequest {
  @IsIn(['town_subdomain', 'gpso_domain'], { message: 'La variante est « town_subdomain » ou « gpso_domain ».' })
  variant!: OpenDataVariant;

  @IsString(DOMAIN)
  @Matches(HOSTNAME, DOMAIN)
  domain!: string;

  @IsCalendarDate()
  from!: string;

  @IsOptional()
  @IsObject(EVIDENCE_SOURCE)
  @ValidateNested()
  @Type(() => OpenDataEvidenceDto)
  evidence?: OpenDataEvidenceDto;
}

/** Option 4 allows 150 users: room for a measurement far beyond it. */
export const MAX_COUNTED_USERS = 100_000;
const USERS = { message: `Le nombre d'utilisateurs est un entier de 0 à ${MAX_COUNTED_USERS}.` };
const LICENCES = { message: `Le nombre de licences d'édition est un entier de 0 à ${MAX_COUNTED_USERS}.` };

/** `POST /api/v1/conventions/{insee}/sig-usage`: the town's use of the web GIS on a date (R-CON-7). */
export class RecordSigUsageRequest extends TownRequest {
  @IsCalendarDate()
  measuredOn!: string;

  @IsInt(USERS)
  @Min(0, USERS)
  @Max(MAX_COUNTED_USERS, USERS)
  users!: number;

  @IsInt(LICENCES)
  @Min(0, LICENCES)
  @Max(MAX_COUNTED_USERS, LICENCES)
  editLicences!: number;
}
