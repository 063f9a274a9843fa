/**
 * R-SEC-3, CONTRACT.md v1.1: infra/nats/authorization.conf (docker-compose, operators) says exactly
 * what `npm start` generates, from the same table (libs/identity/src/nats/nats-users.ts), with
 * development passwords in clear instead of bcrypt hashes. After changing the table:
 * `DIGIT_WRITE_NATS_AUTHORIZATION=1 npm run jest -- infra/nats/authorization.unit.spec.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INSEE_CODES } from '@digit/contracts';
import { renderAuthorization, SERVICE_USERS, serviceNatsUser, townNatsUser } from '@digit/identity';

const FILE = fileURLToPath(new URL('./authorization.conf', import.meta.url));

const HEADER = `# Who may connect to DIGIT's NATS and what each may do (included by nats-server.conf and cluster.conf).
# Generated from libs/identity/src/nats/nats-users.ts, the table \`npm start\` builds its own server's
# configuration from (infra/nats/authorization.unit.spec.ts keeps both equal): edit the table, not this file.
# Development passwords in clear on purpose (docker-compose and local runs; README.md lists them);
# production replaces them by bcrypt hashes, nkeys or decentralised JWT (README.md, "Production").
`;

const expected = (): string =>
  HEADER +
  renderAuthorization([
    ...SERVICE_USERS.map((service) => serviceNatsUser(service, `${service}-dev`)),
    ...INSEE_CODES.map((insee) => townNatsUser(insee, `town-${insee}-dev`)),
  ]);

describe('infra/nats/authorization.conf', () => {
  it('R-SEC-3: lists the same users and permissions as the configuration npm start generates', () => {
    if (process.env.DIGIT_WRITE_NATS_AUTHORIZATION) writeFileSync(FILE, expected());
    expect(readFileSync(FILE, 'utf8')).toBe(expected());
  });

  it('R-SEC-3: lets nobody in without a password, and no user publish everywhere', () => {
    const text = readFileSync(FILE, 'utf8');
    expect(text).not.toMatch(/no_auth_user|"\$JS\.>"|"digit\.>"|"_INBOX\.>"|"\*"|">"/);
  });
});
