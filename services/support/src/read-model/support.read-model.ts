import type { StoredEvent } from '@digit/contracts';
import type { DatabaseTransaction, Projection } from '@digit/event-store';
import { COMMITTEES } from './committees.read-model.js';
import { DISPUTES } from './disputes.read-model.js';
import { MAINTENANCE_NOTICES } from './maintenance-notices.read-model.js';
import { PROJECTS } from './projects.read-model.js';
import { SESSIONS } from './sessions.read-model.js';
import { TICKETS } from './tickets.read-model.js';
import { applyToViewTable, type ViewTable, type ViewTableName } from './view-table.js';

/**
 * The support context's read models, one table per aggregate in the service's own schema, fed
 * by one projection: a single checkpoint, so "caught up" means every table shows a command's
 * events. Dropping the tables and the checkpoint and replaying from position 0 gives the same rows.
 */
const folding = <Name extends ViewTableName>(table: ViewTable<Name>) => ({
  streamPrefix: table.streamPrefix,
  apply: (trx: DatabaseTransaction, schema: string, event: StoredEvent) => applyToViewTable(trx, schema, table, event),
});
const TABLES = [
  folding(TICKETS),
  folding(PROJECTS),
  folding(MAINTENANCE_NOTICES),
  folding(SESSIONS),
  folding(COMMITTEES),
  folding(DISPUTES),
];

export const SUPPORT_STREAM_PREFIXES: readonly string[] = TABLES.map((table) => table.streamPrefix);

export const supportReadModelsProjection = (schema: string, name = 'support:read_models'): Projection => ({
  name,
  streamPrefixes: SUPPORT_STREAM_PREFIXES,
  async apply(trx: DatabaseTransaction, event: StoredEvent) {
    const table = TABLES.find((candidate) => event.streamId.startsWith(candidate.streamPrefix));
    if (table) await table.apply(trx, schema, event);
  },
});
