import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '../calendar-date.js';

/** `POST /api/v1/billing/{insee}/{year}/statements/{half}` (R-BIL-4): issue the mémoire; today (Paris) unless `issuedOn` is given. */
export class StatementIssueDto {
  @IsOptional()
  @IsCalendarDate({ message: "issuedOn doit être la date d'émission du mémoire, au format AAAA-MM-JJ" })
  issuedOn?: string;
}
