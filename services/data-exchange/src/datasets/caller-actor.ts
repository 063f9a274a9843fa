import { DomainError, isTownRole, type Caller } from '@digit/contracts';
import type { DatasetActor } from '../domain/datasets/index.js';

/**
 * Who acts on a dataset or a catalogue record, from the signed-in caller (R-SEC-1): DIGIT for its
 * ops, the town for one of its people (the town of their token); `by` is the caller's subject.
 * The messages' policies let no one else send these commands: anyone else is refused.
 */
export const datasetActorOf = (caller: Caller): DatasetActor | DomainError => {
  if (caller.roles.includes('ops')) return { kind: 'digit', by: caller.sub };
  if (caller.insee !== undefined && caller.roles.some(isTownRole)) return { kind: 'town', insee: caller.insee, by: caller.sub };
  return new DomainError(
    'forbidden',
    'forbidden',
    'Seuls la DIGIT et les agents d’une ville agissent sur les jeux de données et le catalogue.',
  );
};
