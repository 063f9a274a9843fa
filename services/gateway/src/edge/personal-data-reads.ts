import {
  MASKED,
  PURPOSE_PARAMETER,
  privacyMessages,
  serviceCaller,
  type AnyMessage,
  type Caller,
  type HttpBinding,
} from '@digit/contracts';
import { isErased } from '@digit/personal-data';
import { ApiError, type ServiceClient } from '../http/service-client.js';

/** A route whose reply holds persons' data also accepts `purpose` (the gateway's, never sent to the service). */
export const bindingWithPurpose = (message: AnyMessage): HttpBinding =>
  message.personalData ? { ...message.http!, query: { ...message.http!.query, [PURPOSE_PARAMETER]: 'string' } } : message.http!;

/** The purpose stated on such a route, taken out of the request the service sees. */
export const takePurpose = (message: AnyMessage, built: Record<string, unknown>): string | undefined => {
  if (!message.personalData || !(PURPOSE_PARAMETER in built)) return undefined;
  const purpose = built[PURPOSE_PARAMETER];
  delete built[PURPOSE_PARAMETER];
  if (typeof purpose !== 'string' || purpose.trim() === '') {
    throw new ApiError(
      400,
      'invalid_request',
      'Paramètre purpose invalide : indiquez une seule finalité, la référence d’un traitement validé du registre.',
      [{ path: PURPOSE_PARAMETER, message: 'une référence de traitement attendue' }],
    );
  }
  return purpose.trim();
};

/**
 * R-GDPR-5 at the one HTTP edge: a reply holding persons' data is served in clear only for a
 * stated purpose, a validated processing of the register (the town's, or DIGIT's own for its
 * agents), and the privacy service records the read (who, when, which route, why, whom) before
 * the reply leaves; an unknown purpose is refused (400 naming the accepted ones), an unreachable
 * trace refuses the read (503). Without a purpose, the persons' fields are masked (minimisation).
 */
export const guardPersonalDataRead = async (
  services: ServiceClient,
  message: AnyMessage,
  request: Record<string, unknown>,
  reply: unknown,
  read: { readonly caller: Caller; readonly purpose: string | undefined },
): Promise<void> => {
  const declared = message.personalData;
  if (!declared) return;
  const persons = declared.persons(reply as never).filter((person) => person.fields.some((field) => inClear(person.holder[field])));
  if (read.purpose === undefined) {
    for (const person of persons) for (const field of person.fields) if (inClear(person.holder[field])) person.holder[field] = MASKED;
    return;
  }
  const insee = declared.insee(request as never);
  await services.send(
    privacyMessages.recordPersonalDataRead,
    {
      ...(insee ? { insee } : {}),
      purpose: read.purpose,
      route: `${message.http!.method} ${message.http!.path}`,
      reader: read.caller.sub,
      subjectIds: [...new Set(persons.map((person) => person.subjectId))],
    },
    serviceCaller('gateway'),
  );
};

const inClear = (value: unknown): boolean => typeof value === 'string' && value !== '' && !isErased(value);
