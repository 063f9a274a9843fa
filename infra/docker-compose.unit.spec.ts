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
const authorization = readFileSync(join(ROOT, 'infra/nats/authorization.conf'), 'utf8');
/** A user's password in infra/nats/authorization.conf (development passwords, in clear there). */
const natsPassword = (user: string): string | undefined => new RegExp(`user: "${user}"\\s+password: "([^"]+)"`).exec(authorization)?.[1];
const realm = JSON.parse(readFileSync(join(ROOT, 'infra/keycloak/digit-realm.json'), 'utf8')) as {
  realm: string;
  clients: { clientId: string; redirectUris: string[] }[];
};

describe('docker-compose.yml', () => {
  it('ARCHITECTURE: lists the six services of services/', () => {
    expect(serviceFolders).toHaveLength(6);
  });

  it.each(serviceFolders)('ARCHITECTURE: %s is built from the shared Dockerfile with SERVICE = its folder', (name) => {
    const build = { context: '.', dockerfile: 'infra/docker/Dockerfile', args: { SERVICE: name } };
    expect(services[name]?.build).toEqual(build);
  });

  it.each(serviceFolders)('CONTRACT, R-SEC-3: %s reads DATABASE_URL, the OTLP endpoint and a NATS_URL with its own NATS user', (name) => {
    expect(natsPassword(name)).toBeDefined();
    expect(services[name]?.environment).toMatchObject({
      DATABASE_URL: 'postgres://postgres@postgres:5432/digit',
      NATS_URL: [1, 2, 3].map((node) => `nats://${name}:${natsPassword(name)}@nats-${node}:4222`).join(','),
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
      NATS_REPLICAS: '3',
    });
  });

  it('CONTRACT, R-SEC-5: the gateway serves the API on PORT 3000, published on the host’s loopback only', () => {
    expect(services['gateway']?.environment).toMatchObject({ PORT: '3000', HOST: '0.0.0.0' });
    expect(services['gateway']?.ports).toEqual(['127.0.0.1:3000:3000']);
  });

  it('CONTRACT v1.1: the gateway trusts the Keycloak realm of infra/keycloak, reached inside the network, named as browsers see it', () => {
    const environment = services['gateway']!.environment!;
    const publicUrl = environment['DIGIT_PUBLIC_URL'];
    expect(environment['OIDC_ISSUER']).toBe(`http://localhost:8080/realms/${realm.realm}`);
    expect(environment['OIDC_DISCOVERY_URL']).toBe(`http://keycloak:8080/realms/${realm.realm}/.well-known/openid-configuration`);
    expect(environment['OIDC_AUDIENCE']).toBe('digit-api');
    expect(realm.clients.find((client) => client.clientId === environment['OIDC_CLIENT_ID'])?.redirectUris).toEqual([
      `${publicUrl}/auth/callback`,
    ]);
    expect(dependencies(services['gateway']!)).toContainEqual(['keycloak', 'service_healthy']);
  });

  it('CONTRACT v1.1: Keycloak imports the realm of infra/keycloak and asks for its admin password instead of holding one', () => {
    const keycloak = services['keycloak']!;
    expect(keycloak.command).toEqual(['start-dev', '--import-realm']);
    expect(keycloak.volumes).toContain('./infra/keycloak/digit-realm.json:/opt/keycloak/data/import/digit-realm.json:ro');
    expect(keycloak.environment?.['KC_BOOTSTRAP_ADMIN_PASSWORD']).toMatch(/^\$\{KEYCLOAK_ADMIN_PASSWORD:\?/);
    expect(keycloak.environment?.['KC_HOSTNAME']).toBe('http://localhost:8080');
  });

  it.each(Object.keys(services))('ARCHITECTURE: %s depends on existing services, healthy ones only if checked', (name) => {
    for (const [target, condition] of dependencies(services[name]!)) {
      expect(Object.keys(services)).toContain(target);
      if (condition === 'service_healthy') expect(services[target]?.healthcheck).toBeDefined();
    }
  });

  it('issue 19, R-DX-3: NATS runs as the three nodes of infra/nats/cluster.conf, with the per-town authorization and the route certificates', () => {
    const nodes = ['nats-1', 'nats-2', 'nats-3'];
    const clusterConf = readFileSync(join(ROOT, 'infra/nats/cluster.conf'), 'utf8');
    for (const node of nodes) {
      const service = services[node]!;
      expect(service.command).toEqual(['-c', '/etc/nats/cluster.conf']);
      expect(service.environment).toEqual({ NATS_SERVER_NAME: node });
      expect(hostMounts(service)).toEqual(expect.arrayContaining(['./infra/nats/cluster.conf', './infra/nats/authorization.conf']));
      expect(service.volumes).toContain('nats-tls:/etc/nats/tls:ro');
      expect(dependencies(service)).toContainEqual(['nats-route-certs', 'service_completed_successfully']);
      // Each node is one of the routes the configuration names.
      expect(clusterConf).toContain(`"nats-route://${node}:6222"`);
    }
    expect(Object.keys(services).filter((name) => name === 'nats' || name.startsWith('nats-'))).toEqual(['nats-route-certs', ...nodes]);
    expect(services['nats-route-certs']?.volumes).toEqual(['./infra/nats/route-certs.sh:/route-certs.sh:ro', 'nats-tls:/etc/nats/tls']);
  });

  it.each(serviceFolders)('issue 19: %s waits for the three NATS nodes', (name) => {
    for (const node of ['nats-1', 'nats-2', 'nats-3']) expect(dependencies(services[name]!)).toContainEqual([node, 'service_healthy']);
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
