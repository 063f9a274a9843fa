import { isDomainError, type Insee, conventionStreamId, type ConventionEvent } from '@digit/contracts';
import { decideSequence, type ConventionCommand, type GisOptionNumber } from '../domain/index.js';

/**
 * The eight towns' conventions as the system starts with them, written as commands and turned into
 * events by the decider itself (so the seed obeys every rule it will be checked against).
 *
 * Boulogne-Billancourt: facts of seeds/000_d723a0268414cbec.txt (deliberation n° 26 of
 * 7 December 2023, 55 votes for, transmitted on 13 December 2023; option 1, 7.7 % / 7.7 %; in force
 * 2024-01-01 with three tacit renewals). The signature date is not in the seed ("Fait à Meudon,
 * le" is left blank): it is illustrative and labelled `demo`.
 * The seven other towns: entry into force 2022-01-01 with four renewals is in the seed; everything
 * else (options, shares, deliberations, signatures, Open Data host names) is demo data, labelled so.
 * Calendar events (renewals, expiry) are not seeded: the scheduler records them, and the read side
 * does not need them.
 */
export const SEED_SOURCE = 'seeds/000_d723a0268414cbec.txt';

const BOULOGNE_SUBJECT =
  "Convention de mutualisation de la Direction de l'Information Géographique et de l'Innovation Territoriale (DIGIT) " +
  "de l'Etablissement Public Territorial Grand Paris Seine Ouest (EPT GPSO) avec la ville de Boulogne-Billancourt";

const ILLUSTRATIVE_SIGNATURE = 'date de signature illustrative : la convention du seed porte « Fait à Meudon, le » sans date';

const boulogne: readonly ConventionCommand[] = [
  {
    type: 'DraftConvention',
    insee: '92012',
    draftedOn: '2023-12-01',
    plannedEntryIntoForce: '2024-01-01',
    tacitRenewals: 3,
    sizing: { sigOption: 1, resourcesShare: '0.077', structureShare: '0.077' },
    provenance: {
      source: `${SEED_SOURCE} : articles 1.1, 6.1 à 6.3 et 7 ; projet daté de la convocation du conseil (1er décembre 2023)`,
    },
  },
  {
    type: 'RecordDeliberation',
    assembly: 'town',
    purpose: 'approval',
    councilDate: '2023-12-07',
    registerNumber: '26',
    subject: BOULOGNE_SUBJECT,
    votes: { for: 55, against: 0, abstentions: 0 },
    attendance: { present: 49, represented: 6 },
    transmission: { number: '092-219200128-20231207-137171-DE-1-1', date: '2023-12-13' },
    provenance: { source: `${SEED_SOURCE} : extrait du registre, conseil municipal du 7 décembre 2023, adopté à l'unanimité` },
  },
  {
    type: 'SignConvention',
    party: 'town',
    signedOn: '2023-12-14',
    signatoryCapacity: 'Maire de Boulogne-Billancourt',
    authorisedByDeliberationOf: '2023-12-07',
    provenance: { demo: true, source: ILLUSTRATIVE_SIGNATURE },
  },
  {
    type: 'SignConvention',
    party: 'ept',
    signedOn: '2023-12-14',
    signatoryCapacity: 'Vice-Président en charge des Ressources Humaines',
    authorisedByDeliberationOf: '2023-12-13',
    provenance: { demo: true, source: ILLUSTRATIVE_SIGNATURE },
  },
  {
    type: 'RecordEntryIntoForce',
    on: '2024-01-01',
    provenance: { source: `${SEED_SOURCE} : article 7, du 01/01/2024 au 31/12/2027` },
  },
  {
    type: 'RecordOpenDataDomain',
    variant: 'town_subdomain',
    domain: 'boulogne-billancourt.data.seineouest.fr',
    from: '2024-01-01',
    provenance: { demo: true, source: `${SEED_SOURCE} : article 1.3 (sous-domaine de la ville) ; nom d'hôte illustratif` },
  },
];

interface DemoTown {
  readonly insee: Insee;
  readonly name: string;
  readonly slug: string;
  readonly sigOption: GisOptionNumber;
  readonly share: string;
  readonly councilDate: string;
  readonly votesFor: number;
}

