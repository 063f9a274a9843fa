import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileErrors, validate } from '@readme/openapi-parser';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { isPublic, type Policy } from '@digit/contracts';
import { startConventionsService } from '../../../services/conventions/src/conventions.app.js';
import { routeTable } from '../../../services/gateway/src/edge/route-table.js';
import { launchChromium } from './browser/chromium.js';
import { startSystem, type SystemUnderTest } from './system-under-test.js';

type Operation = {
  operationId: string;
  summary: string;
  description: string;
  security: Record<string, string[]>[];
  parameters?: { name: string; in: string; schema: Record<string, unknown> }[];
  responses: Record<string, unknown>;
};
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

let system: SystemUnderTest;
let document: OpenApi;
beforeAll(async () => {
  system = await startSystem([startConventionsService]);
  const response = await system.fetch('/api/v1/openapi.json', {}, 'anonymous');
  expect(response.status).toBe(200);
  document = (await response.json()) as OpenApi;
});
afterAll(() => system.stop());

const operationOf = (method: string, path: string): Operation | undefined =>
  document.paths[path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[method.toLowerCase()];

describe('GET /api/v1/openapi.json (CONTRACT.md "Integrators and auditors (v1.1)", issue 16)', () => {
  it('is public and a valid OpenAPI 3.1 document for its official parser', async () => {
    const result = await validate(structuredClone(document) as never);
    if (!result.valid) throw new Error(compileErrors(result));
    expect((document as unknown as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('R-SEC-2: describes every route the gateway serves, with its policy as security and who may call it', () => {
    const routes = routeTable(system.gateway.app);
    expect(routes.length).toBeGreaterThan(50);
    const missing = routes.filter((route) => !operationOf(route.method, route.path)).map((route) => `${route.method} ${route.path}`);
    expect(missing).toEqual([]);
    for (const route of routes) {
      const operation = operationOf(route.method, route.path)!;
      expect(operation.summary.length).toBeGreaterThan(10);
      const policy = route.policy as Policy;
      if (isPublic(policy)) {
        expect(operation.security).toEqual([]);
        expect(operation.description).toContain('Public');
      } else {
        const roles = [...policy.roles, ...(policy.town?.roles ?? [])].filter((role) => role !== 'service');
        expect(operation.security).toEqual([{ bearerAuth: roles }]);
        expect(operation.description).toMatch(/^Qui peut appeler : /);
        expect(operation.responses).toHaveProperty('401');
        expect(operation.responses).toHaveProperty('403');
      }
    }
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    expect(operations).toHaveLength(routes.length);
    // A hand-written route needs its entry in services/gateway/src/api-docs/hand-written-routes.ts.
    expect(operations.filter((operation) => 'x-digit-undocumented' in operation).map((operation) => operation.operationId)).toEqual([]);
    expect(new Set(operations.map((operation) => operation.operationId)).size).toBe(operations.length);
  });

  it('takes parameters and bodies from the request DTOs, replies from the reply types, errors as CONTRACT.md says', () => {
    const roads = operationOf('GET', '/api/v1/voirie/:insee/roads')!;
    expect(roads.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'insee',
          in: 'path',
          schema: expect.objectContaining({ enum: expect.arrayContaining(['92012']) }),
        }),
        expect.objectContaining({ name: 'limit', in: 'query', schema: expect.objectContaining({ type: 'integer', maximum: 1000 }) }),
        expect.objectContaining({ name: 'asOf', in: 'query', schema: expect.objectContaining({ format: 'date' }) }),
      ]),
    );
    expect(roads.responses['200']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/RoadsAsOfView' } } },
    });
    const termination = operationOf('POST', '/api/v1/conventions/:insee/terminations') as Operation & {
      requestBody: { content: Record<string, { schema: Record<string, unknown> }> };
    };
    expect(termination.requestBody.content['application/json']!.schema).toMatchObject({
      properties: { requestedBy: { enum: ['town', 'ept'] }, noticeDate: { format: 'date' } },
      required: ['requestedBy', 'noticeDate'],
      additionalProperties: false,
    });
    expect(termination.responses['409']).toEqual({ $ref: '#/components/responses/Conflict' });
    expect(document.components.schemas.ApiError).toMatchObject({ required: ['error', 'message', 'details'] });
    expect(operationOf('GET', '/api/v1/voirie/:insee/bal.csv')!.responses['200']).toMatchObject({
      content: { 'text/csv': { schema: { type: 'string' } } },
    });
    expect(operationOf('GET', '/api/v1/datasets')!.responses['200']).toMatchObject({
      content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/DatasetView' } } } },
      headers: { Link: expect.anything() },
    });
  });
});

