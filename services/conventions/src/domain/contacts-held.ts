import { townName, type ContactRole, type HeldPersonalDataView, type Insee } from '@digit/contracts';
import { isErased } from '@digit/personal-data';
import type { ConventionState } from './convention.state.js';

const ROLE_NAMES: Readonly<Record<ContactRole, string>> = {
  referent: 'référent',
  gis: 'SIG',
  open_data: 'Open Data',
  dsi: 'DSI',
  smart_territory: 'territoire intelligent',
};

/**
 * The persons whose data the town's convention holds (R-CON-8 contacts), for retention and subject
 * access (issue 15): since their first designation, until the end of their last one (null while
 * one runs). Erased persons (their fields read as `erased`) are no longer held.
 */
export const contactsHeld = (insee: Insee, state: ConventionState, subjectIds?: ReadonlySet<string>): HeldPersonalDataView[] => {
  const byPerson = new Map<string, { roles: Set<ContactRole>; since: string; until: string | null; open: boolean }>();
  for (const tenure of state.contacts) {
    const { personId, name } = tenure.person;
    if (subjectIds && !subjectIds.has(personId)) continue;
    if (isErased(name)) continue;
    const held = byPerson.get(personId) ?? { roles: new Set<ContactRole>(), since: tenure.from, until: null, open: false };
    held.roles.add(tenure.role);
    if (tenure.from < held.since) held.since = tenure.from;
    if (tenure.until === null) held.open = true;
    else if (held.until === null || tenure.until > held.until) held.until = tenure.until;
    byPerson.set(personId, held);
  }
  return [...byPerson].map(([subjectId, held]) => ({
    subjectId,
    holding: 'convention-contacts' as const,
    insee,
    where: `Contact ${[...held.roles].map((role) => ROLE_NAMES[role]).join(', ')} de la convention de ${townName(insee)}`,
    since: held.since,
    until: held.open ? null : held.until,
  }));
};
