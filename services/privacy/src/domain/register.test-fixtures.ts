import type { Insee } from '@digit/contracts';
import type { ProcessingFiche } from './processing-fiche.js';
import { initialRegisterState, registerDecider, type RegisterState } from './register.decider.js';
import type { RegisterEvent } from './register.events.js';

/** Shared by the privacy unit tests: a complete fiche and registers built from events. */
export const BOULOGNE: Insee = '92012';
export const AT = '2024-03-04T10:15:00+01:00';
export const DPD = 'dpd:92012:mlefevre';

export const cadastreFiche: ProcessingFiche = {
  name: 'Consultation du cadastre par les services techniques',
  purposes: ["Instruction des demandes d'urbanisme", 'Information des propriétaires riverains de travaux'],
  legalBases: ['public-interest-mission'],
  dataSubjects: ['Propriétaires de parcelles'],
  dataCategories: ['identity', 'postal-address', 'cadastral-owner'],
  otherDataCategories: [],
  sensitiveDataException: null,
  recipients: ['Service urbanisme', 'DIGIT (EPT GPSO)'],
  transfersOutsideEu: [],
  retentionPeriods: ['Durée du millésime MAJIC, remplacé chaque année'],
  securityMeasures: ["Contrôle d'accès des utilisateurs", 'Traçabilité des consultations'],
  jointController: null,
  software: 'SIG web GPSO',
};

export const declared = (reference: string, fiche: ProcessingFiche = cadastreFiche, insee: Insee = BOULOGNE): RegisterEvent => ({
  type: 'ProcessingDeclared',
  data: { insee, reference, fiche, declaredAt: AT, declaredBy: DPD },
});

export const validated = (reference: string, insee: Insee = BOULOGNE): RegisterEvent => ({
  type: 'ProcessingValidated',
  data: { insee, reference, validatedAt: AT, validatedBy: DPD },
});

export const withdrawnEvent = (reference: string, insee: Insee = BOULOGNE): RegisterEvent => ({
  type: 'ProcessingWithdrawn',
  data: { insee, reference, withdrawnAt: AT, withdrawnBy: DPD, reason: 'Traitement abandonné' },
});

export const registerOf = (events: readonly RegisterEvent[]): RegisterState => events.reduce(registerDecider.evolve, initialRegisterState);
