import {
  decodeCaller,
  encodeCaller,
  isInsee,
  isPersonRole,
  isTownRole,
  PERSON_ROLES,
  ROLE_LABELS,
  type Caller,
  type PersonRole,
} from '@digit/contracts';

/** Who an account, a token or a sign-in link names: one role, and a town for a town role. */
export interface Person {
  readonly sub: string;
  readonly role: PersonRole;
  readonly insee?: string;
}

export type PersonCheck = { readonly ok: true; readonly person: Person } | { readonly ok: false; readonly message: string };

const TOWN_LIST = '92012, 92022, 92040, 92047, 92048, 92072, 92075, 92077';

/**
 * The rules of CONTRACT.md "Who is calling (v1.1)" for a person the admin CLI names: a known
 * role; a town (`insee`) for a town role and never for `ops`, `finance` or `auditor`; a known town;
 * a subject the services accept as an actor. Messages in French (the CLI's reader).
 */
export const checkPerson = (input: { role?: string; insee?: string; sub: string }): PersonCheck => {
  const { role, insee, sub } = input;
  if (!role) return { ok: false, message: `Rôle manquant (--role) : ${PERSON_ROLES.join(', ')}.` };
  if (!isPersonRole(role)) return { ok: false, message: `Rôle inconnu « ${role} » : ${PERSON_ROLES.join(', ')}.` };
  if (isTownRole(role) && insee === undefined) {
    return { ok: false, message: `Le rôle ${role} (${ROLE_LABELS[role]}) est limité à une commune : précisez --insee (${TOWN_LIST}).` };
  }
  if (!isTownRole(role) && insee !== undefined) {
    return { ok: false, message: `Le rôle ${role} (${ROLE_LABELS[role]}) vaut pour toutes les communes : retirez --insee.` };
  }
  if (insee !== undefined && !isInsee(insee)) return { ok: false, message: `Commune inconnue « ${insee} » : ${TOWN_LIST}.` };
  const person: Person = { sub, role, ...(insee === undefined ? {} : { insee }) };
  // The subject becomes the actor of events: it must pass the services' own check of the caller header.
  if (!decodeCaller(encodeCaller(callerOf(person)))) {
    return { ok: false, message: `Identifiant « ${sub} » refusé : lettres, chiffres et . _ : @ | + - seulement, 200 caractères au plus.` };
  }
  return { ok: true, person };
};

export const callerOf = (person: Person): Caller =>
  ({ sub: person.sub, roles: [person.role], ...(person.insee ? { insee: person.insee } : {}) }) as Caller;
