import { Temporal } from 'temporal-polyfill';
import { DomainError, INSEE_CODES, isInsee, type ErrorDetail } from '@digit/contracts';
import {
  businessDateOf,
  formatInstant,
  frenchDate,
  frenchDateTime,
  parseInstant,
  parsePlainDate,
} from './business-time.js';
import { personalDataDeclaration } from './personal-data-declaration.js';
import type { ReceiveRequest } from './request.commands.js';
import type { RequestReceived } from './request.events.js';
import { addServiceMinutes } from './service-hours.js';
import { DEFAULT_SUPPORT_POLICY } from './support-policy.js';

const MAX_TEXT_LENGTH = 10_000;

const requiredText = (value: unknown, path: string, label: string, details: ErrorDetail[]): string => {
  if (typeof value !== 'string' || value.trim() === '') {
    details.push({ path, message: `${label} est obligatoire` });
    return '';
  }
  if (value.length > MAX_TEXT_LENGTH) {
    details.push({ path, message: `${label} dépasse ${MAX_TEXT_LENGTH} caractères` });
  }
  return value.trim();
};

/**
 * A request as R-SUP-1 asks for it: the need, the target users, the context and the deadline,
 * with the time it was received (an e-mail keeps its own). Every problem is listed at once.
 */
export const receiveRequest = (command: ReceiveRequest): RequestReceived | DomainError => {
  const details: ErrorDetail[] = [];
  if (typeof command.requestId !== 'string' || command.requestId.trim() === '') {
    details.push({ path: 'requestId', message: "l'identifiant de la demande est obligatoire" });
  }
  if (!isInsee(command.insee)) {
    details.push({
      path: 'insee',
      message: `commune inconnue : ${String(command.insee)} (codes INSEE attendus : ${INSEE_CODES.join(', ')})`,
    });
  }
  const need = requiredText(command.need, 'need', 'le besoin', details);
  const targetUsers = requiredText(command.targetUsers, 'targetUsers', "la cible d'utilisateurs", details);
  const context = requiredText(command.context, 'context', 'le contexte', details);

  const now = parseInstant(command.now);
  if (now === null) details.push({ path: 'now', message: 'instant ISO 8601 avec décalage attendu' });
  let receivedAt = now;
  if (command.receivedAt !== undefined) {
    receivedAt = parseInstant(command.receivedAt);
    if (receivedAt === null) {
      details.push({
        path: 'receivedAt',
        message:
          'date et heure de réception attendues au format ISO 8601 avec décalage, ' +
          'par exemple 2026-03-10T09:30:00+01:00',
      });
    }
  } else if (command.channel === 'email') {
    details.push({ path: 'receivedAt', message: "l'heure de réception du courriel est obligatoire" });
  }
  if (receivedAt !== null && now !== null && Temporal.Instant.compare(receivedAt, now) > 0) {
    details.push({
      path: 'receivedAt',
      message: `la réception (${frenchDateTime(receivedAt)}) ne peut pas être dans le futur`,
    });
  }

  const deadline = parsePlainDate(command.deadline);
  if (deadline === null) {
    details.push({ path: 'deadline', message: "l'échéance est obligatoire, au format AAAA-MM-JJ" });
  } else if (receivedAt !== null && Temporal.PlainDate.compare(deadline, businessDateOf(receivedAt)) < 0) {
    details.push({
      path: 'deadline',
      message:
        `l'échéance (${frenchDate(deadline)}) précède la réception de la demande ` +
        `(${frenchDateTime(receivedAt)})`,
    });
  }

  const declared = command.declaredProcessing !== undefined || command.declaredCategories !== undefined;
  if (declared && !command.containsPersonalData) {
    details.push({
      path: 'containsPersonalData',
      message: 'un traitement ou des catégories de données personnelles sont déclarés : containsPersonalData doit valoir true',
    });
  }
  const declaration = personalDataDeclaration(command.declaredProcessing, command.declaredCategories, details);

  if (details.length > 0 || receivedAt === null || deadline === null || !isInsee(command.insee)) {
    return new DomainError('invalid', 'validation_failed', 'La demande est incomplète ou invalide.', details);
  }
  const serviceLevel = command.policy ?? DEFAULT_SUPPORT_POLICY;
  const { calendar } = serviceLevel;
  return {
    type: 'RequestReceived',
    data: {
      requestId: command.requestId,
      insee: command.insee,
      kind: command.kind ?? 'assistance',
      channel: command.channel,
      need,
      targetUsers,
      context,
      deadline: deadline.toString(),
      receivedAt: formatInstant(receivedAt, calendar.zone),
      containsPersonalData: command.containsPersonalData,
      personalDataDeclaration: command.containsPersonalData ? declaration : null,
      serviceLevel,
      firstResponseDueAt: addServiceMinutes(receivedAt, serviceLevel.firstResponseServiceMinutes, calendar),
      resolutionDueAt: addServiceMinutes(receivedAt, serviceLevel.resolutionServiceMinutes, calendar),
    },
  };
};
