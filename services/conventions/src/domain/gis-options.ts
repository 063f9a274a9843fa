import type { GisOptionNumber } from '@digit/contracts';
/**
 * R-CON-7: the GIS tool options of article 1.1 of the convention, in one place.
 * `sigShare` is the town's share of the SIG operational budget, a decimal string (0,4 % = "0.004").
 */
export type { GisOptionNumber };

export interface GisOption {
  readonly option: GisOptionNumber;
  readonly minUsers: number;
  readonly maxUsers: number;
  readonly editLicences: number;
  /** Option 2 may instead share code with a town that keeps its own architecture. */
  readonly codeSharingAlternative: boolean;
  readonly sigShare: string;
  /** The wording of the convention, shown to French readers. */
  readonly label: string;
}

export const GIS_OPTIONS: Readonly<Record<GisOptionNumber, GisOption>> = {
  1: {
    option: 1,
    minUsers: 1,
    maxUsers: 5,
    editLicences: 1,
    codeSharingAlternative: false,
    sigShare: '0.004',
    label: "Option 1 : jusqu'à 5 utilisateurs dont 1 licence édition",
  },
  2: {
    option: 2,
    minUsers: 6,
    maxUsers: 15,
    editLicences: 3,
    codeSharingAlternative: true,
    sigShare: '0.024',
    label:
      'Option 2 : 6 à 15 utilisateurs dont 3 licences édition ou partage de ressources (code) pour les villes qui maintiennent leur propre architecture',
  },
  3: {
    option: 3,
    minUsers: 16,
    maxUsers: 50,
    editLicences: 6,
    codeSharingAlternative: false,
    sigShare: '0.048',
    label: 'Option 3 : 16 à 50 utilisateurs dont 6 en édition',
  },
  4: {
    option: 4,
    minUsers: 51,
    maxUsers: 150,
    editLicences: 20,
    codeSharingAlternative: false,
    sigShare: '0.14',
    label: 'Option 4 : 51 à 150 utilisateurs dont 20 licences édition',
  },
};

export const gisOption = (option: GisOptionNumber): GisOption => GIS_OPTIONS[option];
