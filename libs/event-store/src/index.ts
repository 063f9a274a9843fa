export { createEventStore, WrongExpectedVersionError } from './event-store.js';
export type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadInOptions,
  ReadPage,
  StreamDataFilter,
} from './event-store.js';
export { migrateEventStore, schemaExists } from './event-store.migrations.js';
export { migrateSchema, schemaDb } from './schema-migrations.js';
export { applyNextBatch, catchUp, readCheckpoint, saveCheckpoint, startFollower, startSubscription } from './subscription.js';
export type { FollowerOptions, FollowStep, Projection, Subscription, SubscriptionOptions } from './subscription.js';
export { verifyHistory } from './verify-history.js';
export { startHistoryCheck } from './history-check.js';
export { extendChain } from './chain-extension.js';
export type { ChainExtension } from './chain-extension.js';
export type { HistoryCheck, VerificationFailure, VerificationReport } from './history-check.js';
export {
  countEvents,
  GENESIS_SEAL,
  headSeal,
  historyIdentity,
  positionRange,
  readHistoryRecords,
  sealAtOrBelow,
} from './history-records.js';
export type { HistoryRecord, Seal } from './history-records.js';
export { chainHash, eventHash, GENESIS_HASH } from './event-hash.js';
export { canonicalJson, jsonText } from './json-text.js';
export type { JsonTextOptions } from './json-text.js';
export type { Upcaster, Upcasters } from './upcasters.js';
export type { EventStoreTables } from './event-store.tables.js';
export { aggregateStream, decideOnStream, handleCommand, handleCommands } from './command-handler.js';
export type {
  CommandHandlingOptions,
  CommandOutcome,
  DecideOn,
  StreamCommands,
  StreamDecision,
  StreamFold,
  StreamOutcome,
} from './command-handler.js';
export type { Database, DatabaseTransaction } from './database.js';
export type { PersonalDataHook } from './personal-data-hook.js';
