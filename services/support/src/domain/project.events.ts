import { SUPPORT_PROJECT_STEPS, type DomainEvent, type Insee, type SupportProjectStep } from '@digit/contracts';

/** GIS or Open Data projects following the seven steps of annex 2 (DOMAIN R-SUP-2). */
export const projectStreamId = (projectId: string): string => `project-${projectId}`;

/** Annex 2 "Déroulé type d'un projet SIG ou Open Data", in order (one list, the contract's). */
export const PROJECT_STEPS = SUPPORT_PROJECT_STEPS;

export type ProjectStep = SupportProjectStep;

export const PROJECT_STEP_LABELS: Readonly<Record<ProjectStep, string>> = {
  contact: 'Contact',
  cadrage: 'Cadrage',
  evaluation: 'Évaluation',
  'engagement-et-lancement': 'Engagement et lancement',
  'echange-et-integration-des-donnees': 'Échanges et intégration de données',
  'integration-dans-les-outils': 'Intégration dans les outils',
  'presentation-et-livraison': 'Présentation et livraison',
};

export type ProjectKind = 'sig' | 'open-data';

export type ProjectOpened = DomainEvent<
  'ProjectOpened',
  {
    readonly projectId: string;
    readonly insee: Insee;
    readonly kind: ProjectKind;
    readonly title: string;
    /** The request that started it (step 1, contact through digit@seineouest.fr), if any. */
    readonly requestId: string | null;
    readonly at: string;
  }
>;
export type ProjectStepCompleted = DomainEvent<
  'ProjectStepCompleted',
  { readonly step: ProjectStep; readonly nextStep: ProjectStep | null; readonly at: string }
>;
export type ProjectWaitingOnTownStarted = DomainEvent<
  'ProjectWaitingOnTownStarted',
  { readonly step: ProjectStep; readonly reason: string; readonly at: string }
>;
export type ProjectWaitingOnTownEnded = DomainEvent<'ProjectWaitingOnTownEnded', { readonly step: ProjectStep; readonly at: string }>;
/**
 * After presentation and delivery. For a GIS project DIGIT may propose to prepare the data for
 * the town's Open Data platform (annex 2); only the town publishes (R-OD-1).
 */
export type ProjectDelivered = DomainEvent<'ProjectDelivered', { readonly openDataPreparationProposed: boolean; readonly at: string }>;
/** For instance the town and DIGIT decide not to engage the project at step 4. */
export type ProjectAbandoned = DomainEvent<
  'ProjectAbandoned',
  { readonly step: ProjectStep; readonly reason: string; readonly at: string }
>;

export type ProjectEvent =
  ProjectOpened | ProjectStepCompleted | ProjectWaitingOnTownStarted | ProjectWaitingOnTownEnded | ProjectDelivered | ProjectAbandoned;
