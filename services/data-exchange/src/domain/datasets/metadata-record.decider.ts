import { DomainError, type Decider, type Decision } from '@digit/contracts';
import { parseDatasetActor } from './actor.js';
import { kindOfDataExchangeCode } from './dataset-guards.js';
import { parseInstant } from './french-format.js';
import { validateMetadataRecord, type MetadataRecord } from './metadata-record.js';

/**
 * One record of the metadata catalogue (R-DX-6), stream `metadata-record-<identifier>`.
 * DIGIT keeps the catalogue; a town may describe its own data only (R-DX-3). A record is saved
 * whole (the catalogue is "CRUD-light"), and every version stays on the event history.
 */
export interface SaveMetadataRecord {
  readonly type: 'SaveMetadataRecord';
  readonly record: MetadataRecord;
  readonly actor: string;
  readonly at: string;
}

export interface RemoveMetadataRecord {
  readonly type: 'RemoveMetadataRecord';
  readonly identifier: string;
  readonly actor: string;
  readonly at: string;
}

export type MetadataRecordCommand = SaveMetadataRecord | RemoveMetadataRecord;

export interface MetadataRecordSaved {
  readonly type: 'MetadataRecordSaved';
  readonly data: { readonly record: MetadataRecord; readonly savedBy: string; readonly savedAt: string };
}

export interface MetadataRecordRemoved {
  readonly type: 'MetadataRecordRemoved';
  readonly data: { readonly identifier: string; readonly removedBy: string; readonly removedAt: string };
}

export type MetadataRecordEvent = MetadataRecordSaved | MetadataRecordRemoved;

export interface MetadataRecordState {
  readonly record: MetadataRecord | null;
}

export const metadataRecordStreamId = (identifier: string): string => `metadata-record-${identifier}`;

const refuse = (code: string, message: string, path?: string): DomainError =>
  new DomainError(kindOfDataExchangeCode(code), code, message, path ? [{ path, message }] : []);

/** Who may touch a record of this scope: DIGIT any, a town only its own (R-DX-3). */
const actorProblem = (actor: string, record: MetadataRecord | null): DomainError | undefined => {
  const who = parseDatasetActor(actor);
  if (!who || who.kind === 'privacy-service') {
    return refuse('METADATA_ACTOR_NOT_ALLOWED', 'auteur non reconnu : attendu digit:<identifiant> ou town:<insee>', 'actor');
  }
  if (who.kind === 'town' && (record?.scope.kind !== 'town' || record.scope.insee !== who.insee)) {
    return refuse('METADATA_ACTOR_NOT_ALLOWED', `la ville ${who.insee} ne décrit que ses propres données (portée town:${who.insee}) ; le reste du catalogue est tenu par la DIGIT`);
  }
  return undefined;
};

const decide = (command: MetadataRecordCommand, state: MetadataRecordState): Decision<MetadataRecordEvent> => {
  if (!parseInstant(command.at)) return refuse('METADATA_INVALID', 'horodatage invalide (instant ISO 8601 avec décalage attendu)', 'at');
  if (command.type === 'RemoveMetadataRecord') {
    if (!state.record) return refuse('METADATA_RECORD_NOT_FOUND', `aucune fiche « ${command.identifier} » dans le catalogue`);
    const forbidden = actorProblem(command.actor, state.record);
    if (forbidden) return forbidden;
    return [{ type: 'MetadataRecordRemoved', data: { identifier: command.identifier, removedBy: command.actor, removedAt: command.at } }];
  }
  const details = validateMetadataRecord(command.record);
  if (details.length > 0) return new DomainError('invalid', 'METADATA_INVALID', 'la fiche de métadonnées contient des erreurs : corrigez les points indiqués', details);
  // A town may neither take over a record of the territory or of another town, nor give its own away.
  const forbidden = actorProblem(command.actor, command.record) ?? (state.record ? actorProblem(command.actor, state.record) : undefined);
  if (forbidden) return forbidden;
  if (state.record && JSON.stringify(state.record) === JSON.stringify(command.record)) return [];
  return [{ type: 'MetadataRecordSaved', data: { record: command.record, savedBy: command.actor, savedAt: command.at } }];
};

const evolve = (_state: MetadataRecordState, event: MetadataRecordEvent): MetadataRecordState =>
  event.type === 'MetadataRecordSaved' ? { record: event.data.record } : { record: null };

export const metadataRecordDecider: Decider<MetadataRecordCommand, MetadataRecordEvent, MetadataRecordState> = {
  initialState: { record: null },
  decide,
  evolve,
};
