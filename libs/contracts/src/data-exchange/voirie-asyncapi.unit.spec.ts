import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { VOIRIE_ERROR_CODES } from './voirie-errors.js';
import { voirieAsyncApiDocument, VOIRIE_ORDER_EXAMPLES, VOIRIE_OUTCOME_EXAMPLES } from './voirie-asyncapi.js';
import { voirieOrderJsonSchema } from './voirie-order.schema.js';
import { voirieOutcomeJsonSchema } from './voirie-outcome.js';
import { VOIRIE_ORDER_KINDS } from './voirie-view.js';

const ajv = new Ajv({ allErrors: true });
addFormats.default(ajv);

describe('the AsyncAPI document of the towns’ road orders (CONTRACT.md v1.1, issue 16)', () => {
  it('is valid AsyncAPI 3 for the official parser (@asyncapi/parser), without any error', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(voirieAsyncApiDocument()));
    expect(
      diagnostics
        .filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error)
        .map((diagnostic) => `${diagnostic.path.join('.')}: ${diagnostic.message}`),
    ).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(
      document
        ?.channels()
        .all()
        .map((channel) => channel.address()),
    ).toEqual(['digit.towns.{insee}.voirie.orders', 'digit.towns.{insee}.voirie.outcomes']);
  });

  it('R-DX-1: gives a valid example of every kind of order, each with Nats-Msg-Id = orderId', () => {
    const validate = ajv.compile(voirieOrderJsonSchema());
    expect(Object.keys(VOIRIE_ORDER_EXAMPLES).sort()).toEqual([...VOIRIE_ORDER_KINDS].sort());
    for (const example of Object.values(VOIRIE_ORDER_EXAMPLES))
      expect([example.kind, validate(example), validate.errors]).toEqual([example.kind, true, null]);
  });

  it('R-DX-2: gives an accepted, a rejected and a duplicate outcome, valid against the outcome schema', () => {
    const validate = ajv.compile(voirieOutcomeJsonSchema());
    for (const [name, outcome] of Object.entries(VOIRIE_OUTCOME_EXAMPLES))
      expect([name, validate(outcome), validate.errors]).toEqual([name, true, null]);
    expect(VOIRIE_OUTCOME_EXAMPLES.rejected!.errors.length).toBeGreaterThan(1);
    expect(validate({ ...VOIRIE_OUTCOME_EXAMPLES.rejected, errors: [{ path: 'order', message: 'x', code: 'NOT_A_CODE' }] })).toBe(false);
  });

  it('documents every error code an outcome can carry', () => {
    const text = JSON.stringify(voirieAsyncApiDocument());
    for (const code of Object.keys(VOIRIE_ERROR_CODES)) expect(text).toContain(`"const":"${code}"`);
  });
});
