import { dtoSchemas, inlineSchema, type JsonSchema } from '../edge/json-schema.js';
import { INSEE_CODES } from '../towns.js';
import { TOWN_BOUNDING_BOXES } from './town-bounding-boxes.js';
import { VoirieOrderDto } from './voirie-order.dto.js';
import type { VoirieOrderKind } from './voirie-view.js';

const DEFINITIONS = '#/definitions/';
const NO_NUMBERS: JsonSchema = { anyOf: [{ type: 'null' }, { type: 'array', maxItems: 0 }] };

const kindIs = (kind: VoirieOrderKind): JsonSchema => ({ properties: { kind: { const: kind } }, required: ['kind'] });

/**
 * The JSON Schema (draft-07) of a road order's body, as published in the AsyncAPI document: the
 * fields from the same DTO the data-exchange service validates with, then the rules across fields
 * that JSON Schema can state (what each kind requires or forbids, the road of the order's town,
 * numbers inside the town). Three rules it cannot state are checked by the service only, and said
 * in `description`: effective date not before signature, no number twice, a new name that differs.
 */
export const voirieOrderJsonSchema = (): JsonSchema => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Arrêté de voirie',
  description:
    'Le corps d’un arrêté de voirie (CONTRACT.md « Towns’ DSIs → DIGIT »). Le service vérifie aussi trois règles que ce schéma ne peut pas dire : ' +
    'effectiveAt n’est pas avant signedAt (VOIRIE_EFFECTIVE_BEFORE_SIGNATURE), un numéro (numéro et suffixe, sans tenir compte de la casse) ne figure ' +
    'qu’une fois (VOIRIE_DUPLICATE_NUMBER), et un ROAD_RENAMED change vraiment le nom (VOIRIE_SAME_NAME) ; puis les règles du registre (voie connue, nom au registre…).',
  ...inlineSchema(VoirieOrderDto.name, dtoSchemas([VoirieOrderDto], DEFINITIONS), DEFINITIONS),
  allOf: [
    {
      if: kindIs('ROAD_RENAMED'),
      then: { required: ['previousName'], properties: { previousName: { type: 'string' }, numbers: NO_NUMBERS } },
      else: { properties: { previousName: { type: 'null' } } },
    },
    { if: kindIs('NUMBERING'), then: { required: ['numbers'], properties: { numbers: { type: 'array', minItems: 1 } } } },
    {
      if: kindIs('TRAFFIC_DIRECTION'),
      then: { required: ['direction'], properties: { direction: { type: 'string' }, numbers: NO_NUMBERS } },
      else: { properties: { direction: { type: 'null' } } },
    },
    ...INSEE_CODES.map((insee) => {
      const box = TOWN_BOUNDING_BOXES[insee];
      return {
        if: { properties: { insee: { const: insee } }, required: ['insee'] },
        then: {
          properties: {
            road: { type: 'object', properties: { id: { type: 'string', pattern: `^${insee}_` } } },
            numbers: {
              anyOf: [
                { type: 'null' },
                {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      lon: { type: 'number', minimum: box.minLon, maximum: box.maxLon },
                      lat: { type: 'number', minimum: box.minLat, maximum: box.maxLat },
                    },
                  },
                },
              ],
            },
          },
        },
      };
    }),
  ],
});
