import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
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
