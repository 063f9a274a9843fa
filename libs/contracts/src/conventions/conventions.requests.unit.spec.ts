import { validateDto } from '../validation.js';
import { actesDecisionDay, shareRateProblem } from './convention-fields.js';
import {
  AmendConventionRequest,
  AssignContactRequest,
  ConventionRequest,
  DraftConventionRequest,
  GiveTerminationNoticeRequest,
  MarkDataReturnedRequest,
  RecordDeliberationRequest,
  RecordOpenDataDomainRequest,
  RecordSigUsageRequest,
  ReleaseContactRequest,
  RenewExpresslyRequest,
  SignConventionRequest,
  TerminateByMutualAgreementRequest,
} from './conventions.requests.js';

const draft = {
  insee: '92012',
  draftedOn: '2023-12-01',
  plannedEntryIntoForce: '2024-01-01',
  tacitRenewals: 3,
  sizing: { sigOption: 1, resourcesShare: '0.077', structureShare: '0.0770' },
};
const deliberation = {
  insee: '92012',
  assembly: 'town',
  purpose: 'approval',
  councilDate: '2023-12-07',
  registerNumber: '26',
  subject: 'Convention de mutualisation de la DIGIT',
  votes: { for: 55, against: 0, abstentions: 0 },
  attendance: { present: 49, represented: 6 },
  transmission: { number: '092-219200128-20231207-137171-DE-1-1', date: '2023-12-13' },
};
/** A made-up person: test data. */
const contact = {
  insee: '92012',
  role: 'gis',
  person: { personId: 'p-alice', name: 'Alice Martin', email: 'alice@example.org', phone: '01 02 03 04 05' },
  from: '2024-02-01',
};
const openData = {
  insee: '92047',
  variant: 'gpso_domain',
  domain: 'data.seineouest.fr',
  from: '2024-01-01',
  evidence: { inhabitantsUnder3500: true, agentsUnder50: true, inhabitants: 1700, source: 'INSEE, population légale' },
};

const problemsOf = async <T extends object>(dto: new () => T, input: unknown): Promise<{ path: string; message: string }[]> => {
  const result = await validateDto(dto, input);
  return result.ok ? [] : [...result.details];
};
const pathsOf = async <T extends object>(dto: new () => T, input: unknown): Promise<string[]> =>
  (await problemsOf(dto, input)).map((detail) => detail.path);

describe('convention requests: complete requests pass as they are (issue 17: validation once, at the service’s edge)', () => {
  it.each<[string, new () => object, object]>([
    ['R-CON-1: a draft', DraftConventionRequest, draft],
    ['R-CON-1: a deliberation', RecordDeliberationRequest, deliberation],
    [
      'R-CON-1: a signature',
      SignConventionRequest,
      { insee: '92012', party: 'ept', signedOn: '2023-12-14', signatoryCapacity: 'Président', authorisedByDeliberationOf: '2023-12-07' },
    ],
    [
      'R-CON-7: an amendment of one share',
      AmendConventionRequest,
      { insee: '92012', signedOn: '2025-01-10', effectiveFrom: '2025-02-01', changes: { structureShare: '0.08' } },
    ],
    ['R-CON-8: a contact', AssignContactRequest, contact],
    ['R-CON-8: a release', ReleaseContactRequest, { insee: '92012', role: 'gis', personId: 'p-alice', releasedOn: '2024-05-01' }],
    ['R-CON-4: a notice', GiveTerminationNoticeRequest, { insee: '92012', requestedBy: 'town', noticeDate: '2025-03-15' }],
    [
      'R-CON-4: a mutual termination',
      TerminateByMutualAgreementRequest,
      { insee: '92012', agreedOn: '2025-06-01', effectiveDate: '2025-09-01' },
    ],
    [
      'R-CON-3: an express renewal with new terms',
      RenewExpresslyRequest,
      { insee: '92012', decidedOn: '2027-10-20', startsOn: '2028-01-01', tacitRenewals: 3, sizing: draft.sizing },
    ],
    ['R-CON-5: a data return', MarkDataReturnedRequest, { insee: '92012', doneOn: '2025-07-01', note: 'Clé USB remise au DSI' }],
    ['R-CON-9: the GPSO domain with evidence', RecordOpenDataDomainRequest, openData],
    ['R-CON-7: a SIG usage', RecordSigUsageRequest, { insee: '92040', measuredOn: '2025-05-02', users: 64, editLicences: 8 }],
  ])('%s', async (_, dto, input) => {
    expect(await problemsOf(dto, input)).toEqual([]);
  });
});

type Case = readonly [rule: string, what: string, dto: new () => object, input: object, path: string, says: string];

