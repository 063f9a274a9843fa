/**
 * Where an event type carries a person's data: the fields to seal (dotted paths, `*` for every
 * element) and the field holding that person's id, which is the data subject id (the key it is
 * sealed with, and what an erasure request names). Subject ids must be opaque identifiers,
 * never built from a name or an e-mail: they stay in clear in envelopes and erasure events.
 */
export interface PersonalDataFieldsOfEvent {
  readonly subjectIdPath: string;
  readonly paths: readonly string[];
}

export type PersonalDataCatalogue = Readonly<Record<string, PersonalDataFieldsOfEvent>>;

/**
 * The one declaration of personal data inside events, passed by the runtime to every
 * service's event store (R-GDPR-1, RGPD art. 17). Event types are those of the contexts that
 * record them; add a line here when a context starts recording a person's data.
 */
export const PERSONAL_DATA_FIELDS: PersonalDataCatalogue = {
  // conventions (R-CON-8): the town contacts of a convention.
  ContactAssigned: { subjectIdPath: 'person.personId', paths: ['person.name', 'person.email', 'person.phone'] },
  // privacy (R-GDPR-3): DIGIT agents' GDPR training records.
  AgentRegistered: { subjectIdPath: 'agentId', paths: ['fullName'] },
};
