import { ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { INSEE_CODES } from '../../towns.js';
import { IsInstant } from './instant.js';

const TOWN_MESSAGE = `code INSEE d'une commune de GPSO attendu (${INSEE_CODES.join(', ')})`;

/** `POST /api/v1/support/sessions` (R-SUP-5): a workshop, a training session or an accompaniment. */
export class SessionSchedulingDto {
  @IsIn(['workshop', 'training', 'accompaniment'], {
    message: "kind vaut 'workshop' (atelier d'acculturation), 'training' (formation) ou 'accompaniment' (accompagnement)",
  })
  kind!: 'workshop' | 'training' | 'accompaniment';

  @IsString({ message: 'title doit être un texte' })
  @Matches(/\S/, { message: "l'intitulé (title) est obligatoire" })
  @MaxLength(500, { message: "l'intitulé dépasse 500 caractères" })
  title!: string;

  @IsInstant({ message: 'start doit être le début, ISO 8601 avec décalage' })
  start!: string;

  @IsInstant({ message: 'end doit être la fin, ISO 8601 avec décalage' })
  end!: string;

  @IsArray({ message: 'towns doit être la liste des villes invitées' })
  @ArrayMinSize(1, { message: 'au moins une ville invitée' })
  @IsIn(INSEE_CODES, { each: true, message: `towns : ${TOWN_MESSAGE}` })
  towns!: string[];

  @IsOptional()
  @IsInt({ message: 'meetingIntervalDays doit être un nombre entier de jours' })
  @Min(1, { message: 'meetingIntervalDays : 1 jour au moins' })
  @Max(31, { message: 'meetingIntervalDays : 31 jours au plus' })
  meetingIntervalDays?: number;
}

/** `POST /api/v1/support/sessions/{id}/registrations`: a town registers its participants. */
export class SessionRegistrationDto {
  @IsIn(INSEE_CODES, { message: `insee : ${TOWN_MESSAGE}` })
  insee!: string;

  @IsInt({ message: 'participants doit être un nombre entier' })
  @Min(1, { message: 'participants : 1 au moins' })
  @Max(500, { message: 'participants : 500 au plus' })
  participants!: number;
}

/** `POST /api/v1/support/sessions/{id}/held`: the session took place. */
export class SessionHeldDto {
  @IsInt({ message: 'attendees doit être un nombre entier' })
  @Min(0, { message: 'attendees ne peut pas être négatif' })
  attendees!: number;
}
