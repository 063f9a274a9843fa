import { IsBoolean, IsOptional } from 'class-validator';
import { IsCalendarDate } from '../http/calendar-date.js';
import { TerminationRequestDto } from '../http/termination-request.dto.js';
import { IsTown } from '../http/town.js';
import type { Insee } from '../towns.js';

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
export class ConventionRequest {
  @IsTown()
  insee!: Insee;

  @IsOptional()
  @IsCalendarDate({ message: 'asOf doit être une date réelle au format AAAA-MM-JJ' })
  asOf?: string;
}

/** `POST /api/v1/conventions/{insee}/terminations` (CONTRACT.md, R-CON-4). */
export class GiveTerminationNoticeRequest extends TerminationRequestDto {
  @IsTown()
  insee!: Insee;
}

/** `GET /api/v1/open-data/deliberations.csv`: the towns' deliberations in the SCDL schema. */
export class DeliberationsScdlRequest {
  /** `true` adds the demo towns' made-up deliberations (labelled so). */
  @IsOptional()
  @IsBoolean({ message: 'includeDemo vaut true ou false' })
  includeDemo?: boolean;
}

/** `GET /api/v1/conventions/alerts?asOf=`: what the parties must act on (R-SEC-6); a town's people see their town's. */
export class AlertsRequest {
  @IsOptional()
  @IsCalendarDate({ message: 'asOf doit être une date réelle au format AAAA-MM-JJ' })
  asOf?: string;

  @IsOptional()
  @IsTown()
  insee?: Insee;
}
