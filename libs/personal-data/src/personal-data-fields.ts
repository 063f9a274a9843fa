/**
 * Where an event type carries a person's data.
 * - `paths`: fields of one known person (dotted paths, `*` for every element), sealed whole with
 *   the key of the subject at `subjectIdPath`, which is the data subject id (the key it is sealed
 *   with, and what an erasure request names). Subject ids must be opaque identifiers, never built
 *   from a name or an e-mail: they stay in clear in envelopes and erasure events.
 * - `identifiers`: which of those fields name the person (recorded in the person index, so the
 *   same person found in a free text shares their key).
 * - `freeText`: what a town or a person typed; searched for persons (names, e-mails, phones,
 *   postal addresses), each one's spans sealed in place with their key (free-text.ts).
 */
export interface PersonalDataFieldsOfEvent {
  readonly subjectIdPath?: string;
  readonly paths?: readonly string[];
  readonly identifiers?: { readonly name?: string; readonly email?: string; readonly phone?: string };
  readonly freeText?: readonly string[];
}

export type PersonalDataCatalogue = Readonly<Record<string, PersonalDataFieldsOfEvent>>;

/**
 * The one declaration of personal data inside events, passed by the runtime to every
 * service's event store (R-GDPR-1, RGPD art. 17). Event types are those of the contexts that
 * record them; add a line here when a context starts recording a person's data.
 */
export const PERSONAL_DATA_FIELDS: PersonalDataCatalogue = {
  // conventions (R-CON-8): the town contacts of a convention.
  ContactAssigned: {
    subjectIdPath: 'person.personId',
    paths: ['person.name', 'person.email', 'person.phone'],
    identifiers: { name: 'person.name', email: 'person.email', phone: 'person.phone' },
  },
  // privacy (R-GDPR-3): DIGIT agents' GDPR training records.
  AgentRegistered: { subjectIdPath: 'agentId', paths: ['fullName'], identifiers: { name: 'fullName' } },
};
