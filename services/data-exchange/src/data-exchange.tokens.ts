import type { MetadataCatalogue } from './domain/datasets/index.js';

export const INFRA = Symbol('INFRA');
export const READ_MODELS = Symbol('READ_MODELS');
export const SERVICE_OPTIONS = Symbol('SERVICE_OPTIONS');

/** The service's read models: its schema, and waits that make a reply show the writes before it. */
export interface ReadModels {
  readonly schema: string;
  registryUpToDate(): Promise<void>;
  datasetsUpToDate(position?: bigint): Promise<void>;
}

/** What a deployment sets. */
export interface DataExchangeOptions {
  /** The catalogue's own description, publisher and URI base (SCDL `catalogue`, DCAT). */
  readonly catalogue: Omit<MetadataCatalogue, 'records'>;
  /** How long a dataset waits for the privacy service before staying `awaiting_privacy_check`. */
  readonly privacyTimeoutMs: number;
}
