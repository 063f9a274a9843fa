import { Temporal } from 'temporal-polyfill';
import { formatDateFr, formatInstantFr } from '@digit/calendar';
import { DomainError, type ErrorDetail } from '@digit/contracts';
import { findPersonalSpans } from '@digit/personal-data';
import { businessDateOf, formatInstant } from './business-time.js';
import { personalDataDeclaration } from './personal-data-declaration.js';
import type { ReceiveRequest } from './request.commands.js';
import type { RequestReceived } from './request.events.js';
import { addServiceMinutes } from './service-hours.js';
import { DEFAULT_SUPPORT_POLICY } from './support-policy.js';

/**
 * A request as R-SUP-1 asks for it: the need, the target users, the context and the deadline,
 * with the time it was received (an e-mail keeps its own). The edge has checked each field; here
 * are the rules between them, every problem listed at once.
 */
export const receiveRequest = (command: ReceiveRequest): RequestReceived | DomainError => {
  const details: ErrorDetail[] = [];
  const now = Temporal.Instant.from(command.now);
  const receivedAt = command.receivedAt === undefined ? now : Temporal.Instant.from(command.receivedAt);
  if (command.receivedAt === undefined && command.channel === 'email') {
    details.push({ path: 'receivedAt', message: "l'heure de réception du courriel est obligatoire" });
  }
  if (Temporal.Instant.compare(receivedAt, now) > 0) {
    details.push({
      path: 'receivedAt',
      message: `la réception (${formatInstantFr(receivedAt.toString())}) ne peut pas être dans le futur`,
    });
  }
  if (Temporal.PlainDate.compare(command.deadline, businessDateOf(receivedAt)) < 0) {
    details.push({
      path: 'deadline',
      message: `l'échéance (${formatDateFr(command.deadline)}) précède la réception de la demande (${formatInstantFr(receivedAt.toString())})`,
    });
  }
  const declared = command.declaredProcessing !== undefined || command.declaredCategories !== undefined;
  if (declared && !command.containsPersonalData) {
    details.push({
      path: 'containsPersonalData',
      message: 'un traitement ou des catégories de données personnelles sont déclarés : containsPersonalData doit valoir true',
    });
  }
  if (details.length > 0) return new DomainError('invalid', 'validation_failed', 'La demande est incomplète ou invalide.', details);
  // Issue 15: whatever the sender declared, a text naming a person or their contacts is checked.
  const personalDataDetected = findPersonalSpans(`${command.need}\n${command.targetUsers}\n${command.context}`).length > 0;
  const checked = command.containsPersonalData || personalDataDetected;
  const serviceLevel = command.policy ?? DEFAULT_SUPPORT_POLICY;
  const { calendar } = serviceLevel;
  return {
    type: 'RequestReceived',
    data: {
      requestId: command.requestId,
      insee: command.insee,
      kind: command.kind ?? 'assistance',
      channel: command.channel,
      need: command.need.trim(),
      targetUsers: command.targetUsers.trim(),
      context: command.context.trim(),
      deadline: command.deadline,
      receivedAt: formatInstant(receivedAt, calendar.zone),
      containsPersonalData: command.containsPersonalData,
      personalDataDetected,
      personalDataDeclaration: checked ? personalDataDeclaration(command.declaredProcessing, command.declaredCategories) : null,
      serviceLevel,
      firstResponseDueAt: addServiceMinutes(receivedAt, serviceLevel.firstResponseServiceMinutes, calendar),
      resolutionDueAt: addServiceMinutes(receivedAt, serviceLevel.resolutionServiceMinutes, calendar),
    },
  };
};