/** The shape checks the decider made before (convention-input.ts), now here, each with the same French meaning. */
const REFUSED: readonly Case[] = [
  ['R-CON-1', 'a town outside GPSO', DraftConventionRequest, { ...draft, insee: '75056' }, 'insee', 'code INSEE'],
  ['R-CON-1', 'a date that does not exist', DraftConventionRequest, { ...draft, draftedOn: '2023-02-30' }, 'draftedOn', 'AAAA-MM-JJ'],
  ['R-CON-1', 'a date in French format', DraftConventionRequest, { ...draft, draftedOn: '01/12/2023' }, 'draftedOn', 'AAAA-MM-JJ'],
  ['R-CON-2', 'a negative renewal count', DraftConventionRequest, { ...draft, tacitRenewals: -1 }, 'tacitRenewals', 'entier de 0 à 20'],
  ['R-CON-2', 'a fractional renewal count', DraftConventionRequest, { ...draft, tacitRenewals: 1.5 }, 'tacitRenewals', 'entier de 0 à 20'],
  [
    'R-CON-2',
    'more than 20 renewals',
    RenewExpresslyRequest,
    { insee: '92012', decidedOn: '2027-10-20', startsOn: '2028-01-01', tacitRenewals: 21 },
    'tacitRenewals',
    'entier de 0 à 20',
  ],
  ['R-CON-7', 'a draft without terms', DraftConventionRequest, { ...draft, sizing: undefined }, 'sizing', 'obligatoires'],
  [
    'R-CON-7',
    'option 0 in a draft',
    DraftConventionRequest,
    { ...draft, sizing: { ...draft.sizing, sigOption: 0 } },
    'sizing.sigOption',
    '1, 2, 3 ou 4',
  ],
  [
    'R-CON-7',
    'option 5 in a draft',
    DraftConventionRequest,
    { ...draft, sizing: { ...draft.sizing, sigOption: 5 } },
    'sizing.sigOption',
    '1, 2, 3 ou 4',
  ],
  [
    'R-CON-7',
    'option 1.5',
    DraftConventionRequest,
    { ...draft, sizing: { ...draft.sizing, sigOption: 1.5 } },
    'sizing.sigOption',
    '1, 2, 3 ou 4',
  ],
  [
    'R-CON-7',
    'option "1" as text',
    DraftConventionRequest,
    { ...draft, sizing: { ...draft.sizing, sigOption: '1' } },
    'sizing.sigOption',
    '1, 2, 3 ou 4',
  ],
  [
    'R-CON-7',
    'a share above 100 %',
    DraftConventionRequest,
    { ...draft, sizing: { ...draft.sizing, resourcesShare: '1.2' } },
    'sizing.resourcesShare',
    'entre 0 et 100 %',
  ],
  [
    'R-CON-7',
    'a negative share',
    DraftConventionRequest,
    { ...draft, sizing: { ...draft.sizing, structureShare: '-0.1' } },
    'sizing.structureShare',
    'entre 0 et 100 %',
  ],
  [
    'R-CON-7',
    'a share as a float',
    DraftConventionRequest,
    { ...draft, sizing: { ...draft.sizing, resourcesShare: 0.077 } },
    'sizing.resourcesShare',
    'nombre décimal écrit avec un point',
  ],
  [
    'R-CON-7',
    'a share in percent',
    DraftConventionRequest,
    { ...draft, sizing: { ...draft.sizing, resourcesShare: '7,7 %' } },
    'sizing.resourcesShare',
    'nombre décimal écrit avec un point',
  ],
  [
    'R-CON-7',
    'an amendment to option 5',
    AmendConventionRequest,
    { insee: '92012', signedOn: '2024-06-01', effectiveFrom: '2024-09-01', changes: { sigOption: 5 } },
    'changes.sigOption',
    '1, 2, 3 ou 4',
  ],
  [
    'R-CON-7',
    'an amendment to a share of 101 %',
    AmendConventionRequest,
    { insee: '92012', signedOn: '2024-06-01', effectiveFrom: '2024-09-01', changes: { resourcesShare: '1.01' } },
    'changes.resourcesShare',
    'entre 0 et 100 %',
  ],
  [
    'R-CON-7',
    'an amendment without changes',
    AmendConventionRequest,
    { insee: '92012', signedOn: '2024-06-01', effectiveFrom: '2024-09-01' },
    'changes',
    "ce que l'avenant change",
  ],
  [
    'R-CON-1',
    'a deliberation without subject',
    RecordDeliberationRequest,
    { ...deliberation, subject: '  ' },
    'subject',
    "L'objet de la délibération est obligatoire.",
  ],
  [
    'R-CON-1',
    'a deliberation of an unknown assembly',
    RecordDeliberationRequest,
    { ...deliberation, assembly: 'region' },
    'assembly',
    '« town » (la ville) ou « ept »',
  ],
  [
    'R-CON-1',
    'a deliberation of an unknown purpose',
    RecordDeliberationRequest,
    { ...deliberation, purpose: 'budget' },
    'purpose',
    'express_renewal',
  ],
  [
    'R-CON-1',
    'negative votes',
    RecordDeliberationRequest,
    { ...deliberation, votes: { for: 55, against: -1, abstentions: 0 } },
    'votes.against',
    'entiers positifs ou nuls',
  ],
  [
    'R-CON-1',
    'fractional attendance',
    RecordDeliberationRequest,
    { ...deliberation, attendance: { present: 48.5, represented: 6 } },
    'attendance.present',
    'entiers positifs ou nuls',
  ],
  [
    'R-CON-1',
    'a transmission number not in @ctes format',
    RecordDeliberationRequest,
    { ...deliberation, transmission: { number: '137171', date: '2023-12-13' } },
    'transmission.number',
    'format @ctes',
  ],
  [
    'R-CON-1',
    'a signature by an unknown party',
    SignConventionRequest,
    { insee: '92012', party: 'state', signedOn: '2023-12-14' },
    'party',
    '« town » (la ville) ou « ept »',
  ],
  [
    'R-CON-4',
    'a notice by an unknown party',
    GiveTerminationNoticeRequest,
    { insee: '92012', requestedBy: 'state', noticeDate: '2025-02-01' },
    'requestedBy',
    "'town' (la ville) ou 'ept'",
  ],
  [
    'R-CON-8',
    'a contact in an unknown role',
    AssignContactRequest,
    { ...contact, role: 'mayor' },
    'role',
    "Le rôle doit être l'un de : referent, gis, open_data, dsi, smart_territory.",
  ],
  [
    'R-CON-8',
    'a contact without a name',
    AssignContactRequest,
    { ...contact, person: { personId: 'p-x', name: '' } },
    'person.name',
    'un identifiant et un nom',
  ],
  [
    'R-CON-8',
    'a contact without an id',
    AssignContactRequest,
    { ...contact, person: { name: 'Alice Martin' } },
    'person.personId',
    'identifiant opaque',
  ],
  [
    'R-CON-8',
    'a contact whose id is a name (R-GDPR-1: ids stay in clear)',
    AssignContactRequest,
    { ...contact, person: { personId: 'Alice Martin', name: 'Alice Martin' } },
    'person.personId',
    'jamais un nom',
  ],
  [
    'R-CON-8',
    'a contact with a malformed e-mail',
    AssignContactRequest,
    { ...contact, person: { ...contact.person, email: 'alice' } },
    'person.email',
    "L'adresse électronique du contact n'est pas valide.",
  ],
  [
    'R-CON-8',
    'a release of an unknown role',
    ReleaseContactRequest,
    { insee: '92012', role: 'mayor', personId: 'p-alice', releasedOn: '2024-05-01' },
    'role',
    "Le rôle doit être l'un de",
  ],
  [
    'R-CON-9',
    'a malformed Open Data domain',
    RecordOpenDataDomainRequest,
    { ...openData, domain: 'https://data' },
    'domain',
    'nom de domaine en minuscules',
  ],
  [
    'R-CON-9',
    'an unknown Open Data variant',
    RecordOpenDataDomainRequest,
    { ...openData, variant: 'national' },
    'variant',
    '« town_subdomain » ou « gpso_domain »',
  ],
  [
    'R-CON-9',
    'evidence without a source',
    RecordOpenDataDomainRequest,
    { ...openData, evidence: { ...openData.evidence, source: ' ' } },
    'evidence.source',
    'source',
  ],
  [
    'R-CON-7',
    'a negative user count',
    RecordSigUsageRequest,
    { insee: '92040', measuredOn: '2025-05-02', users: -1, editLicences: 0 },
    'users',
    "Le nombre d'utilisateurs est un entier de 0 à 100000.",
  ],
  [
    'R-CON-7',
    'a fractional licence count',
    RecordSigUsageRequest,
    { insee: '92040', measuredOn: '2025-05-02', users: 5, editLicences: 1.5 },
    'editLicences',
    "Le nombre de licences d'édition est un entier de 0 à 100000.",
  ],
  ['R-CON-2', 'an asOf that is not a date', ConventionRequest, { insee: '92012', asOf: '2024-02-30' }, 'asOf', 'AAAA-MM-JJ'],
  [
    'R-SEC-1',
    'a body naming an actor (the actor is the caller)',
    SignConventionRequest,
    { insee: '92012', party: 'town', signedOn: '2023-12-14', actor: 'ops:someone' },
    'actor',
    'champ inconnu',
  ],
  [
    'R-CON-1',
    'a provenance set from outside (seed and demo labels are the system’s)',
    DraftConventionRequest,
    { ...draft, provenance: { source: 'seed' } },
    'provenance',
    'champ inconnu',
  ],
];

