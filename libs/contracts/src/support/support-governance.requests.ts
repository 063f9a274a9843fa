import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../http/calendar-date.js';
import { IsTown } from '../http/town.js';
import type { Insee } from '../towns.js';
import { SUPPORT_ID } from './list-cursor.js';
import { NOT_BLANK, SupportActionIdRequest, SupportIdRequest } from './support.requests.js';
import { COMMITTEE_KINDS, COMMITTEE_OUTCOMES, DISPUTE_PARTIES, type DisputePartyView } from './support-views.js';

/**
 * Requests of the governance the support service keeps: follow-up and steering committees
 * [R-SUP-6, R-BIL-8] and disputes over the convention [R-CON-10]. The deciders keep what depends
 * on the state or on several fields (a charge needs the pooling search and a town's committee;
 * a dispute's steps in order and dated no earlier than the one before).
 *
 * Limits (issue 18): minutes 50,000 characters; a dispute's description and analysis 10,000;
 * proposals, decisions, summaries and reasons 5,000; a subject 500 (disputes) or 2,000 (committee
 * decisions); an action 2,000 and its owner 200; a charge 1 cent to 1,000,000,000.00 €; ids 64.
 */
const ID_MESSAGE = '1 à 64 lettres, chiffres, points, tirets ou soulignés';
const PARTY_MESSAGE = "vaut 'town' (la Ville) ou 'ept' (l'EPT)";
/** One billion euros, in cents: beyond any charge a committee arbitrates, and far from unsafe integers. */
const MAX_CHARGE_CENTS = 100_000_000_000;

const date = (field: string) => IsCalendarDate({ message: `${field} doit être une date réelle au format AAAA-MM-JJ` });
const optionalId = (field: string) => Matches(SUPPORT_ID, { message: `${field} : ${ID_MESSAGE}` });

/**
 * `POST /api/v1/support/committees` (R-SUP-6): the annual follow-up committee of one town
 * ("La ville & GPSO", `insee` required) or the steering committee of all towns (no `insee`).
 */
export class ScheduleCommitteeRequest {
  @IsIn(COMMITTEE_KINDS, { message: "kind vaut 'follow-up' (comité de suivi) ou 'steering' (comité de pilotage)" })
  kind!: (typeof COMMITTEE_KINDS)[number];

  @IsOptional()
  @IsTown()
  insee?: Insee;

  @date('date')
  date!: string;

  @IsOptional()
  @IsBoolean({ message: 'exceptional doit valoir true ou false' })
  exceptional?: boolean;
}

/** `POST /api/v1/support/committees/{id}/meeting`: the committee met; its minutes. */
export class RecordCommitteeHeldRequest extends SupportIdRequest {
  @date('heldOn')
  heldOn!: string;

  @IsString({ message: 'minutes doit être un texte' })
  @Matches(NOT_BLANK, { message: 'le compte rendu (minutes) est obligatoire' })
  @MaxLength(50_000, { message: 'le compte rendu dépasse 50000 caractères' })
  minutes!: string;
}

/**
 * `POST /api/v1/support/committees/{id}/decisions`. A cost to the town (`chargeCents`, integer
 * cents) needs the outcome of the search for pooling first (R-BIL-8); approved, billing charges it.
 */
export class RecordCommitteeDecisionRequest extends SupportIdRequest {
  @IsOptional()
  @optionalId('decisionId')
  decisionId?: string;

  @IsString({ message: 'subject doit être un texte' })
  @Matches(NOT_BLANK, { message: "l'objet de la décision (subject) est obligatoire" })
  @MaxLength(2_000, { message: "l'objet dépasse 2000 caractères" })
  subject!: string;

  @IsIn(COMMITTEE_OUTCOMES, { message: "outcome vaut 'approved' ou 'rejected'" })
  outcome!: (typeof COMMITTEE_OUTCOMES)[number];

  @IsOptional()
  @IsInt({ message: 'chargeCents doit être un montant entier en centimes' })
  @Min(1, { message: 'chargeCents doit être positif' })
  @Max(MAX_CHARGE_CENTS, { message: 'chargeCents : 1 000 000 000,00 € au plus' })
  chargeCents?: number;

  @IsOptional()
  @IsString({ message: 'poolingOutcome doit être un texte' })
  @MaxLength(2_000, { message: 'poolingOutcome dépasse 2000 caractères' })
  poolingOutcome?: string;
}

/** `POST /api/v1/support/committees/{id}/actions` and `/disputes/{id}/actions`. */
export class RecordActionRequest extends SupportIdRequest {
  @IsOptional()
  @optionalId('actionId')
  actionId?: string;

