import { sql } from 'kysely';
import { addDays } from '@digit/calendar';
import { pageOf, type Page, type StoredEvent } from '@digit/contracts';
import { jsonText, schemaDb, type Database, type DatabaseTransaction, type Projection } from '@digit/event-store';
import { ERASED } from '@digit/personal-data';
import {
  ERASURE_STREAM_PREFIX,
  TRAINING_STREAM_ID,
  trainingDecider,
  trainingDueOn,
  type PersonalDataErased,
  type TrainedAgent,
  type TrainingEvent,
  type TrainingState,
} from '../domain/index.js';
import type { PrivacyTables } from './privacy-tables.js';

/** The columns an agent's row is found by: its dates, so that the due list reads by key. */
export const agentColumns = (agent: TrainedAgent) => ({
  agent: jsonText(agent),
  joined_on: agent.joinedOn,
  left_on: agent.leftOn,
  due_on: trainingDueOn(agent),
});

/**
 * Read model: DIGIT agents and their GDPR trainings (R-GDPR-3). An erasure of an agent blanks
 * the name it derived from AgentRegistered, as a replay would (the field then reads as erased).
 */
export const trainingProjection = (schema: string): Projection => ({
  name: 'privacy:training_agents',
  streamPrefixes: [TRAINING_STREAM_ID, ERASURE_STREAM_PREFIX],
  async apply(trx: DatabaseTransaction, stored: StoredEvent) {
    const db = schemaDb<PrivacyTables>(trx, schema);
    if (stored.type === 'PersonalDataErased') {
      const { subjectId } = (stored as unknown as PersonalDataErased).data;
      await db
        .updateTable('training_agents')
        .set({ agent: sql<string>`jsonb_set(agent, '{fullName}', ${JSON.stringify(ERASED)}::jsonb)` })
        .where('agent_id', '=', subjectId)
        .execute();
      return;
    }
    if (stored.streamId !== TRAINING_STREAM_ID) return;
    const event = stored as unknown as TrainingEvent;
    const agentId = event.data.agentId;
    const current = await db.selectFrom('training_agents').select('agent').where('agent_id', '=', agentId).forUpdate().executeTakeFirst();
    const state: TrainingState = { agents: new Map(current ? [[agentId, current.agent]] : []) };
    const next = trainingDecider.evolve(state, event).agents.get(agentId);
    if (!next) return;
    const columns = agentColumns(next);
    await db
      .insertInto('training_agents')
      .values({ agent_id: agentId, ...columns })
      .onConflict((conflict) => conflict.column('agent_id').doUpdateSet(columns))
      .execute();
  },
});

export const loadAgent = async (db: Database, schema: string, agentId: string): Promise<TrainedAgent | undefined> =>
  (
    await schemaDb<PrivacyTables>(db, schema)
      .selectFrom('training_agents')
      .select('agent')
      .where('agent_id', '=', agentId)
      .executeTakeFirst()
  )?.agent;

/** A page of every agent by id (`limit + 1` rows after the cursor). */
export const loadAgentsPage = async (
  db: Database,
  schema: string,
  page: { readonly limit: number; readonly after?: string },
): Promise<Page<TrainedAgent>> => {
  let query = schemaDb<PrivacyTables>(db, schema).selectFrom('training_agents').select('agent');
  if (page.after !== undefined) query = query.where('agent_id', '>', page.after);
  const rows = await query
    .orderBy('agent_id')
    .limit(page.limit + 1)
    .execute();
  return pageOf(
    rows.map((row) => row.agent),
    page.limit,
    (agent) => agent.agentId,
  );
};

/** The cursor of the due list: the last agent's due date and id, `2024-04-15~a-new`. */
const dueCursorOf = (agent: TrainedAgent): string => `${trainingDueOn(agent)}~${agent.agentId}`;

/**
 * A page of the agents at DIGIT on `asOf` whose training falls due by `asOf + withinDays`, the
 * most urgent first (R-GDPR-3, as agentsDueForTraining says), read by (due_on, agent_id) after the cursor.
 */
export const loadAgentsDuePage = async (
  db: Database,
  schema: string,
  due: { readonly asOf: string; readonly withinDays: number; readonly limit: number; readonly after?: string },
): Promise<Page<TrainedAgent>> => {
  let query = schemaDb<PrivacyTables>(db, schema)
    .selectFrom('training_agents')
    .select('agent')
    .where('joined_on', '<=', due.asOf)
    .where((where) => where.or([where('left_on', 'is', null), where('left_on', '>', due.asOf)]))
    .where('due_on', '<=', addDays(due.asOf, due.withinDays));
  if (due.after !== undefined) {
    const [dueOn, agentId] = due.after.split('~') as [string, string];
    query = query.where((where) => where(where.refTuple('due_on', 'agent_id'), '>', where.tuple(dueOn, agentId)));
  }
  const rows = await query
    .orderBy('due_on')
    .orderBy('agent_id')
    .limit(due.limit + 1)
    .execute();
  return pageOf(
    rows.map((row) => row.agent),
    due.limit,
    dueCursorOf,
  );
};
