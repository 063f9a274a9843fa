import type { JsonSchema } from '../edge/json-schema.js';
import { VOIRIE_ERROR_CODES, type VoirieError, type VoirieErrorCode } from './voirie-errors.js';

/**
 * What DIGIT answers on `digit.towns.<insee>.voirie.outcomes` for each message received on the
 * orders subject (CONTRACT.md, "Integrators and auditors (v1.1)"): enough to match it with what
 * was sent even when the order was unreadable.
 */
export interface VoirieOutcome {
  /** The body's `orderId` as sent when it is a string, even an invalid one; else the `Nats-Msg-Id` header; else null. */
  readonly orderId: string | null;
  /** The body's `reference` as sent when it is a string, even an invalid one; else null. */
  readonly reference: string | null;
  readonly status: 'accepted' | 'rejected' | 'duplicate';
  readonly errors: readonly VoirieError[];
  /** The `Nats-Msg-Id` header of the order's message, as sent (null without one). */
  readonly msgId: string | null;
  /** The order's message sequence in the `TOWN_VOIRIE_ORDERS` stream (null when it came from elsewhere). */
  readonly sequence: number | null;
}

/** The outcome's JSON Schema (draft-07), every error code listed with its meaning. */
export const voirieOutcomeJsonSchema = (): JsonSchema => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Suite donnée à un arrêté de voirie',
  type: 'object',
  additionalProperties: false,
  required: ['orderId', 'reference', 'status', 'errors', 'msgId', 'sequence'],
  properties: {
    orderId: {
      type: ['string', 'null'],
      description: 'orderId du corps tel qu’envoyé (même invalide), sinon l’en-tête Nats-Msg-Id, sinon null',
    },
    reference: { type: ['string', 'null'], description: 'reference du corps telle qu’envoyée (même invalide), sinon null' },
    status: {
      enum: ['accepted', 'rejected', 'duplicate'],
      description:
        'accepted : appliqué au registre ; rejected : refusé, rien n’est changé ; duplicate : orderId déjà traité, rien ne change',
    },
    errors: {
      type: 'array',
      description: 'vide quand accepted ; chaque raison d’un refus',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'message', 'code'],
        properties: {
          path: {
            type: 'string',
            description: 'le champ en cause : order.road.name, order.numbers.0.lon, headers.Nats-Msg-Id, subject, order (tout le corps)',
          },
          message: { type: 'string', description: 'une phrase en français qui dit quoi corriger' },
          code: {
            description: 'code stable, pour les programmes',
            oneOf: (Object.keys(VOIRIE_ERROR_CODES) as VoirieErrorCode[]).map((code) => ({
              const: code,
              description: VOIRIE_ERROR_CODES[code],
            })),
          },
        },
      },
    },
    msgId: { type: ['string', 'null'], description: 'l’en-tête Nats-Msg-Id du message de l’arrêté, tel qu’envoyé' },
    sequence: {
      type: ['integer', 'null'],
      minimum: 1,
      description: 'le numéro de séquence du message de l’arrêté dans le flux TOWN_VOIRIE_ORDERS',
    },
  },
});
