import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageRequestDto } from '../edge/paging.js';
import { IsCalendarDate } from '../http/calendar-date.js';
import { IsTown } from '../http/town.js';
import type { Insee } from '../towns.js';
import { IsInstant } from '../http/instant.js';
import { IsListCursor, SUPPORT_ID } from './list-cursor.js';
import { TICKET_CHANNELS, TICKET_CLOSURES, TICKET_KINDS, type TicketClosure } from './support-views.js';

/**
 * The support service's requests: the shared pieces, then requests and tickets [R-SUP-1, R-SUP-3,
 * R-GDPR-2]. Shapes, types and sizes are checked here, once, at the service's edge; the deciders
 * keep the rules that depend on the state or on several fields (a deadline before reception, an
 * e-mail without its received time, a declaration without personal data).
 *
 * Limits (issue 18): a request's need, target users and context, a reply and a closure summary
 * 10,000 characters each (a 30 KB ticket at most); reasons 2,000; an agent's name 200; a register
 * reference and a data category 64 (as the privacy service's), 30 categories; ids 64 (`SUPPORT_ID`).
 */
export const TEXT_MAX = 10_000;
export const REASON_MAX = 2_000;
export const NOT_BLANK = /\S/;
const ID_MESSAGE = '1 à 64 lettres, chiffres, points, tirets ou soulignés';

/** A thing named by the path: `/tickets/{id}`, `/projects/{id}`… */
export class SupportIdRequest {
  @IsString({ message: `id : ${ID_MESSAGE}` })
  @Matches(SUPPORT_ID, { message: `id : ${ID_MESSAGE}` })
  id!: string;
}

/** An action of a committee or a dispute, named by the path: `/actions/{actionId}/completion`. */
export class SupportActionIdRequest extends SupportIdRequest {
  @IsString({ message: `actionId : ${ID_MESSAGE}` })
  @Matches(SUPPORT_ID, { message: `actionId : ${ID_MESSAGE}` })
  actionId!: string;
}

/**
 * A list of the support service, the latest first, a page at a time, for one town or every town.
 * `insee` is any five-digit code here: a code that is not one of GPSO's towns is answered 404
 * `unknown_town` (the town does not exist), and a town's people are narrowed to their own.
 */
export class SupportListRequest extends PageRequestDto {
  @IsOptional()
  @IsString({ message: 'insee doit être un code INSEE' })
  @Matches(/^\d[\dAB]\d{3}$/, { message: 'insee doit être un code INSEE à cinq caractères (par ex. 92012)' })
  insee?: string;

  @IsOptional()
  @IsListCursor()
  override after?: string;
}

/** A reason: for waiting on the town, a cancellation or an abandonment. */
export class SupportReasonRequest extends SupportIdRequest {
  @IsString({ message: 'reason doit être un texte' })
  @Matches(NOT_BLANK, { message: 'le motif (reason) est obligatoire' })
  @MaxLength(REASON_MAX, { message: `le motif dépasse ${REASON_MAX} caractères` })
  reason!: string;
}

class PersonalDataDeclarationFields {
  @IsOptional()
  @IsString({ message: 'declaredProcessing doit être la référence du traitement au registre du DPD' })
  @Matches(NOT_BLANK, { message: 'declaredProcessing ne peut pas être vide' })
  @MaxLength(64, { message: 'declaredProcessing : 64 caractères au plus' })
  declaredProcessing?: string;

  @IsOptional()
  @IsArray({ message: 'declaredCategories doit être une liste de catégories de données personnelles' })
  @ArrayMaxSize(30, { message: 'declaredCategories : 30 catégories au plus' })
  @IsString({ each: true, message: 'chaque catégorie déclarée doit être un texte' })
  @Matches(NOT_BLANK, { each: true, message: 'une catégorie déclarée ne peut pas être vide' })
  @MaxLength(64, { each: true, message: 'une catégorie déclarée fait 64 caractères au plus' })
  declaredCategories?: string[];
}

/**
 * `POST /api/v1/support/tickets` (CONTRACT.md, R-SUP-1, R-SUP-3): a request to digit@seineouest.fr
 * stating the need, the target users, the context and the deadline. `receivedAt` and `channel:
 * email` record an e-mail DIGIT received (its received time); a town posting its own request is
 * received now. A request naming people sets `containsPersonalData` and waits for the privacy
 * cross-check (R-GDPR-2).
 */
export class ReceiveTicketRequest extends PersonalDataDeclarationFields {
  @IsTown()
  insee!: Insee;

