import { randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { isInsee, validateDto, type Decider, type DomainError, type Insee } from '@digit/contracts';
import { handleCommand, type Subscription } from '@digit/event-store';
import { QueryFailure } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
import { formatInstant } from './domain/index.js';
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

export const parisNow = (): string => formatInstant(Temporal.Now.instant());

export const newId = (): string => randomUUID();

/** A refused command: malformed input is 400 in the gateway's words, a missing thing 404, else 409 (the state forbids it). */
export const failureOf = (error: DomainError): QueryFailure => {
  if (error.code === 'validation_failed') {
    return new QueryFailure(400, { error: 'invalid_request', message: error.message, details: error.details });
  }
  return QueryFailure.fromDomainError(error, error.code.endsWith('_not_found') ? 404 : 409);
};

export const notFound = (error: string, message: string): QueryFailure => new QueryFailure(404, { error, message, details: [] });

const fieldsOf = (payload: unknown): Record<string, unknown> =>
  typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {};

/** The body of a command, without the routing fields the gateway adds (ids from the path, the actor). */
export const validPayload = async <T extends object>(dto: new () => T, payload: unknown, routing: readonly string[] = []): Promise<T> => {
  const body = Object.fromEntries(Object.entries(fieldsOf(payload)).filter(([key]) => key !== 'actor' && !routing.includes(key)));
  const result = await validateDto(dto, body);
  if (!result.ok) {
    throw new QueryFailure(400, { error: 'invalid_request', message: 'La requête contient des erreurs ; voir le détail.', details: result.details });
  }
  return result.value;
};

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** An identifier from the path: letters, digits, `.`, `_` and `-`. */
export const routeId = (payload: unknown, name = 'id'): string => {
  const value = fieldsOf(payload)[name];
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    throw new QueryFailure(400, {
      error: 'invalid_request',
      message: `Identifiant ${name} invalide : 1 à 64 lettres, chiffres, points, tirets ou soulignés.`,
      details: [{ path: name, message: 'identifiant invalide' }],
    });
  }
  return value;
};

/** An optional `insee` filter of a list query. */
export const townFilter = (payload: unknown): Insee | undefined => {
  const insee = fieldsOf(payload).insee;
  if (insee === undefined || insee === null) return undefined;
  if (!isInsee(insee)) {
    throw new QueryFailure(404, { error: 'unknown_town', message: `Commune inconnue : « ${String(insee)} ».`, details: [{ path: 'insee', message: 'code INSEE inconnu' }] });
  }
  return insee;
};

export const actorOf = (payload: unknown): string => {
  const actor = fieldsOf(payload).actor;
  return typeof actor === 'string' && actor.trim() !== '' ? actor : 'ops:unknown';
};

/** Decides and appends, then waits until the read models show the new events, so the next GET sees them. */
export const execute = async <Command, Event extends { type: string; data: unknown }, State>(
  runtime: SupportRuntime,
  decider: Decider<Command, Event, State>,
  streamId: string,
  command: Command,
  actor: string,
) => {
  const outcome = await handleCommand(runtime.infra.store, decider, streamId, command, { actor });
  if (!outcome.ok) throw failureOf(outcome.error);
  await runtime.readModels.caughtUp(outcome.events.at(-1)?.position);
  return outcome;
};
