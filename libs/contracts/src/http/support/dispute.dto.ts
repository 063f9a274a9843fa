import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { INSEE_CODES } from '../../towns.js';
import { IsCalendarDate } from '../calendar-date.js';

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const IDENTIFIER_MESSAGE = '1 à 64 lettres, chiffres, points, tirets ou soulignés';
const PARTY_MESSAGE = "vaut 'town' (la Ville) ou 'ept' (l'EPT)";

/** `POST /api/v1/support/disputes` (R-CON-10, article 8): either party brings a difficulty to the follow-up committee. */
export class DisputeOpeningDto {
  @IsIn(INSEE_CODES, { message: `insee doit être le code INSEE d'une commune de GPSO (${INSEE_CODES.join(', ')})` })
  insee!: string;

  @IsIn(['town', 'ept'], { message: `openedBy ${PARTY_MESSAGE}` })
  openedBy!: 'town' | 'ept';

  @IsString({ message: 'subject doit être un texte' })
  @Matches(/\S/, { message: "l'objet du différend (subject) est obligatoire" })
  @MaxLength(500, { message: "l'objet dépasse 500 caractères" })
  subject!: string;

  @IsString({ message: 'description doit être un texte' })
  @Matches(/\S/, { message: 'la difficulté rencontrée (description) est obligatoire' })
  @MaxLength(10_000, { message: 'la description dépasse 10000 caractères' })
  description!: string;

  @IsCalendarDate({ message: 'openedOn doit être une date réelle au format AAAA-MM-JJ' })
  openedOn!: string;
}

/** `POST /api/v1/support/disputes/{id}/analysis`: the follow-up committee's analysis of the difficulty. */
export class DisputeAnalysisDto {
  @IsString({ message: 'analysis doit être un texte' })
  @Matches(/\S/, { message: "l'analyse (analysis) est obligatoire" })
  @MaxLength(10_000, { message: "l'analyse dépasse 10000 caractères" })
  analysis!: string;

  @IsCalendarDate({ message: 'analysedOn doit être une date réelle au format AAAA-MM-JJ' })
  analysedOn!: string;

  @IsOptional()
  @Matches(IDENTIFIER, { message: `committeeId : ${IDENTIFIER_MESSAGE}` })
  committeeId?: string;
}

/** `POST /api/v1/support/disputes/{id}/proposals`: a solution the committee proposes. */
export class DisputeProposalDto {
  @IsOptional()
  @Matches(IDENTIFIER, { message: `proposalId : ${IDENTIFIER_MESSAGE}` })
  proposalId?: string;

  @IsString({ message: 'proposal doit être un texte' })
  @Matches(/\S/, { message: 'la solution proposée (proposal) est obligatoire' })
  @MaxLength(5_000, { message: 'la proposition dépasse 5000 caractères' })
  proposal!: string;

  @IsCalendarDate({ message: 'proposedOn doit être une date réelle au format AAAA-MM-JJ' })
  proposedOn!: string;

  @IsOptional()
  @Matches(IDENTIFIER, { message: `committeeId : ${IDENTIFIER_MESSAGE}` })
  committeeId?: string;
}

/** `POST /api/v1/support/disputes/{id}/decision`: what the committee decided, among the proposals. */
export class DisputeDecisionDto {
  @IsString({ message: 'decision doit être un texte' })
  @Matches(/\S/, { message: 'la décision (decision) est obligatoire' })
  @MaxLength(5_000, { message: 'la décision dépasse 5000 caractères' })
  decision!: string;

  @IsCalendarDate({ message: 'decidedOn doit être une date réelle au format AAAA-MM-JJ' })
  decidedOn!: string;

  @IsOptional()
  @Matches(IDENTIFIER, { message: `proposalId : ${IDENTIFIER_MESSAGE}` })
  proposalId?: string;

  @IsOptional()
  @Matches(IDENTIFIER, { message: `committeeId : ${IDENTIFIER_MESSAGE}` })
  committeeId?: string;
}

/** `POST /api/v1/support/disputes/{id}/settlement`: the amicable route succeeded, the dispute is closed. */
export class DisputeSettlementDto {
  @IsCalendarDate({ message: 'settledOn doit être une date réelle au format AAAA-MM-JJ' })
  settledOn!: string;

  @IsString({ message: 'summary doit être un texte' })
  @Matches(/\S/, { message: 'le bilan du règlement amiable (summary) est obligatoire' })
  @MaxLength(5_000, { message: 'le bilan dépasse 5000 caractères' })
  summary!: string;
}

/** `POST /api/v1/support/disputes/{id}/court-referral`: the amicable route failed; the administrative court of Cergy-Pontoise. */
export class DisputeCourtReferralDto {
  @IsCalendarDate({ message: 'referredOn doit être une date réelle au format AAAA-MM-JJ' })
  referredOn!: string;

  @IsIn(['town', 'ept'], { message: `referredBy ${PARTY_MESSAGE}` })
  referredBy!: 'town' | 'ept';

  @IsString({ message: 'reason doit être un texte' })
  @Matches(/\S/, { message: "l'échec de la voie amiable (reason) doit être motivé" })
  @MaxLength(5_000, { message: 'le motif dépasse 5000 caractères' })
  reason!: string;
}
