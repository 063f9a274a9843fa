import type { DomainEvent, Insee, PersonalDataHolding } from '@digit/contracts';
import type { ProcessingFiche } from './processing-fiche.js';

/** One stream per town: the register its DPD keeps (R-GDPR-1). */
export const registerStreamId = (insee: Insee): string => `dpd-register-${insee}`;

export type ProcessingDeclared = DomainEvent<
  'ProcessingDeclared',
  {
    readonly insee: Insee;
    readonly reference: string;
    readonly fiche: ProcessingFiche;
    readonly declaredAt: string;
    readonly declaredBy: string;
  }
>;

/** The fiche changed; a validated processing goes back to draft until its DPD validates it again. */
export type ProcessingUpdated = DomainEvent<
  'ProcessingUpdated',
  {
    readonly insee: Insee;
    readonly reference: string;
    readonly fiche: ProcessingFiche;
    readonly updatedAt: string;
    readonly updatedBy: string;
    readonly validationLapsed: boolean;
  }
>;

export type ProcessingValidated = DomainEvent<
  'ProcessingValidated',
  {
    readonly insee: Insee;
    readonly reference: string;
    readonly validatedAt: string;
    readonly validatedBy: string;
  }
>;

export type ProcessingWithdrawn = DomainEvent<
  'ProcessingWithdrawn',
  {
    readonly insee: Insee;
    readonly reference: string;
    readonly withdrawnAt: string;
    readonly withdrawnBy: string;
    readonly reason: string;
  }
>;

/**
 * How long the processing keeps a person's data once their tenure ends (art. 5(1)(e)), and which
 * data of the system it covers. A new event rather than a new fiche shape: the fiche's events stay
 * as stored (no upcaster), and the DPD's act is dated and signed on its own.
 */
export type RetentionPeriodSet = DomainEvent<
  'RetentionPeriodSet',
  {
    readonly insee: Insee;
    readonly reference: string;
    readonly days: number;
    readonly appliesTo: readonly PersonalDataHolding[];
    readonly setAt: string;
    readonly setBy: string;
  }
>;

export type RegisterEvent = ProcessingDeclared | ProcessingUpdated | ProcessingValidated | ProcessingWithdrawn | RetentionPeriodSet;

export type DeclareProcessing = DomainEvent<
  'DeclareProcessing',
  {
    readonly insee: Insee;
    readonly reference: string;
    readonly fiche: ProcessingFiche;
    readonly declaredAt: string;
    readonly declaredBy: string;
  }
>;

export type UpdateProcessing = DomainEvent<
  'UpdateProcessing',
  {
    readonly insee: Insee;
    readonly reference: string;
    readonly fiche: ProcessingFiche;
    readonly updatedAt: string;
    readonly updatedBy: string;
  }
>;

export type ValidateProcessing = DomainEvent<
  'ValidateProcessing',
  {
    readonly insee: Insee;
    readonly reference: string;
    readonly validatedAt: string;
    readonly validatedBy: string;
  }
>;

export type WithdrawProcessing = DomainEvent<
  'WithdrawProcessing',
  {
    readonly insee: Insee;
    readonly reference: string;
    readonly withdrawnAt: string;
    readonly withdrawnBy: string;
    readonly reason: string;
  }
>;

export type SetRetention = DomainEvent<'SetRetention', RetentionPeriodSet['data']>;

export type RegisterCommand = DeclareProcessing | UpdateProcessing | ValidateProcessing | WithdrawProcessing | SetRetention;
