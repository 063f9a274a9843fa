import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { VOIRIE_ORDER_EXAMPLES, voirieOrderJsonSchema, type VoirieErrorCode } from '@digit/contracts';
import { validateVoirieOrder } from './validate-voirie-order.js';
import { fuzzVoirieMessages } from './voirie-fuzz.js';
import { boulogneOrders } from './voirie.fixtures.js';

const ajv = new Ajv({ allErrors: true });
addFormats.default(ajv);
const matchesSchema = ajv.compile(voirieOrderJsonSchema());

/** The three rules the published schema says in words only (its description): the service checks them. */
const SCHEMA_CANNOT_SAY: ReadonlySet<VoirieErrorCode> = new Set([
  'VOIRIE_EFFECTIVE_BEFORE_SIGNATURE',
  'VOIRIE_DUPLICATE_NUMBER',
  'VOIRIE_SAME_NAME',
]);

const jsonBodyOf = (data: Uint8Array): { ok: true; body: unknown } | { ok: false } => {
  try {
    return { ok: true, body: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data)) };
  } catch {
    return { ok: false };
  }
};

describe('the order’s JSON Schema (AsyncAPI) says what the service validates (issue 16)', () => {
  it('R-DX-1: the service accepts the AsyncAPI examples and the schema accepts the fixtures', async () => {
    for (const example of Object.values(VOIRIE_ORDER_EXAMPLES)) expect((await validateVoirieOrder(example)).ok).toBe(true);
    for (const fixture of Object.values(boulogneOrders)) expect(matchesSchema(fixture)).toBe(true);
  });

  it('R-DX-2: every fuzzed order marked valid passes the schema, every body the service refuses fails it (but for the three rules it cannot say)', async () => {
    const counts = { valid: 0, refused: 0, refusedOnlyByUnsayableRules: 0, notJson: 0 };
    for (const message of fuzzVoirieMessages(20_241_207, 3000)) {
      const parsed = jsonBodyOf(message.data);
      if (!parsed.ok) {
        counts.notJson += 1;
        continue;
      }
      const service = await validateVoirieOrder(parsed.body);
      const schema = matchesSchema(parsed.body);
      const seen = {
        mutation: message.mutation,
        body: new TextDecoder().decode(message.data.slice(0, 400)),
        schemaErrors: matchesSchema.errors,
      };
      if (message.mutation === 'valid') expect({ ...seen, schema, service: service.ok }).toEqual({ ...seen, schema: true, service: true });
      if (service.ok) {
        counts.valid += 1;
        expect({ ...seen, schema }).toEqual({ ...seen, schema: true });
      } else if (service.errors.every((error) => SCHEMA_CANNOT_SAY.has(error.code))) {
        counts.refusedOnlyByUnsayableRules += 1;
      } else {
        counts.refused += 1;
        expect({ ...seen, errors: service.errors, schema }).toEqual({ ...seen, errors: service.errors, schema: false });
      }
    }
    expect(counts.valid).toBeGreaterThan(300);
    expect(counts.refused).toBeGreaterThan(1000);
  }, 60_000);
});
