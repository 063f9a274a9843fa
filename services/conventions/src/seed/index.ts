/** The seeded convention histories of the eight towns (see convention.seed.ts for what is fact and what is demo). */
export { SEED_SOURCE, seedConventionCommands, seedConventionEvents } from './convention.seed.js';
export type { SeedCommands, SeedEvents } from './convention.seed.js';
