import { randomUUID } from 'node:crypto';
import { DEFAULT_PAGE_SIZE, DomainError, isInsee, type Decider, type EventMetadata, type Insee } from '@digit/contracts';
import { handleCommand, type Subscription } from '@digit/event-store';
import type { MessageContext } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
import type { PageWindow } from './read-model/view-table.js';
import type { SupportSettings } from './support-settings.js';

/** What every NATS handler of the support service works with, provided to Nest under this token. */
export const SUPPORT_RUNTIME = Symbol('SUPPORT_RUNTIME');

export interface SupportRuntime {
  readonly infra: ServiceInfra;
  /** The service's own schema, where its read models live. */
  readonly schema: string;
  readonly readModels: Subscription;
  readonly settings: SupportSettings;
  /** The edges' clock: an instant with the Paris offset. Domain code never reads a clock. */
  now(): string;
}

export const newId = (): string => randomUUID();

/**
 * Decides and appends with the caller's metadata (the actor is its subject, R-SEC-1), then waits
 * until the read models show the new events, so the answer and the next GET see them.
 */
export const execute = async <Command, Event extends { type: string; data: unknown }, State>(
  runtime: SupportRuntime,
  decider: Decider<Command, Event, State>,
  streamId: string,
  command: Command,
  metadata: EventMetadata,
): Promise<readonly Event[] | DomainError> => {
  const outcome = await handleCommand(runtime.infra.store, decider, streamId, command, metadata);
  if (!outcome.ok) return outcome.error;
  await runtime.readModels.caughtUp(outcome.events.at(-1)?.position);
  return outcome.decided;
};

/** A list's page window: `limit` (100 by default, 1,000 at most) after the cursor given. */
export const pageWindow = (
  request: { readonly limit?: number; readonly after?: string },
  defaultLimit = DEFAULT_PAGE_SIZE,
): PageWindow => ({
  limit: request.limit ?? defaultLimit,
  after: request.after,
});

/** A list's town filter: one of GPSO's towns, or 404 (the town does not exist). */
export const townFilter = (insee: string | undefined): Insee | undefined | DomainError => {
  if (insee === undefined || isInsee(insee)) return insee;
  return new DomainError('not_found', 'unknown_town', `Aucune commune de GPSO n'a le code INSEE « ${insee} ».`, [
    { path: 'insee', message: 'code INSEE inconnu' },
  ]);
};

/**
 * For a thing that concerns several towns (a notice's recipients, a session's guests): a town's
 * people may read it when their town is one of them; DIGIT's roles whatever the towns.
 */
export const refuseUnlessOneOf = (context: MessageContext, towns: readonly Insee[]): DomainError | undefined =>
  towns.some((insee) => context.refuseOtherTown(insee) === undefined) ? undefined : context.refuseOtherTown(towns[0] ?? '');