describe('convention requests: every field’s shape is refused at its path, in French (R-CON, issue 17)', () => {
  it.each(REFUSED)('%s: %s is refused', async (_rule, _what, dto, input, path, says) => {
    const problems = await problemsOf(dto, input);
    expect(problems.map((problem) => problem.path)).toEqual([path]);
    expect(problems[0]!.message).toContain(says);
  });
});

/** Issue 18: every text has a length, every number a range, stated in conventions.requests.ts. */
const BOUNDS: readonly (readonly [what: string, dto: new () => object, input: object, path: string])[] = [
  ['a deliberation subject over 2,000 characters', RecordDeliberationRequest, { ...deliberation, subject: 'x'.repeat(2001) }, 'subject'],
  [
    'a register number over 50 characters',
    RecordDeliberationRequest,
    { ...deliberation, registerNumber: '2'.repeat(51) },
    'registerNumber',
  ],
  [
    'an @ctes number over 64 characters',
    RecordDeliberationRequest,
    { ...deliberation, transmission: { ...deliberation.transmission, number: `092-219200128-20231207-137171-DE${'-1'.repeat(20)}` } },
    'transmission.number',
  ],
  ['votes over 1,000', RecordDeliberationRequest, { ...deliberation, votes: { for: 1001, against: 0, abstentions: 0 } }, 'votes.for'],
  [
    'a signatory capacity over 200 characters',
    SignConventionRequest,
    { insee: '92012', party: 'town', signedOn: '2023-12-14', signatoryCapacity: 'x'.repeat(201) },
    'signatoryCapacity',
  ],
  [
    'a contact name over 200 characters',
    AssignContactRequest,
    { ...contact, person: { ...contact.person, name: 'x'.repeat(201) } },
    'person.name',
  ],
  [
    'a contact id over 200 characters',
    AssignContactRequest,
    { ...contact, person: { ...contact.person, personId: 'p'.repeat(201) } },
    'person.personId',
  ],
  [
    'an e-mail over 254 characters',
    AssignContactRequest,
    { ...contact, person: { ...contact.person, email: `${'a'.repeat(250)}@example.org` } },
    'person.email',
  ],
  [
    'a phone over 40 characters',
    AssignContactRequest,
    { ...contact, person: { ...contact.person, phone: '0'.repeat(41) } },
    'person.phone',
  ],
  [
    'a data-return note over 2,000 characters',
    MarkDataReturnedRequest,
    { insee: '92012', doneOn: '2025-07-01', note: 'x'.repeat(2001) },
    'note',
  ],
  [
    'an evidence source over 500 characters',
    RecordOpenDataDomainRequest,
    { ...openData, evidence: { ...openData.evidence, source: 'x'.repeat(501) } },
    'evidence.source',
  ],
  [
    'inhabitants over 10,000,000',
    RecordOpenDataDomainRequest,
    { ...openData, evidence: { ...openData.evidence, inhabitants: 10_000_001 } },
    'evidence.inhabitants',
  ],
  ['a host name over 253 characters', RecordOpenDataDomainRequest, { ...openData, domain: `${'a.'.repeat(127)}fr` }, 'domain'],
  [
    'a share over 20 characters',
    DraftConventionRequest,
    { ...draft, sizing: { ...draft.sizing, resourcesShare: `0.${'1'.repeat(19)}` } },
    'sizing.resourcesShare',
  ],
  ['users over 100,000', RecordSigUsageRequest, { insee: '92040', measuredOn: '2025-05-02', users: 100_001, editLicences: 0 }, 'users'],
];

describe('convention requests: bounded (issue 18)', () => {
  it.each(BOUNDS)('%s is refused', async (_what, dto, input, path) => {
    expect(await pathsOf(dto, input)).toEqual([path]);
  });
});

describe('convention fields', () => {
  it('R-CON-1: an @ctes number carries its decision day; anything else carries none', () => {
    expect(actesDecisionDay('092-219200128-20231207-137171-DE-1-1')).toBe('20231207');
    expect(actesDecisionDay('137171')).toBeNull();
  });

  it.each([
    ['0', null],
    ['1', null],
    ['1.000', null],
    ['0.077', null],
    ['1.0000000000000001', 'out_of_range'],
    ['-0.0', null],
    ['-0.1', 'out_of_range'],
    ['.5', 'not_a_decimal'],
    ['7,7', 'not_a_decimal'],
    ['1e-3', 'not_a_decimal'],
  ] as const)('R-CON-7: the share %p is %p', (value, problem) => {
    expect(shareRateProblem(value)).toBe(problem);
  });
});
