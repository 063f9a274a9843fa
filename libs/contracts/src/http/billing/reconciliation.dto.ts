import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../calendar-date.js';

/** `POST /api/v1/billing/reconciliations/{year}` (R-BIL-5): compare the compte administratif with the forecast; today (Paris) by default. */
export class ReconciliationRequestDto {
  @IsOptional()
  @IsCalendarDate({ message: 'reconciledOn doit être une date réelle au format AAAA-MM-JJ' })
  reconciledOn?: string;
}

/** `POST /api/v1/billing/reconciliations/{year}/decision` (R-BIL-5): the new forecast N+1 the parties agreed, closing the action. */
export class NewForecastDecisionDto {
  @IsString({ message: 'decision doit être un texte' })
  @Matches(/\S/, { message: 'decision doit dire ce que les parties ont arrêté (nouveau budget prévisionnel, référence du compte rendu)' })
  @MaxLength(2_000, { message: 'decision dépasse 2000 caractères' })
  decision!: string;

  @IsOptional()
  @IsCalendarDate({ message: 'decidedOn doit être une date réelle au format AAAA-MM-JJ' })
  decidedOn?: string;
}

/**
 * `POST /api/v1/billing/reconciliations/{year}/regularisations/{insee}/decision` (R-BIL-5, R-SUP-6):
 * the town's follow-up committee accepts, amends (`amountCents`, integer cents, negative when owed
 * to the town) or refuses the proposed regularisation; only a decided one reaches a mémoire.
 */
export class RegularisationDecisionDto {
  @IsIn(['accepted', 'amended', 'refused'], { message: "outcome vaut 'accepted' (acceptée), 'amended' (amendée) ou 'refused' (refusée)" })
  outcome!: 'accepted' | 'amended' | 'refused';

  @IsOptional()
  @IsInt({ message: 'amountCents doit être un montant entier en centimes' })
  @Min(-Number.MAX_SAFE_INTEGER, { message: 'amountCents est trop petit' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'amountCents est trop grand' })
  amountCents?: number;

  @IsCalendarDate({ message: 'committeeDate doit être une date réelle au format AAAA-MM-JJ' })
  committeeDate!: string;

  @IsString({ message: 'committeeReference doit être un texte' })
  @Matches(/\S/, { message: 'committeeReference doit citer le compte rendu du comité de suivi ou son identifiant' })
  @MaxLength(500, { message: 'committeeReference dépasse 500 caractères' })
  committeeReference!: string;

  @IsOptional()
  @IsString({ message: 'note doit être un texte' })
  @MaxLength(2_000, { message: 'note dépasse 2000 caractères' })
  note?: string;
}

/** `POST /api/v1/billing/{insee}/rate-reviews/{actionId}/decision` (R-BIL-5): the new rate N+1 the parties set after a share change. */
export class NewRateDecisionDto {
  @IsString({ message: 'decision doit être un texte' })
  @Matches(/\S/, { message: 'decision doit dire ce que les parties ont arrêté (nouveau taux de mise à disposition, référence du compte rendu)' })
  @MaxLength(2_000, { message: 'decision dépasse 2000 caractères' })
  decision!: string;

  @IsOptional()
  @IsCalendarDate({ message: 'decidedOn doit être une date réelle au format AAAA-MM-JJ' })
  decidedOn?: string;
}
