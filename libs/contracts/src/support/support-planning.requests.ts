import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsInstant } from '../http/instant.js';
import { IsTown } from '../http/town.js';
import { INSEE_CODES, type Insee } from '../towns.js';
import { NOT_BLANK, SupportIdRequest, SupportListRequest } from './support.requests.js';
import { MAINTAINED_SERVICES, PROJECT_KINDS, SESSION_KINDS, SUPPORT_PROJECT_STEPS, type SupportProjectStep } from './support-views.js';

/**
 * Requests of the support service's planned work: projects [R-SUP-2], maintenance notices
 * [R-SUP-4], workshops, training sessions and accompaniments [R-SUP-5]. The deciders keep the rules
 * between fields and on the state (steps in order, a notice before its interruption, a workshop of
 * 2 to 3 hours, a town invited before it registers).
 *
 * Limits (issue 18): titles 500 characters, a maintenance description 5,000, a project's request id
 * 100; two services at most, eight towns, 500 participants, 10,000 attendees, 1 to 31 days between
 * an accompaniment's meetings.
 */
const TOWN_MESSAGE = `code INSEE d'une commune de GPSO attendu (${INSEE_CODES.join(', ')})`;

/** `POST /api/v1/support/projects`: a GIS or Open Data project opens at its first step, the contact. */
export class OpenProjectRequest {
  @IsTown()
  insee!: Insee;

  @IsIn(PROJECT_KINDS, { message: "kind vaut 'sig' ou 'open-data'" })
  kind!: (typeof PROJECT_KINDS)[number];

  @IsString({ message: 'title doit être un texte' })
  @Matches(NOT_BLANK, { message: "l'intitulé du projet (title) est obligatoire" })
  @MaxLength(500, { message: "l'intitulé dépasse 500 caractères" })
  title!: string;

  @IsOptional()
  @IsString({ message: "requestId doit être l'identifiant de la demande à l'origine du projet" })
  @MaxLength(100, { message: 'requestId dépasse 100 caractères' })
  requestId?: string;
}

/** `POST /api/v1/support/projects/{id}/steps`: the step in progress is completed. */
export class CompleteProjectStepRequest extends SupportIdRequest {
  @IsIn(SUPPORT_PROJECT_STEPS, { message: `step vaut l'une des étapes de l'annexe 2 : ${SUPPORT_PROJECT_STEPS.join(', ')}` })
  step!: SupportProjectStep;

  @IsOptional()
  @IsBoolean({ message: 'openDataPreparationProposed doit valoir true ou false' })
  openDataPreparationProposed?: boolean;
}

/**
 * `POST /api/v1/support/maintenance` (R-SUP-4): an interruption of the web map module and/or of
 * database access, announced before it starts to every town whose convention is in force.
 */
export class AnnounceMaintenanceRequest {
  @IsArray({ message: "services doit être une liste : 'web-map' (module cartographique web) et/ou 'database' (accès aux bases)" })
  @ArrayMinSize(1, { message: 'au moins un service interrompu' })
  @ArrayMaxSize(MAINTAINED_SERVICES.length, { message: 'services : web-map et database, chacun une fois' })
  @ArrayUnique({ message: 'services : chaque service une seule fois' })
  @IsIn(MAINTAINED_SERVICES, { each: true, message: "chaque service vaut 'web-map' ou 'database'" })
  services!: (typeof MAINTAINED_SERVICES)[number][];

  @IsInstant({ message: 'plannedStart doit être le début prévu, ISO 8601 avec décalage' })
  plannedStart!: string;

  @IsInstant({ message: 'plannedEnd doit être la fin prévue, ISO 8601 avec décalage' })
  plannedEnd!: string;

  @IsString({ message: 'description doit être un texte' })
  @Matches(NOT_BLANK, { message: "la description de l'intervention est obligatoire" })
  @MaxLength(5_000, { message: 'la description dépasse 5000 caractères' })
  description!: string;
}

/** `GET /api/v1/support/maintenance.ics` and `sessions.ics`: a town's feed, or every one; paged like the lists, 1,000 entries a part by default. */
export class SupportCalendarRequest extends SupportListRequest {}

/** `POST /api/v1/support/sessions` (R-SUP-5): a workshop, a training session or an accompaniment. */
export class ScheduleSessionRequest {
  @IsIn(SESSION_KINDS, {
    message: "kind vaut 'workshop' (atelier d'acculturation), 'training' (formation) ou 'accompaniment' (accompagnement)",
  })
  kind!: (typeof SESSION_KINDS)[number];

  @IsString({ message: 'title doit être un texte' })
  @Matches(NOT_BLANK, { message: "l'intitulé (title) est obligatoire" })
  @MaxLength(500, { message: "l'intitulé dépasse 500 caractères" })
  title!: string;

  @IsInstant({ message: 'start doit être le début, ISO 8601 avec décalage' })
  start!: string;

  @IsInstant({ message: 'end doit être la fin, ISO 8601 avec décalage' })
  end!: string;

  @IsArray({ message: 'towns doit être la liste des villes invitées' })
  @ArrayMinSize(1, { message: 'au moins une ville invitée' })
  @ArrayMaxSize(INSEE_CODES.length, { message: `towns : ${INSEE_CODES.length} villes au plus` })
  @IsIn(INSEE_CODES, { each: true, message: `towns : ${TOWN_MESSAGE}` })
  towns!: Insee[];

  @IsOptional()
  @IsInt({ message: 'meetingIntervalDays doit être un nombre entier de jours' })
  @Min(1, { message: 'meetingIntervalDays : 1 jour au moins' })
  @Max(31, { message: 'meetingIntervalDays : 31 jours au plus' })
  meetingIntervalDays?: number;
}

/** `POST /api/v1/support/sessions/{id}/registrations`: a town registers its participants (its own people for their town only). */
export class RegisterForSessionRequest extends SupportIdRequest {
  @IsIn(INSEE_CODES, { message: `insee : ${TOWN_MESSAGE}` })
  insee!: Insee;

  @IsInt({ message: 'participants doit être un nombre entier' })
  @Min(1, { message: 'participants : 1 au moins' })
  @Max(500, { message: 'participants : 500 au plus' })
  participants!: number;
}

/** `POST /api/v1/support/sessions/{id}/held`: the session took place. */
export class RecordSessionHeldRequest extends SupportIdRequest {
  @IsInt({ message: 'attendees doit être un nombre entier' })
  @Min(0, { message: 'attendees ne peut pas être négatif' })
  @Max(10_000, { message: 'attendees : 10 000 au plus' })
  attendees!: number;
}
