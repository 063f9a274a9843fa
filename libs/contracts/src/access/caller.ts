import { isInsee, type Insee } from '../towns.js';
import { isPersonRole, SERVICE_ROLE, type Role } from './roles.js';

/**
 * The authenticated caller of a message (R-SEC-1): the token's subject, its roles and, for town
 * roles, its town. The gateway builds it from a verified token; services read it from the NATS
 * header below and write `sub` as the actor of every event the message produces.
 */
export interface Caller {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly insee?: Insee;
}

/** The NATS header carrying the caller from the gateway (or a service) to a service. */
export const CALLER_HEADER = 'Digit-Caller';

const SUBJECT = /^[\p{L}\p{N}._:@|+-]{1,200}$/u;

export const encodeCaller = (caller: Caller): string => JSON.stringify({ sub: caller.sub, roles: caller.roles, insee: caller.insee });

/** The caller a header names, or undefined when it is missing or malformed (the message is then refused). */
export const decodeCaller = (header: string | undefined | null): Caller | undefined => {
  if (!header) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { sub, roles, insee } = parsed as Record<string, unknown>;
  if (typeof sub !== 'string' || !SUBJECT.test(sub) || !Array.isArray(roles)) return undefined;
  if (!roles.every((role) => isPersonRole(role) || role === SERVICE_ROLE)) return undefined;
  if (insee !== undefined && !isInsee(insee)) return undefined;
  return { sub, roles: roles as Role[], ...(insee === undefined ? {} : { insee }) };
};

/** A DIGIT service calling another: its own name as subject. */
export const serviceCaller = (service: string): Caller => ({ sub: `service:${service}`, roles: [SERVICE_ROLE] });
