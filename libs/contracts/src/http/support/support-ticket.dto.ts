import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { INSEE_CODES } from '../../towns.js';
import { IsCalendarDate } from '../calendar-date.js';
import { IsInstant } from './instant.js';

const TEXT_MAX = 10_000;
const NOT_BLANK = /\S/;

/**
 * `POST /api/v1/support/tickets` (CONTRACT.md, R-SUP-1, R-SUP-3): a request to digit@seineouest.fr
 * stating the need, the target users, the context and the deadline. `receivedAt` is the time an
 * e-mail was received (now when absent). A request naming people or giving their contacts sets
 * `containsPersonalData` and waits for the privacy cross-check (R-GDPR-2).
 */
export class SupportTicketRequestDto {
  @IsIn(INSEE_CODES, { message: `insee doit être le code INSEE d'une commune de GPSO (${INSEE_CODES.join(', ')})` })
  insee!: string;

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
  @IsInstant({ message: 'receivedAt doit être la date et heure de réception ISO 8601 avec décalage, par exemple 2026-03-10T09:30:00+01:00' })
  receivedAt?: string;

  @IsOptional()
  @IsIn(['api', 'email'], { message: "channel vaut 'email' (courriel reçu sur digit@seineouest.fr) ou 'api'" })
  channel?: 'api' | 'email';

  @IsOptional()
  @IsIn(['assistance', 'project'], { message: "kind vaut 'assistance' (assistance de premier niveau) ou 'project'" })
  kind?: 'assistance' | 'project';

  @IsOptional()
  @IsBoolean({ message: 'containsPersonalData doit valoir true ou false' })
  containsPersonalData?: boolean;

  @IsOptional()
  @IsString({ message: 'declaredProcessing doit être la référence du traitement au registre du DPD' })
  @Matches(NOT_BLANK, { message: 'declaredProcessing ne peut pas être vide' })
  declaredProcessing?: string;

  @IsOptional()
  @IsArray({ message: 'declaredCategories doit être une liste de catégories de données personnelles' })
  @ArrayMaxSize(30, { message: 'declaredCategories : 30 catégories au plus' })
  @IsString({ each: true, message: 'chaque catégorie déclarée doit être un texte' })
  declaredCategories?: string[];
}

/** `POST /api/v1/support/tickets/{id}/personal-data`: an agent found names or contacts (R-GDPR-2). */
export class PersonalDataFlagDto {
  @IsOptional()
  @IsString({ message: 'declaredProcessing doit être la référence du traitement au registre du DPD' })
  @Matches(NOT_BLANK, { message: 'declaredProcessing ne peut pas être vide' })
  declaredProcessing?: string;

  @IsOptional()
  @IsArray({ message: 'declaredCategories doit être une liste de catégories de données personnelles' })
  @ArrayMaxSize(30, { message: 'declaredCategories : 30 catégories au plus' })
  @IsString({ each: true, message: 'chaque catégorie déclarée doit être un texte' })
  declaredCategories?: string[];
}

/** `POST /api/v1/support/tickets/{id}/assignment`. */
export class TicketAssignmentDto {
  @IsString({ message: "assignee doit être le nom de l'agent DIGIT" })
  @Matches(NOT_BLANK, { message: "l'agent (assignee) est obligatoire" })
  @MaxLength(200, { message: "le nom de l'agent dépasse 200 caractères" })
  assignee!: string;
}

/** `POST /api/v1/support/tickets/{id}/replies`. */
export class TicketReplyDto {
  @IsString({ message: "by doit être le nom de l'auteur de la réponse" })
  @Matches(NOT_BLANK, { message: "l'auteur de la réponse (by) est obligatoire" })
  @MaxLength(200, { message: "le nom de l'auteur dépasse 200 caractères" })
  by!: string;

  @IsString({ message: 'message doit être un texte' })
  @Matches(NOT_BLANK, { message: 'le message est obligatoire' })
  @MaxLength(TEXT_MAX, { message: `le message dépasse ${TEXT_MAX} caractères` })
  message!: string;
}

/** `POST /api/v1/support/tickets/{id}/closure`. */
export class TicketClosureDto {
  @IsIn(['resolved', 'withdrawn', 'not-processable'], {
    message: "closure vaut 'resolved' (résolue), 'withdrawn' (retirée par la ville) ou 'not-processable' (non traitable)",
  })
  closure!: 'resolved' | 'withdrawn' | 'not-processable';

  @IsString({ message: 'summary doit être un texte' })
  @Matches(NOT_BLANK, { message: 'le résumé de la clôture (summary) est obligatoire' })
  @MaxLength(TEXT_MAX, { message: `le résumé dépasse ${TEXT_MAX} caractères` })
  summary!: string;
}

/** A reason, for waiting on the town, a cancellation or an abandonment. */
export class SupportReasonDto {
  @IsString({ message: 'reason doit être un texte' })
  @Matches(NOT_BLANK, { message: 'le motif (reason) est obligatoire' })
  @MaxLength(2_000, { message: 'le motif dépasse 2000 caractères' })
  reason!: string;
}
