import type { ColumnType } from 'kysely';
import type { ConventionState } from '../domain/index.js';

/** A jsonb column: read as its value, written as its JSON text. */
type Json<T> = ColumnType<T, string, string>;

/** The conventions service's read models, in its own schema (`conventions`). */
export interface ConventionsTables {
  /** Each town's convention state as the decider folds it, with the whole timeline (R-CON). */
  convention_states: {
    insee: string;
    version: number;
    state: Json<ConventionState>;
  };
}
