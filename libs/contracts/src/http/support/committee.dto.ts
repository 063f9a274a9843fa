import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { INSEE_CODES } from '../../towns.js';
import { IsCalendarDate } from '../calendar-date.js';

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const IDENTIFIER_MESSAGE = '1 à 64 lettres, chiffres, points, tirets ou soulignés';

/**
 * `POST /api/v1/support/committees` (R-SUP-6): the annual follow-up committee of one town
 * ("La ville & GPSO", `insee` required) or the steering committee of all towns (no `insee`).
 */
export class CommitteeSchedulingDto {
  @IsIn(['follow-up', 'steering'], { message: "kind vaut 'follow-up' (comité de suivi) ou 'steering' (comité de pilotage)" })
  kind!: 'follow-up' | 'steering';

  @IsOptional()
  @IsIn(INSEE_CODES, { message: `insee doit être le code INSEE d'une commune de GPSO (${INSEE_CODES.join(', ')})` })
  insee?: string;

  @IsCalendarDate({ message: 'date doit être une date réelle au format AAAA-MM-JJ' })
  date!: string;

  @IsOptional()
  @IsBoolean({ message: 'exceptional doit valoir true ou false' })
  exceptional?: boolean;
}

/** `POST /api/v1/support/committees/{id}/meeting`: the committee met; its minutes. */
export class CommitteeMeetingDto {
  @IsCalendarDate({ message: 'heldOn doit être une date réelle au format AAAA-MM-JJ' })
  heldOn!: string;

  @IsString({ message: 'minutes doit être un texte' })
  @Matches(/\S/, { message: 'le compte rendu (minutes) est obligatoire' })
  @MaxLength(50_000, { message: 'le compte rendu dépasse 50000 caractères' })
  minutes!: string;
}

/**
 * `POST /api/v1/support/committees/{id}/decisions`. A cost to the town (`chargeCents`, integer
 * cents) needs the outcome of the search for pooling first (R-BIL-8); approved, billing charges it.
 */
export class CommitteeDecisionDto {
  @IsOptional()
  @Matches(IDENTIFIER, { message: `decisionId : ${IDENTIFIER_MESSAGE}` })
  decisionId?: string;

  @IsString({ message: 'subject doit être un texte' })
  @Matches(/\S/, { message: "l'objet de la décision (subject) est obligatoire" })
  @MaxLength(2_000, { message: "l'objet dépasse 2000 caractères" })
  subject!: string;

  @IsIn(['approved', 'rejected'], { message: "outcome vaut 'approved' ou 'rejected'" })
  outcome!: 'approved' | 'rejected';

  @IsOptional()
  @IsInt({ message: 'chargeCents doit être un montant entier en centimes' })
  @Min(1, { message: 'chargeCents doit être positif' })
  chargeCents?: number;

  @IsOptional()
  @IsString({ message: 'poolingOutcome doit être un texte' })
  @MaxLength(2_000, { message: 'poolingOutcome dépasse 2000 caractères' })
  poolingOutcome?: string;
}

/** `POST /api/v1/support/committees/{id}/actions`. */
export class CommitteeActionDto {
  @IsOptional()
  @Matches(IDENTIFIER, { message: `actionId : ${IDENTIFIER_MESSAGE}` })
  actionId?: string;

  @IsString({ message: 'description doit être un texte' })
  @Matches(/\S/, { message: "la description de l'action est obligatoire" })
  @MaxLength(2_000, { message: 'la description dépasse 2000 caractères' })
  description!: string;

  @IsString({ message: 'owner doit être un texte' })
  @Matches(/\S/, { message: "le responsable de l'action (owner) est obligatoire" })
  @MaxLength(200, { message: 'owner dépasse 200 caractères' })
  owner!: string;

  @IsCalendarDate({ message: 'dueOn doit être une date réelle au format AAAA-MM-JJ' })
  dueOn!: string;
}

/** `POST /api/v1/support/committees/{id}/actions/{actionId}/completion`. */
export class CommitteeActionCompletionDto {
  @IsCalendarDate({ message: 'completedOn doit être une date réelle au format AAAA-MM-JJ' })
  completedOn!: string;
}
