import { IsInt, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../calendar-date.js';

const whole = (field: string) => ({ message: `${field} doit être un nombre entier de centimes, sans décimales (13700000 pour 137 000,00 €)` });
const notNegative = (field: string) => ({ message: `${field} ne peut pas être négatif` });
const notHuge = (field: string) => ({ message: `${field} est trop grand` });

/**
 * `PUT /api/v1/billing/budgets/{year}` (CONTRACT.md, R-BIL-1): the year's forecast of the three
 * cost pools in integer cents. The personnel base is payroll + 4 % (assimilated costs).
 */
export class BudgetCostsDto {
  @IsInt(whole('sigOperationalCents'))
  @Min(0, notNegative('sigOperationalCents'))
  @Max(Number.MAX_SAFE_INTEGER, notHuge('sigOperationalCents'))
  sigOperationalCents!: number;

  @IsInt(whole('payrollCents'))
  @Min(0, notNegative('payrollCents'))
  @Max(Number.MAX_SAFE_INTEGER, notHuge('payrollCents'))
  payrollCents!: number;

  @IsInt(whole('structureFlatCents'))
  @Min(0, notNegative('structureFlatCents'))
  @Max(Number.MAX_SAFE_INTEGER, notHuge('structureFlatCents'))
  structureFlatCents!: number;
}

/** `PUT /api/v1/billing/actuals/{year}` (R-BIL-5): the compte administratif of the year, closed on `closedOn`. */
export class ActualCostsDto extends BudgetCostsDto {
  @IsCalendarDate({ message: "closedOn doit être la date d'adoption du compte administratif, au format AAAA-MM-JJ" })
  closedOn!: string;
}