/** Demo figures, chosen only to look plausible next to Boulogne's: not facts. */
const DEMO_TOWNS: readonly DemoTown[] = [
  { insee: '92022', name: 'Chaville', slug: 'chaville', sigOption: 2, share: '0.04', councilDate: '2021-12-06', votesFor: 33 },
  {
    insee: '92040',
    name: 'Issy-les-Moulineaux',
    slug: 'issy-les-moulineaux',
    sigOption: 3,
    share: '0.12',
    councilDate: '2021-12-09',
    votesFor: 45,
  },
  {
    insee: '92047',
    name: 'Marnes-la-Coquette',
    slug: 'marnes-la-coquette',
    sigOption: 1,
    share: '0.01',
    councilDate: '2021-12-07',
    votesFor: 15,
  },
  { insee: '92048', name: 'Meudon', slug: 'meudon', sigOption: 3, share: '0.08', councilDate: '2021-12-09', votesFor: 43 },
  { insee: '92072', name: 'Sèvres', slug: 'sevres', sigOption: 2, share: '0.05', councilDate: '2021-12-08', votesFor: 35 },
  { insee: '92075', name: 'Vanves', slug: 'vanves', sigOption: 2, share: '0.04', councilDate: '2021-12-08', votesFor: 35 },
  { insee: '92077', name: "Ville-d'Avray", slug: 'ville-d-avray', sigOption: 1, share: '0.02', councilDate: '2021-12-06', votesFor: 29 },
];

const DEMO = 'données de démonstration (absentes du seed)';

const MARNES_EVIDENCE = {
  inhabitantsUnder3500: true,
  agentsUnder50: true,
  source: `${SEED_SOURCE} : article 1.3, « Variante Marnes-la-Coquette » (moins de 3 500 habitants et moins de 50 agents)`,
};

const demoTownCommands = (town: DemoTown): readonly ConventionCommand[] => {
  const compactDate = town.councilDate.replaceAll('-', '');
  const openData: ConventionCommand =
    town.insee === '92047'
      ? {
          type: 'RecordOpenDataDomain',
          variant: 'gpso_domain',
          domain: 'data.seineouest.fr',
          from: '2022-01-01',
          evidence: MARNES_EVIDENCE,
          provenance: { demo: true, source: `variante du seed, article 1.3 ; nom d'hôte : ${DEMO}` },
        }
      : {
          type: 'RecordOpenDataDomain',
          variant: 'town_subdomain',
          domain: `${town.slug}.data.seineouest.fr`,
          from: '2022-01-01',
          provenance: { demo: true, source: `sous-domaine de la ville (article 1.3) ; nom d'hôte : ${DEMO}` },
        };
  return [
    {
      type: 'DraftConvention',
      insee: town.insee,
      draftedOn: '2021-10-01',
      plannedEntryIntoForce: '2022-01-01',
      tacitRenewals: 4,
      sizing: { sigOption: town.sigOption, resourcesShare: town.share, structureShare: town.share },
      provenance: {
        demo: true,
        source: `${SEED_SOURCE} : entrée en vigueur au 1er janvier 2022, renouvelable quatre fois ; option, parts et date du projet : ${DEMO}`,
      },
    },
    {
      type: 'RecordDeliberation',
      assembly: 'town',
      purpose: 'approval',
      councilDate: town.councilDate,
      subject: `Convention de mutualisation de la DIGIT de l'EPT GPSO avec la ville de ${town.name} (démonstration)`,
      votes: { for: town.votesFor, against: 0, abstentions: 0 },
      transmission: { number: `092-000000000-${compactDate}-DEMO${town.insee}-DE`, date: '2021-12-13' },
      provenance: { demo: true, source: DEMO },
    },
    { type: 'SignConvention', party: 'town', signedOn: '2021-12-16', provenance: { demo: true, source: DEMO } },
    { type: 'SignConvention', party: 'ept', signedOn: '2021-12-16', provenance: { demo: true, source: DEMO } },
    {
      type: 'RecordEntryIntoForce',
      on: '2022-01-01',
      provenance: { source: `${SEED_SOURCE} : conventions des sept communes entrées en vigueur au 1er janvier 2022` },
    },
    openData,
  ];
};

export interface SeedCommands {
  readonly insee: string;
  readonly streamId: string;
  readonly commands: readonly ConventionCommand[];
}

export interface SeedEvents {
  readonly insee: string;
  readonly streamId: string;
  readonly events: readonly ConventionEvent[];
}

/** The seed as commands, town by town (Boulogne-Billancourt first). */
export const seedConventionCommands = (): readonly SeedCommands[] =>
  [{ insee: '92012', commands: boulogne }, ...DEMO_TOWNS.map((town) => ({ insee: town.insee, commands: demoTownCommands(town) }))].map(
    ({ insee, commands }) => ({ insee, streamId: conventionStreamId(insee), commands }),
  );

const eventsOf = (commands: readonly ConventionCommand[]): readonly ConventionEvent[] => {
  const events = decideSequence(commands);
  if (isDomainError(events)) throw new Error(`the seed breaks a rule: ${events.code} ${events.message}`);
  return events;
};

/** The events to append to each town's empty stream on first start. */
export const seedConventionEvents = (): readonly SeedEvents[] =>
  seedConventionCommands().map(({ insee, streamId, commands }) => ({ insee, streamId, events: eventsOf(commands) }));
