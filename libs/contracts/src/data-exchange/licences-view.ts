/**
 * The third-party agreements on geographic data GPSO holds (R-DX-7, seed annex 4), as
 * `GET /api/v1/licences` answers them.
 */

/**
 * A date of an agreement, saying where it comes from: the seed (annex 4 of the Boulogne
 * convention), a demonstration value (never a fact, always shown as such), or unknown because
 * annex 4 does not give it.
 */
export type AgreementDate =
  | { readonly kind: 'seed'; readonly date: string }
  | { readonly kind: 'demo'; readonly date: string }
  | { readonly kind: 'unknown'; readonly note: string };

/** An end date, or "sans limite de durée" as annex 4 says of some conventions. */
export type AgreementEnd = AgreementDate | { readonly kind: 'no_end' };

/** Limits of use as the seed states them, or unknown when it does not. */
export type LimitsOfUse = { readonly kind: 'seed'; readonly text: string } | { readonly kind: 'unknown'; readonly note: string };

/** Headings of annex 4 under which the agreement is listed. */
export type AgreementCategory = 'partenariat' | 'licence-producteur-public' | 'marche';

/** A third-party agreement on geographic data held by GPSO (R-DX-7, seed annex 4). */
export interface ThirdPartyAgreement {
  readonly id: string;
  readonly category: AgreementCategory;
  readonly counterparty: string;
  /** As annex 4 names it. */
  readonly title: string;
  readonly signedOn: AgreementDate;
  readonly startsOn?: AgreementDate;
  readonly endsOn: AgreementEnd;
  /** Renewal terms, in the seed's words. */
  readonly renewal?: string;
  readonly limitsOfUse: LimitsOfUse;
  /** Public contracts only: number and holder as in the annex 4 table. */
  readonly contract?: { readonly number: string; readonly holder: string; readonly duration: string };
}

export interface EndingLicence {
  readonly agreement: ThirdPartyAgreement;
  readonly endsOn: string;
  readonly daysLeft: number;
  /** True when the end date is a demonstration value, not a fact. */
  readonly demo: boolean;
  /** e.g. "Contrat de licence d’exploitation MOS (Institut Paris Région …) : fin le 23/11/2024, dans 83 jours". */
  readonly label: string;
}

/**
 * Annex 4 is a fixed list of a few agreements (the seed's), so it is answered whole, not paged.
 * With `endingWithinDays`: those ending by then, and those whose end annex 4 does not give.
 */
export type LicencesView =
  | { readonly today: string; readonly agreements: readonly (ThirdPartyAgreement & { readonly end: string })[] }
  | {
      readonly today: string;
      readonly endingWithinDays: number;
      readonly ending: readonly EndingLicence[];
      readonly withUnknownEnd: readonly {
        readonly id: string;
        readonly title: string;
        readonly counterparty: string;
        readonly end: string;
      }[];
    };
