/**
 * docker-compose.yml describes the same system as `npm start` (ARCHITECTURE.md "Scale", CONTRACT.md
 * "HTTP API"): every service of services/, wired to PostgreSQL, NATS and the collector.
 * Reads local files only; Docker itself is not needed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from 'yaml';

interface ComposeService {
  image?: string;
  command?: string[];
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] };
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
const serviceFolders = readdirSync(join(ROOT, 'services'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, 'services', entry.name, 'project.json')))
  .map((entry) => entry.name);
const dependencies = (service: ComposeService): [string, string][] =>
  Array.isArray(service.depends_on)
    ? service.depends_on.map((name) => [name, 'service_started'])
    : Object.entries(service.depends_on ?? {}).map(([name, { condition }]) => [name, condition]);
const hostMounts = (service: ComposeService): string[] =>
  (service.volumes ?? []).map((volume) => volume.split(':')[0] ?? '').filter((source) => source.startsWith('./'));
const digitPassword = /user: "digit"\s+password: "([^"]+)"/.exec(
  readFileSync(join(ROOT, 'infra/nats/authorization.conf'), 'utf8'),
)?.[1];

describe('docker-compose.yml', () => {
  it('ARCHITECTURE: lists the six bounded contexts of services/', () => {
    expect(serviceFolders).toHaveLength(6);
  });

  it.each(serviceFolders)('ARCHITECTURE: %s is built from the shared Dockerfile with SERVICE = its folder', (name) => {
    const build = { context: '.', dockerfile: 'infra/docker/Dockerfile', args: { SERVICE: name } };
    expect(services[name]?.build).toEqual(build);
  });

  it.each(serviceFolders)('CONTRACT: %s reads DATABASE_URL, NATS_URL and the OTLP endpoint', (name) => {
    expect(services[name]?.environment).toMatchObject({
      DATABASE_URL: 'postgres://postgres@postgres:5432/digit',
      NATS_URL: `nats://digit:${digitPassword}@nats:4222`,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
    });
  });

  it('CONTRACT: the gateway serves the API on PORT 3000, published on the host', () => {
    expect(services['gateway']?.environment?.['PORT']).toBe('3000');
    expect(services['gateway']?.ports).toContain('3000:3000');
  });

  it.each(Object.keys(services))('ARCHITECTURE: %s depends on existing services, healthy ones only if checked', (name) => {
    for (const [target, condition] of dependencies(services[name]!)) {
      expect(Object.keys(services)).toContain(target);
      if (condition === 'service_healthy') expect(services[target]?.healthcheck).toBeDefined();
    }
  });

  it('ARCHITECTURE: NATS runs with JetStream and the per-town configuration of infra/nats (R-DX-3)', () => {
    expect(services['nats']?.command).toEqual(expect.arrayContaining(['-c', '/etc/nats/nats-server.conf', '-sd']));
    expect(hostMounts(services['nats']!)).toEqual(
      expect.arrayContaining(['./infra/nats/nats-server.conf', './infra/nats/authorization.conf']),
    );
  });

  it('ARCHITECTURE: the image runs each service with the V8 flags of npm start (infra/node/service-node-flags.json)', () => {
    const { flags } = JSON.parse(readFileSync(join(ROOT, 'infra/node/service-node-flags.json'), 'utf8')) as { flags: string[] };
    const dockerfile = readFileSync(join(ROOT, 'infra/docker/Dockerfile'), 'utf8');
    expect(/NODE_OPTIONS="([^"]*)"/.exec(dockerfile)?.[1]).toBe(flags.join(' '));
  });

  it.each(Object.keys(services))('ARCHITECTURE: the files %s builds from or mounts exist', (name) => {
    const service = services[name]!;
    const files = [...hostMounts(service), ...(service.build ? [service.build.dockerfile] : [])];
    for (const file of files) expect(existsSync(join(ROOT, file))).toBe(true);
  });
});
