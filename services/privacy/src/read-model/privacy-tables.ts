import type { ColumnType } from 'kysely';
import type { PersonalDataCheckedData, PersonalDataReadData, RegisteredProcessing, TrainedAgent } from '../domain/index.js';

/** JSON written as text, read back parsed. */
type Json<T> = ColumnType<T, string, string>;
/** A `date` column, written and compared as `YYYY-MM-DD`; never selected (node-postgres would read a Date). */
type DateColumn = ColumnType<string, string, string>;

/** Each town's register, one row per processing (R-GDPR-1). */
export interface RegisterProcessingsTable {
  insee: string;
  reference: string;
  processing: Json<RegisteredProcessing>;
}

/** The GDPR processing log, one row per check (R-GDPR-2), by town and Paris calendar day. */
export interface ProcessingLogTable {
  check_id: string;
  insee: string;
  checked_on: DateColumn;
  /** The check's position in the history (bigint, read as a string). */
  position: ColumnType<string, string, never>;
  hash: string;
  entry: ColumnType<PersonalDataCheckedData, string, never>;
}

/** DIGIT agents and their GDPR trainings (R-GDPR-3); the dates let the due list be read by key. */
export interface TrainingAgentsTable {
  agent_id: string;
  agent: Json<TrainedAgent>;
  joined_on: DateColumn;
  left_on: ColumnType<string | null, string | null, string | null>;
  due_on: DateColumn;
}

/** The trace of reads in clear (R-GDPR-5), one row per read; `insee` null for DIGIT's own data. */
export interface PersonalDataReadsTable {
  read_id: string;
  insee: string | null;
  position: ColumnType<string, string, never>;
  entry: ColumnType<PersonalDataReadData, string, never>;
}

/** The privacy service's read-model schema. */
export interface PrivacyTables {
  personal_data_reads: PersonalDataReadsTable;
  register_processings: RegisterProcessingsTable;
  processing_log: ProcessingLogTable;
  training_agents: TrainingAgentsTable;
}
