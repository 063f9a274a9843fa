import type { DatasetDeclaration, Insee, PublicationTarget } from '@digit/contracts';
import type { DatasetActor } from './actor.js';

/**
 * Every command says who issues it (the town, DIGIT or the privacy service, derived from the
 * caller at the edge) and when (ISO instant with offset): the domain has no clock.
 */
interface Issued {
  readonly datasetId: string;
  readonly actor: DatasetActor;
  readonly at: string;
}

/** A town sends a dataset for integration (R-DX-4, R-DX-5). */
export type SendDatasetForIntegration = Issued & DatasetDeclaration & { readonly type: 'SendDatasetForIntegration'; readonly insee: Insee };

/** The privacy service found the declared processing in the town's DPD register (R-GDPR-2). */
export type ClearDatasetPrivacy = Issued & { readonly type: 'ClearDatasetPrivacy'; readonly version: number };

/** The privacy service could not find it: the version is held, not processed (R-GDPR-2). */
export type HoldDatasetForPrivacy = Issued & {
  readonly type: 'HoldDatasetForPrivacy';
  readonly version: number;
  readonly reasons: readonly string[];
};

/** DIGIT audits the version whose hash it read (R-DX-5). */
export type AuditDataset = Issued & {
  readonly type: 'AuditDataset';
  readonly contentHash: string;
  readonly remarks: readonly string[];
};

/** The town sends a new version after remarks, or an update after validation (R-DX-4, R-DX-5). */
export type CorrectDataset = Issued & DatasetDeclaration & { readonly type: 'CorrectDataset' };

/** Only the town validates its data (R-DX-5). */
export type ValidateDataset = Issued & { readonly type: 'ValidateDataset'; readonly contentHash: string };

/** DIGIT prepares a validated version for Open Data; it never publishes (R-DX-8). */
export type PrepareDatasetForPublication = Issued & {
  readonly type: 'PrepareDatasetForPublication';
  readonly contentHash: string;
};

/** Only the town's own action publishes (R-DX-8, R-OD-1, R-CON-9). */
export type PublishDataset = Issued & {
  readonly type: 'PublishDataset';
  readonly contentHash: string;
  readonly target: PublicationTarget;
};

export type DatasetCommand =
  | SendDatasetForIntegration
  | ClearDatasetPrivacy
  | HoldDatasetForPrivacy
  | AuditDataset
  | CorrectDataset
  | ValidateDataset
  | PrepareDatasetForPublication
  | PublishDataset;
