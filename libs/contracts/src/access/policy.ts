import type { Insee } from '../towns.js';
import type { Caller } from './caller.js';
import { isTownRole, type Role, type TerritoryRole, type TownRole } from './roles.js';

/**
 * Who may send a message or call a route (R-SEC-2, R-SEC-4). Deny by default: a message or a
 * route without a policy is refused, and a test walks them all.
 * - `public`: anyone, without a token (CONTRACT.md: health, the API documents, Open Data exports).
 * - `roles`: roles allowed whatever the town (DIGIT ops, GPSO finance, auditors, services).
 * - `town`: town roles allowed on their own town only. `field` names the request field holding
 *   the town; when the request leaves it out (a list across towns), a town caller's own town is
 *   filled in. `resolvedBy: 'handler'` means the town is known only once the state is loaded
 *   (a dataset's town): the handler checks it with `authorizeTown`.
 */
export type Policy = PublicPolicy | RolePolicy;
export interface PublicPolicy {
  readonly public: true;
}
export interface RolePolicy {
  readonly public?: false;
  readonly roles: readonly (TerritoryRole | 'service')[];
  readonly town?: TownScope;
}

export type TownScope =
  | { readonly roles: readonly TownRole[]; readonly field: string; readonly resolvedBy?: undefined }
  | { readonly roles: readonly TownRole[]; readonly resolvedBy: 'handler'; readonly field?: undefined };

export const isPublic = (policy: Policy): policy is PublicPolicy => policy.public === true;

export type Authorization =
  | { readonly ok: true; readonly request: unknown }
  | { readonly ok: false; readonly reason: 'unauthenticated' | 'forbidden'; readonly message: string };

const forbidden = (message: string): Authorization => ({ ok: false, reason: 'forbidden', message });

const townOf = (request: unknown, field: string): unknown =>
  typeof request === 'object' && request !== null ? (request as Record<string, unknown>)[field] : undefined;

/** The roles of the caller this policy lets in, before any town is looked at. */
export const grantedRoles = (policy: Policy, caller: Caller): readonly Role[] => {
  if (isPublic(policy)) return caller.roles;
  const townRoles: readonly Role[] = policy.town?.roles ?? [];
  return caller.roles.filter((role) => (policy.roles as readonly Role[]).includes(role) || townRoles.includes(role));
};

/**
 * Checks a caller against a policy for one request. A caller allowed by a territory role passes
 * whatever the town; one allowed only by a town role passes for its own town, and a list across
 * towns is narrowed to it (the request comes back with the town filled in).
 */
export const authorize = (policy: Policy, caller: Caller | undefined, request: unknown): Authorization => {
  if (isPublic(policy)) return { ok: true, request };
  if (!caller) return { ok: false, reason: 'unauthenticated', message: 'Authentification requise.' };
  const granted = grantedRoles(policy, caller);
  if (granted.length === 0) return forbidden('Votre rôle ne permet pas cette action.');
  if (granted.some((role) => !isTownRole(role))) return { ok: true, request };
  const scope = policy.town!;
  if (!caller.insee) return forbidden('Votre jeton ne porte pas de commune (claim insee) : action réservée à une commune.');
  if (scope.resolvedBy === 'handler') return { ok: true, request };
  const town = townOf(request, scope.field);
  if (town === undefined || town === null) {
    const narrowed = typeof request === 'object' && request !== null ? { ...(request as object), [scope.field]: caller.insee } : request;
    return { ok: true, request: narrowed };
  }
  return town === caller.insee ? { ok: true, request } : forbidden(`Votre rôle est limité à la commune ${caller.insee}.`);
};

/**
 * For `resolvedBy: 'handler'`: may this caller act on this town? Territory roles may; a town
 * role only on its own town.
 */
export const mayActOnTown = (policy: Policy, caller: Caller, insee: Insee | string): boolean => {
  if (isPublic(policy)) return true;
  const granted = grantedRoles(policy, caller);
  return granted.some((role) => !isTownRole(role)) || (granted.length > 0 && caller.insee === insee);
};

/** The towns whose data this caller may see (undefined: every town). */
export const visibleTowns = (caller: Caller): readonly Insee[] | undefined =>
  caller.roles.some((role) => !isTownRole(role)) ? undefined : caller.insee ? [caller.insee] : [];
