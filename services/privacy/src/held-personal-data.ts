import { conventionsMessages, DomainError, serviceCaller, type HeldPersonalDataRequest, type HeldPersonalDataView } from '@digit/contracts';
import type { Bus } from '@digit/messaging';
import { sendMessage } from '@digit/messaging';

/** The services that hold persons' data, each asked over its own `held-personal-data` message. */
const HOLDERS = [conventionsMessages.heldPersonalData] as const;

/**
 * What every service holds about persons (of a town, or given persons), for retention and subject
 * access (issue 15). A service that does not answer makes the whole answer unavailable: a partial
 * list would erase or export too little without saying so.
 */
export const heldPersonalData = async (
  bus: Bus,
  request: HeldPersonalDataRequest,
  timeoutMs = 5000,
): Promise<HeldPersonalDataView[] | DomainError> => {
  const held: HeldPersonalDataView[] = [];
  for (const message of HOLDERS) {
    let reply;
    try {
      reply = await sendMessage(bus, message, { ...request }, serviceCaller('privacy'), timeoutMs);
    } catch {
      reply = undefined;
    }
    if (!reply?.ok) {
      return new DomainError(
        'unavailable',
        'holder_unavailable',
        `Le service ${message.subject.split('.')[2]} n’a pas répondu : la liste des données d’une personne serait incomplète. Réessayez dans un moment.`,
      );
    }
    held.push(...reply.value.held);
  }
  return held;
};