  @IsString({ message: 'need doit être un texte' })
  @Matches(NOT_BLANK, { message: 'le besoin (need) est obligatoire' })
  @MaxLength(TEXT_MAX, { message: `le besoin dépasse ${TEXT_MAX} caractères` })
  need!: string;

  @IsString({ message: 'targetUsers doit être un texte' })
  @Matches(NOT_BLANK, { message: "la cible d'utilisateurs (targetUsers) est obligatoire" })
  @MaxLength(TEXT_MAX, { message: `la cible d'utilisateurs dépasse ${TEXT_MAX} caractères` })
  targetUsers!: string;

  @IsString({ message: 'context doit être un texte' })
  @Matches(NOT_BLANK, { message: 'le contexte (context) est obligatoire' })
  @MaxLength(TEXT_MAX, { message: `le contexte dépasse ${TEXT_MAX} caractères` })
  context!: string;

  @IsCalendarDate({ message: "deadline (l'échéance) doit être une date réelle au format AAAA-MM-JJ" })
  deadline!: string;

  @IsOptional()
  @IsInstant({
    message: 'receivedAt doit être la date et heure de réception ISO 8601 avec décalage, par exemple 2026-03-10T09:30:00+01:00',
  })
  receivedAt?: string;

  @IsOptional()
  @IsIn(TICKET_CHANNELS, { message: "channel vaut 'email' (courriel reçu sur digit@seineouest.fr) ou 'api'" })
  channel?: (typeof TICKET_CHANNELS)[number];

  @IsOptional()
  @IsIn(TICKET_KINDS, { message: "kind vaut 'assistance' (assistance de premier niveau) ou 'project'" })
  kind?: (typeof TICKET_KINDS)[number];

  @IsOptional()
  @IsBoolean({ message: 'containsPersonalData doit valoir true ou false' })
  containsPersonalData?: boolean;
}

/**
 * `GET /api/v1/support/tickets?insee=&status=&breached=&limit=&after=` (R-SUP-3): every parameter is
 * honoured or refused, never ignored. `breached=true` keeps the requests whose first-response or
 * resolution time is breached (recorded, or overdue now), `breached=false` the others.
 */
export class TicketsRequest extends SupportListRequest {
  @IsOptional()
  @IsIn(['open', 'closed'], { message: 'status vaut open ou closed' })
  status?: 'open' | 'closed';

  @IsOptional()
  @IsBoolean({ message: 'breached vaut true ou false' })
  breached?: boolean;
}

/** `POST /api/v1/support/tickets/{id}/personal-data`: an agent found names or contacts (R-GDPR-2). */
export class FlagPersonalDataRequest extends PersonalDataDeclarationFields {
  @IsString({ message: `id : ${ID_MESSAGE}` })
  @Matches(SUPPORT_ID, { message: `id : ${ID_MESSAGE}` })
  id!: string;
}

/** `POST /api/v1/support/tickets/{id}/assignment`: the DIGIT agent the request is assigned to. */
export class AssignTicketRequest extends SupportIdRequest {
  @IsString({ message: "assignee doit être le nom de l'agent DIGIT" })
  @Matches(NOT_BLANK, { message: "l'agent (assignee) est obligatoire" })
  @MaxLength(200, { message: "le nom de l'agent dépasse 200 caractères" })
  assignee!: string;
}

/** `POST /api/v1/support/tickets/{id}/replies`: who replies is the caller (R-SEC-1), never a field. */
export class ReplyToTicketRequest extends SupportIdRequest {
  @IsString({ message: 'message doit être un texte' })
  @Matches(NOT_BLANK, { message: 'le message est obligatoire' })
  @MaxLength(TEXT_MAX, { message: `le message dépasse ${TEXT_MAX} caractères` })
  message!: string;
}

/** `POST /api/v1/support/tickets/{id}/closure`. */
export class CloseTicketRequest extends SupportIdRequest {
  @IsIn(TICKET_CLOSURES, {
    message: "closure vaut 'resolved' (résolue), 'withdrawn' (retirée par la ville) ou 'not-processable' (non traitable)",
  })
  closure!: TicketClosure;

  @IsString({ message: 'summary doit être un texte' })
  @Matches(NOT_BLANK, { message: 'le résumé de la clôture (summary) est obligatoire' })
  @MaxLength(TEXT_MAX, { message: `le résumé dépasse ${TEXT_MAX} caractères` })
  summary!: string;
}