describe('GET /api/v1/asyncapi.json (CONTRACT.md "Integrators and auditors (v1.1)", issue 16)', () => {
  it('is public and names the towns’ orders and outcomes channels', async () => {
    const response = await system.fetch('/api/v1/asyncapi.json', {}, 'anonymous');
    expect(response.status).toBe(200);
    const asyncApi = (await response.json()) as { asyncapi: string; channels: Record<string, { address: string }> };
    expect(asyncApi.asyncapi).toBe('3.0.0');
    expect(Object.values(asyncApi.channels).map((channel) => channel.address)).toEqual([
      'digit.towns.{insee}.voirie.orders',
      'digit.towns.{insee}.voirie.outcomes',
    ]);
  });
});

describe('the browsable documentation (issue 16)', () => {
  it('is served from this site, public, with no inline script (the content security policy allows none)', async () => {
    const page = await system.fetch('/api/v1/docs', {}, 'anonymous');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    for (const source of [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!)) {
      expect(source.startsWith('/')).toBe(true);
      expect([source, (await system.fetch(source, {}, 'anonymous')).status]).toEqual([source, 200]);
    }
    expect((await system.fetch('/api/v1/docs/../../package.json', {}, 'anonymous')).status).toBe(404);
    expect((await system.fetch('/api/v1/docs/index.html', {}, 'anonymous')).status).toBe(404);
  });

  it('issue 18 (found by the HTTP fuzz suite): an asset named like an object’s own properties is 404, not 500', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect([name, (await system.fetch(`/api/v1/docs/${name}`, {}, 'anonymous')).status]).toEqual([name, 404]);
    }
  });
});

describe('the browsable documentation in a real browser (issue 16)', () => {
  it('Swagger UI renders the document under the strict content security policy, nothing refused', async () => {
    const chromium = await launchChromium();
    try {
      const page = await (await chromium.person()).newPage();
      const refused: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') refused.push(message.text());
      });
      await page.goto(`${system.baseUrl}/api/v1/docs`);
      // Swagger UI draws the first operations at once (the rest as one scrolls).
      await page.waitForSelector('.opblock', { timeout: 20_000 });
      expect(await page.locator('.info .title').first().textContent()).toContain('DIGIT GPSO');
      expect(await page.locator('.opblock-summary-path').first().textContent()).toBe('/api/v1/towns');
      expect(refused).toEqual([]);
    } finally {
      await chromium.close();
    }
  }, 60_000);
});

describe('a client generated from the document (openapi-typescript + openapi-fetch, issue 16)', () => {
  it('type-checks against the generated types, then calls three routes successfully', async () => {
    // Inside the repository, so that the client's `openapi-fetch` resolves as an integrator's would.
    const folder = mkdtempSync(join(process.cwd(), 'tools/system-tests/.generated-client-'));
    try {
      writeFileSync(join(folder, 'api.d.ts'), astToString(await openapiTS(document as never)));
      // The calls as an integrator writes them: the compiler checks paths, parameters and replies.
      const client = `
import createClient from 'openapi-fetch';
import type { paths } from './api.js';
export const calls = async (baseUrl: string, token: string) => {
  const api = createClient<paths>({ baseUrl, headers: { authorization: \`Bearer \${token}\` } });
  const health = await api.GET('/api/v1/health');
  const towns = await api.GET('/api/v1/towns');
  const convention = await api.GET('/api/v1/conventions/{insee}', { params: { path: { insee: '92012' }, query: { asOf: '2026-01-05' } } });
  const statuses: number[] = [health.response.status, towns.response.status, convention.response.status];
  const health_: string | undefined = health.data?.status;
  const insees: string[] = (towns.data ?? []).map((town) => town.insee);
  const conventionOf: string | undefined = convention.data?.insee;
  return { statuses, health: health_, insees, conventionOf };
};
`;
      writeFileSync(join(folder, 'client.ts'), client);
      const options: ts.CompilerOptions = {
        strict: true,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2023,
        skipLibCheck: true,
        types: [],
      };
      const program = ts.createProgram([join(folder, 'client.ts')], { ...options, noEmit: true });
      const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      expect(problems).toEqual([]);
      writeFileSync(
        join(folder, 'client.mjs'),
        ts.transpileModule(client, { compilerOptions: { ...options, module: ts.ModuleKind.ESNext } }).outputText,
      );
      const { calls } = (await import(pathToFileURL(join(folder, 'client.mjs')).href)) as {
        calls: (baseUrl: string, token: string) => Promise<{ statuses: number[]; health: string; insees: string[]; conventionOf: string }>;
      };
      const result = await calls(system.baseUrl, await system.gateway.issuer.token({ roles: ['ops'] }));
      expect(result.statuses).toEqual([200, 200, 200]);
      expect(result.insees).toContain('92012');
      expect(result.conventionOf).toBe('92012');
      expect(['ok', 'degraded']).toContain(result.health);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
