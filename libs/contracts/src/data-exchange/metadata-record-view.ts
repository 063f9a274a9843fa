import type { Insee } from '../towns.js';

/** Whose data a record describes (R-DX-6): the territory's reference data, or one town's. */
export type MetadataScope = { readonly kind: 'territory' } | { readonly kind: 'town'; readonly insee: Insee };

/** Licences the catalogue knows how to name in SCDL and DCAT; anything else is `specific`. */
export const CATALOGUE_LICENCES = ['etalab-2.0', 'odbl-1.0', 'cc-by-4.0', 'specific'] as const;
export type CatalogueLicence = (typeof CATALOGUE_LICENCES)[number];

/** SCDL `catalogue` COUV_SPAT_MAILLE values (OpenDataFrance specification). */
export const SPATIAL_GRANULARITIES = [
  'Infracommunale',
  'Communale',
  'Intercommunale',
  'Cantonale',
  'Départementale',
  'Régionale',
  'Autre',
] as const;
export type SpatialGranularity = (typeof SPATIAL_GRANULARITIES)[number];

/** SCDL `catalogue` FREQ_MAJ values (OpenDataFrance specification). */
export const UPDATE_FREQUENCIES = [
  'Inconnue',
  'Ponctuelle',
  'Sans régularité',
  'Temps réel',
  'Toutes les heures',
  'Quotidienne ou plusieurs fois par jour',
  'Hebdomadaire ou plusieurs fois par semaine',
  'Mensuelle ou plusieurs fois par mois',
  'Bimestrielle',
  'Trimestrielle',
  'Semestrielle',
  'Annuelle',
  'Biennale',
  'Triennale',
  'Quinquennale',
] as const;
export type UpdateFrequency = (typeof UPDATE_FREQUENCIES)[number];

/** ISO 19115 CI_RoleCode, the responsible party roles INSPIRE uses. */
export const RESPONSIBLE_ROLES = [
  'resourceProvider',
  'custodian',
  'owner',
  'user',
  'distributor',
  'originator',
  'pointOfContact',
  'principalInvestigator',
  'processor',
  'publisher',
  'author',
] as const;
export type ResponsibleRole = (typeof RESPONSIBLE_ROLES)[number];

/** An INSPIRE core metadata record, with what the SCDL catalogue also needs (R-DX-6). */
export interface MetadataRecord {
  /** Unique resource identifier; also the SCDL ID: a slug or a generated code. */
  readonly identifier: string;
  readonly scope: MetadataScope;
  readonly title: string;
  readonly abstract: string;
  /** Origin and processing history of the data (INSPIRE lineage). */
  readonly lineage: string;
  /** SCDL THEME, free text. */
  readonly theme: string;
  readonly keywords: readonly string[];
  /** Calendar dates `YYYY-MM-DD`, start ≤ end. */
  readonly temporalExtent: { readonly start: string; readonly end: string };
  /** Geographic bounding box in WGS 84 decimal degrees. */
  readonly boundingBox: { readonly west: number; readonly east: number; readonly south: number; readonly north: number };
  readonly spatialCoverage: { readonly granularity: SpatialGranularity; readonly name: string };
  /** Conditions applying to access and use: the licence and the mentions to reproduce. */
  readonly conditionsOfUse: { readonly licence: CatalogueLicence; readonly statement: string; readonly licenceUrl?: string };
  readonly responsibleParty: {
    readonly organisationName: string;
    /** 14 digits: SIREN + NIC. */
    readonly siret: string;
    readonly email: string;
    readonly role: ResponsibleRole;
  };
  readonly dates: { readonly creation: string; readonly publication?: string; readonly revision?: string };
  readonly updateFrequency: UpdateFrequency;
  /** Where the resources are served (INSPIRE resource locators); empty until published. */
  readonly distributions: readonly { readonly format: string; readonly url: string }[];
  readonly landingPage?: string;
}

/** `DELETE /api/v1/catalogue/records/{identifier}`: the record is out of the catalogue (its history stays). */
export interface MetadataRecordRemoval {
  readonly identifier: string;
  readonly removed: true;
}
