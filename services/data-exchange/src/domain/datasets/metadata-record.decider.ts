import { isInstant } from '@digit/calendar';
import type { Decider, Decision, DomainError, MetadataRecord } from '@digit/contracts';
import type { DatasetActor } from './actor.js';
import { refuse } from './dataset-guards.js';
import { metadataRecordRuleProblems } from './metadata-record.js';

/**
 * One record of the metadata catalogue (R-DX-6), stream `metadata-record-<identifier>`.
 * DIGIT keeps the catalogue; a town may describe its own data only (R-DX-3). A record is saved
 * whole (the catalogue is "CRUD-light"), and every version stays on the event history.
 */
export interface SaveMetadataRecord {
  readonly type: 'SaveMetadataRecord';
  readonly record: MetadataRecord;
  readonly actor: DatasetActor;
  readonly at: string;
}

export interface RemoveMetadataRecord {
  readonly type: 'RemoveMetadataRecord';
  readonly identifier: string;
  readonly actor: DatasetActor;
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

/** R-DX-3: who may touch a record of this scope: DIGIT any, a town only its own. */
const actorProblem = (actor: DatasetActor, record: MetadataRecord | null): DomainError | undefined => {
  if (actor.kind === 'privacy-service') {
    return refuse('forbidden', 'metadata_actor_not_allowed', 'le service de protection des données ne tient pas le catalogue');
  }
  if (actor.kind === 'town' && (record?.scope.kind !== 'town' || record.scope.insee !== actor.insee)) {
    return refuse(
      'forbidden',
      'metadata_actor_not_allowed',
      `la ville ${actor.insee} ne décrit que ses propres données (portée town:${actor.insee}) ; le reste du catalogue est tenu par la DIGIT`,
    );
  }
  return undefined;
};

const decide = (command: MetadataRecordCommand, state: MetadataRecordState): Decision<MetadataRecordEvent> => {
  if (!isInstant(command.at)) {
    return refuse('invalid', 'metadata_invalid', 'horodatage invalide (instant ISO 8601 avec décalage attendu)', [
      { path: 'at', message: 'instant ISO 8601 avec décalage attendu' },
    ]);
  }
  if (command.type === 'RemoveMetadataRecord') {
    if (!state.record) return refuse('not_found', 'metadata_record_not_found', `aucune fiche « ${command.identifier} » dans le catalogue`);
    const forbidden = actorProblem(command.actor, state.record);
    if (forbidden) return forbidden;
    return [
      { type: 'MetadataRecordRemoved', data: { identifier: command.identifier, removedBy: command.actor.by, removedAt: command.at } },
    ];
  }
  const details = metadataRecordRuleProblems(command.record);
  if (details.length > 0)
    return refuse('invalid', 'metadata_invalid', 'la fiche de métadonnées contient des erreurs : corrigez les points indiqués', details);
  // A town may neither take over a record of the territory or of another town, nor give its own away.
  const forbidden = actorProblem(command.actor, command.record) ?? (state.record ? actorProblem(command.actor, state.record) : undefined);
  if (forbidden) return forbidden;
  if (state.record && JSON.stringify(state.record) === JSON.stringify(command.record)) return [];
  return [{ type: 'MetadataRecordSaved', data: { record: command.record, savedBy: command.actor.by, savedAt: command.at } }];
};

const evolve = (_state: MetadataRecordState, event: MetadataRecordEvent): MetadataRecordState =>
  event.type === 'MetadataRecordSaved' ? { record: event.data.record } : { record: null };

export const metadataRecordDecider: Decider<MetadataRecordCommand, MetadataRecordEvent, MetadataRecordState> = {
  initialState: { record: null },
  decide,
  evolve,
};
