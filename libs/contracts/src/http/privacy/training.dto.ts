import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../calendar-date.js';

const BY = { message: 'by doit identifier qui enregistre (par ex. digit:rh:abenoit)' };

/** `POST /api/v1/privacy/agents`: a DIGIT agent whose GDPR training is followed (R-GDPR-3). */
export class RegisterAgentDto {
  @IsString({ message: "agentId doit être l'identifiant de l'agent (lettres, chiffres, « . », « _ », « - »)" })
  @MaxLength(64, { message: '$property : 64 caractères au plus' })
  agentId!: string;

  @IsString({ message: "fullName doit être le nom de l'agent" })
  @MaxLength(200, { message: '$property : 200 caractères au plus' })
  fullName!: string;

  @IsCalendarDate({ message: "joinedOn doit être la date d'arrivée à la DIGIT, au format AAAA-MM-JJ" })
  joinedOn!: string;

  @IsOptional() @IsString(BY) @MaxLength(200, { message: '$property : 200 caractères au plus' })
  by?: string;
}

/** `POST /api/v1/privacy/agents/{agentId}/trainings`: a GDPR training the agent followed. */
export class RecordGdprTrainingDto {
  @IsCalendarDate({ message: 'trainedOn doit être la date de la formation, au format AAAA-MM-JJ' })
  trainedOn!: string;

  @IsString({ message: 'course doit nommer la formation suivie' })
  @MaxLength(500, { message: '$property : 500 caractères au plus' })
  course!: string;

  @IsOptional() @IsString({ message: 'provider doit nommer l’organisme de formation' }) @MaxLength(500, { message: '$property : 500 caractères au plus' })
  provider?: string;

  @IsOptional() @IsString(BY) @MaxLength(200, { message: '$property : 200 caractères au plus' })
  by?: string;
}

/** `POST /api/v1/privacy/agents/{agentId}/departure`. */
export class AgentDepartureDto {
  @IsCalendarDate({ message: 'leftOn doit être la date de départ de la DIGIT, au format AAAA-MM-JJ' })
  leftOn!: string;

  @IsOptional() @IsString(BY) @MaxLength(200, { message: '$property : 200 caractères au plus' })
  by?: string;
}
