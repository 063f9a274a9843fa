/**
 * Safe defaults of the HTTP edge (R-SEC-5, issue 12): loopback unless HOST says otherwise,
 * security headers, bounded bodies (413 in CONTRACT.md's error shape), CORS closed, no proxy
 * trusted; and the public health route (CONTRACT.md, issue 18).
 */
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { openServiceInfra, type ServiceInfra } from '@digit/runtime';
import { createTestDatabase, createTestNats, startTestIssuer, type TestDatabase, type TestIssuer, type TestNats } from '@digit/testing';
import { startGateway } from './gateway.app.js';
import { REQUEST_BODY_LIMIT_BYTES } from './http/body-limit.js';

let database: TestDatabase;
let nats: TestNats;
let infra: ServiceInfra;
let issuer: TestIssuer;
let app: INestApplication;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase();
  nats = await createTestNats();
  infra = await openServiceInfra(
    { databaseUrl: database.url, natsUrl: nats.url, natsNamespace: nats.namespace, schemaPrefix: database.prefix, port: 0 },
    'gateway',
  );
  issuer = await startTestIssuer();
  app = await startGateway(infra, { port: 0, identity: { issuer: issuer.issuer, audience: issuer.audience } });
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  await issuer?.stop();
  await infra?.close();
  await nats?.close();
  await database?.drop();
});

const ops = async () => ({ authorization: `Bearer ${await issuer.token({ roles: ['ops'] })}` });

describe('safe defaults of the gateway (R-SEC-5)', () => {
  it('listens on loopback only when HOST is not given', () => {
    expect((app.getHttpServer().address() as AddressInfo).address).toBe('127.0.0.1');
  });

  it('trusts no proxy unless TRUST_PROXY names one', () => {
    expect((app as NestExpressApplication).getHttpAdapter().getInstance().get('trust proxy')).toBe(false);
  });

  it('sends security headers: a strict CSP without framing, nosniff, no X-Powered-By; no HSTS over loopback HTTP', async () => {
    const response = await fetch(`${base}/api/v1/health`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`form-action 'self' ${new URL(issuer.issuer).origin}`);
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('keeps CORS closed: no Access-Control-Allow-Origin for another site, on a preflight or a request', async () => {
    const preflight = await fetch(`${base}/api/v1/towns`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const request = await fetch(`${base}/api/v1/ops/dead-letters`, { headers: { origin: 'https://evil.example', ...(await ops()) } });
    expect(request.headers.get('access-control-allow-origin')).toBeNull();
  });

  it(`R-SEC-5: refuses a body over ${REQUEST_BODY_LIMIT_BYTES / 1024} KiB with 413 in CONTRACT.md's error shape, before the service sees it`, async () => {
    const before = await infra.store.headPosition();
    const body = JSON.stringify({ requestedBy: 'town', noticeDate: '2026-01-05', padding: 'x'.repeat(REQUEST_BODY_LIMIT_BYTES) });
    const response = await fetch(`${base}/api/v1/conventions/92040/terminations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await ops()) },
      body,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'payload_too_large', message: expect.stringContaining('100 Kio'), details: [] });
    expect(await infra.store.headPosition()).toBe(before);
  });

  it('accepts a body just under the limit (it reaches the service: 503 here, none runs)', async () => {
    const body = JSON.stringify({ requestedBy: 'town', noticeDate: '2026-01-05', padding: 'x'.repeat(REQUEST_BODY_LIMIT_BYTES - 200) });
    const response = await fetch(`${base}/api/v1/conventions/92040/terminations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await ops()) },
      body,
    });
    expect(response.status).toBe(503);
  });
});

describe('GET /api/v1/health (CONTRACT.md, issue 18)', () => {
  it('is public and names each service; degraded while services do not answer', async () => {
    const response = await fetch(`${base}/api/v1/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'degraded',
      services: [
        { name: 'gateway', status: 'ok' },
        ...['conventions', 'billing', 'data-exchange', 'support', 'privacy'].map((name) => ({ name, status: 'unavailable' })),
      ],
    });
  });
});
