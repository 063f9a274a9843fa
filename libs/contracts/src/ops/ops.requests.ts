import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { TOWN_ROLES } from '../access/roles.js';
import type { Policy } from '../access/policy.js';
import { PageRequestDto } from '../edge/paging.js';

/**
 * Who may call the gateway's own routes (R-SEC-2): every service's alerts gathered, for every
 * role (a town's people get their town's: each service is asked as them); the system's state and
 * the dead letters for DIGIT ops and auditors; replaying a dead letter for DIGIT ops only.
 */
export const ALERTS_OVERVIEW_POLICY: Policy = { roles: ['ops', 'finance', 'auditor'], town: { roles: TOWN_ROLES, field: 'insee' } };
export const OPS_READERS_POLICY: Policy = { roles: ['ops', 'auditor'] };
export const OPS_ONLY_POLICY: Policy = { roles: ['ops'] };

const SEQ = { message: 'after doit être le numéro de séquence donné par la page précédente (champ next)' };

/** `GET /api/v1/ops/dead-letters?limit=&after=`: the newest first, `after` a sequence number. */
export class DeadLettersRequest extends PageRequestDto {
  @IsOptional()
  @Matches(/^[1-9]\d{0,15}$/, SEQ)
  override after?: string;
}

/** `POST /api/v1/ops/dead-letters/{seq}/replay`. */
export class ReplayDeadLetterRequest {
  @IsInt({ message: 'seq doit être le numéro de séquence entier de la lettre morte' })
  @Min(1, { message: 'seq vaut au moins 1' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'seq est trop grand' })
  seq!: number;
}
