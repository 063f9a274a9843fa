import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateReplySchemasModule, REPLY_SCHEMAS_MODULE } from './reply-schemas.js';

const root = join(import.meta.dirname, '../../..');
let generated: string;
beforeAll(() => {
  generated = generateReplySchemasModule(root);
}, 60_000);

describe('reply schemas of the API document (issue 16)', () => {
  it('the checked-in module is what the reply types give now: run `npm run api-schemas` after changing a reply type', () => {
    expect(readFileSync(join(root, REPLY_SCHEMAS_MODULE), 'utf8')).toBe(generated);
  });

  it('every catalogue message has its reply schema, the components it refers to included', () => {
    const { replies, components } = JSON.parse(generated.slice(generated.indexOf('{'), generated.lastIndexOf('}') + 1)) as {
      replies: Record<string, unknown>;
      components: Record<string, unknown>;
    };
    expect(Object.keys(replies)).toEqual(
      expect.arrayContaining(['dataExchangeMessages.voirieRoads', 'conventionsMessages.towns', 'billingMessages.townShare']),
    );
    const refs = [...JSON.stringify({ replies, components }).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (match) => match[1]!,
    );
    expect(refs.filter((name) => !(name in components))).toEqual([]);
  });
});