  @IsString({ message: 'description doit être un texte' })
  @Matches(NOT_BLANK, { message: "la description de l'action est obligatoire" })
  @MaxLength(2_000, { message: 'la description dépasse 2000 caractères' })
  description!: string;

  @IsString({ message: 'owner doit être un texte' })
  @Matches(NOT_BLANK, { message: "le responsable de l'action (owner) est obligatoire" })
  @MaxLength(200, { message: 'owner dépasse 200 caractères' })
  owner!: string;

  @date('dueOn')
  dueOn!: string;
}

/** `POST …/actions/{actionId}/completion`. */
export class CompleteActionRequest extends SupportActionIdRequest {
  @date('completedOn')
  completedOn!: string;
}

/**
 * `POST /api/v1/support/disputes` (R-CON-10, article 8): either party brings a difficulty to the
 * follow-up committee; DIGIT records it, `openedBy` saying which party raised it.
 */
export class OpenDisputeRequest {
  @IsTown()
  insee!: Insee;

  @IsIn(DISPUTE_PARTIES, { message: `openedBy ${PARTY_MESSAGE}` })
  openedBy!: DisputePartyView;

  @IsString({ message: 'subject doit être un texte' })
  @Matches(NOT_BLANK, { message: "l'objet du différend (subject) est obligatoire" })
  @MaxLength(500, { message: "l'objet dépasse 500 caractères" })
  subject!: string;

  @IsString({ message: 'description doit être un texte' })
  @Matches(NOT_BLANK, { message: 'la difficulté rencontrée (description) est obligatoire' })
  @MaxLength(10_000, { message: 'la description dépasse 10000 caractères' })
  description!: string;

  @date('openedOn')
  openedOn!: string;
}

/** `POST /api/v1/support/disputes/{id}/analysis`: the follow-up committee's analysis of the difficulty. */
export class RecordDisputeAnalysisRequest extends SupportIdRequest {
  @IsString({ message: 'analysis doit être un texte' })
  @Matches(NOT_BLANK, { message: "l'analyse (analysis) est obligatoire" })
  @MaxLength(10_000, { message: "l'analyse dépasse 10000 caractères" })
  analysis!: string;

  @date('analysedOn')
  analysedOn!: string;

  @IsOptional()
  @optionalId('committeeId')
  committeeId?: string;
}

/** `POST /api/v1/support/disputes/{id}/proposals`: a solution the committee proposes. */
export class ProposeDisputeSolutionRequest extends SupportIdRequest {
  @IsOptional()
  @optionalId('proposalId')
  proposalId?: string;

  @IsString({ message: 'proposal doit être un texte' })
  @Matches(NOT_BLANK, { message: 'la solution proposée (proposal) est obligatoire' })
  @MaxLength(5_000, { message: 'la proposition dépasse 5000 caractères' })
  proposal!: string;

  @date('proposedOn')
  proposedOn!: string;

  @IsOptional()
  @optionalId('committeeId')
  committeeId?: string;
}

/** `POST /api/v1/support/disputes/{id}/decision`: what the committee decided, among the proposals. */
export class RecordDisputeDecisionRequest extends SupportIdRequest {
  @IsString({ message: 'decision doit être un texte' })
  @Matches(NOT_BLANK, { message: 'la décision (decision) est obligatoire' })
  @MaxLength(5_000, { message: 'la décision dépasse 5000 caractères' })
  decision!: string;

  @date('decidedOn')
  decidedOn!: string;

  @IsOptional()
  @optionalId('proposalId')
  proposalId?: string;

  @IsOptional()
  @optionalId('committeeId')
  committeeId?: string;
}

/** `POST /api/v1/support/disputes/{id}/settlement`: the amicable route succeeded, the dispute is closed. */
export class SettleDisputeRequest extends SupportIdRequest {
  @date('settledOn')
  settledOn!: string;

  @IsString({ message: 'summary doit être un texte' })
  @Matches(NOT_BLANK, { message: 'le bilan du règlement amiable (summary) est obligatoire' })
  @MaxLength(5_000, { message: 'le bilan dépasse 5000 caractères' })
  summary!: string;
}

/** `POST /api/v1/support/disputes/{id}/court-referral`: the amicable route failed; the administrative court of Cergy-Pontoise. */
export class ReferDisputeToCourtRequest extends SupportIdRequest {
  @date('referredOn')
  referredOn!: string;

  @IsIn(DISPUTE_PARTIES, { message: `referredBy ${PARTY_MESSAGE}` })
  referredBy!: DisputePartyView;

  @IsString({ message: 'reason doit être un texte' })
  @Matches(NOT_BLANK, { message: "l'échec de la voie amiable (reason) doit être motivé" })
  @MaxLength(5_000, { message: 'le motif dépasse 5000 caractères' })
  reason!: string;
}
