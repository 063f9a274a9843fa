import { sql } from 'kysely';
import type { StoredEvent } from '@digit/contracts';
import { jsonText, type Database, type DatabaseTransaction, type Projection } from '@digit/event-store';
import { ERASED } from '@digit/personal-data';
import {
  ERASURE_STREAM_PREFIX,
  TRAINING_STREAM_ID,
  trainingDecider,
  type PersonalDataErased,
  type TrainedAgent,
  type TrainingEvent,
  type TrainingState,
} from '../domain/index.js';

/**
 * Read model: DIGIT agents and their GDPR trainings (R-GDPR-3). An erasure of an agent blanks
 * the name it derived from AgentRegistered, as a replay would (the field then reads as erased).
 */
export const migrateTraining = async (db: Database, schema: string): Promise<void> => {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  await sql`create table if not exists ${sql.table(`${schema}.training_agents`)} (
    agent_id text primary key,
    agent jsonb not null
  )`.execute(db);
};

export const trainingProjection = (schema: string): Projection => ({
  name: 'privacy:training_agents',
  streamPrefixes: [TRAINING_STREAM_ID, ERASURE_STREAM_PREFIX],
  async apply(trx: DatabaseTransaction, stored: StoredEvent) {
    const table = sql.table(`${schema}.training_agents`);
    if (stored.type === 'PersonalDataErased') {
      const { subjectId } = (stored as unknown as PersonalDataErased).data;
      await sql`update ${table} set agent = jsonb_set(agent, '{fullName}', ${JSON.stringify(ERASED)}::jsonb) where agent_id = ${subjectId}`.execute(trx);
      return;
    }
    if (stored.streamId !== TRAINING_STREAM_ID) return;
    const event = stored as unknown as TrainingEvent;
    const agentId = event.data.agentId;
    const current = await sql<{ agent: TrainedAgent }>`select agent from ${table} where agent_id = ${agentId} for update`.execute(trx);
    const existing = current.rows[0]?.agent;
    const state: TrainingState = { agents: new Map(existing ? [[agentId, existing]] : []) };
    const next = trainingDecider.evolve(state, event).agents.get(agentId);
    if (!next) return;
    await sql`insert into ${table} (agent_id, agent) values (${agentId}, ${jsonText(next)})
      on conflict (agent_id) do update set agent = excluded.agent`.execute(trx);
  },
});

export const loadTrainingState = async (db: Database, schema: string): Promise<TrainingState> => {
  const rows = await sql<{ agent: TrainedAgent }>`select agent from ${sql.table(`${schema}.training_agents`)} order by agent_id`.execute(db);
  return { agents: new Map(rows.rows.map((row) => [row.agent.agentId, row.agent])) };
};
