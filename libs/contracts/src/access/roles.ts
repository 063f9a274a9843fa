/**
 * Who may call the system (CONTRACT.md "Who is calling (v1.1)", R-SEC-2). The six roles come in
 * the token's `roles` claim; town roles are limited to the token's `insee`.
 */
export const PERSON_ROLES = ['ops', 'finance', 'auditor', 'town-dsi', 'town-dpo', 'town-referent'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export const TOWN_ROLES = ['town-dsi', 'town-dpo', 'town-referent'] as const;
export type TownRole = (typeof TOWN_ROLES)[number];
export type TerritoryRole = Exclude<PersonRole, TownRole>;

/**
 * A DIGIT service asking another one over NATS (support asks conventions for the towns in force).
 * Never read from a token: only the services' own NATS users can send it (R-SEC-3).
 */
export const SERVICE_ROLE = 'service';
export type Role = PersonRole | typeof SERVICE_ROLE;

export const isPersonRole = (value: unknown): value is PersonRole =>
  typeof value === 'string' && (PERSON_ROLES as readonly string[]).includes(value);

export const isTownRole = (role: Role): role is TownRole => (TOWN_ROLES as readonly string[]).includes(role);

/** How a role is named to a French reader (error messages, the dashboard). */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  ops: 'exploitation DIGIT',
  finance: 'finances GPSO',
  auditor: 'auditeur',
  'town-dsi': 'DSI de la ville',
  'town-dpo': 'DPD de la ville',
  'town-referent': 'référent de la ville',
  service: 'service DIGIT',
};
