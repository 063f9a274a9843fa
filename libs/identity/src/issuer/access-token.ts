import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import type { Person } from '../person.js';
import { SIGNING_ALGORITHM, type IssuerInfo, type IssuerSecrets } from './issuer-files.js';

/** The client id the admin CLI's tokens name as `client_id` (as the embedded issuer's own tokens name theirs). */
export const ADMIN_CLI_CLIENT = 'digit-admin-cli';

/**
 * An access token for a machine or a test (`npm run admin -- token`), signed with the embedded
 * issuer's own key: the same shape as the tokens the issuer hands out at its token endpoint
 * (`typ: at+jwt`, `iss`, `aud`, `sub`, `roles`, `insee`, `exp`, `iat`, `jti`, `client_id`), so
 * the gateway verifies it through the one path it uses for every token.
 */
export const signAccessToken = async (
  info: IssuerInfo,
  secrets: IssuerSecrets,
  person: Person,
  options: { ttlSeconds?: number; now?: Date } = {},
): Promise<string> => {
  const jwk = secrets.signingKeys[0];
  if (!jwk) throw new Error('the issuer has no signing key');
  const key = await importJWK(jwk, SIGNING_ALGORITHM);
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ roles: [person.role], ...(person.insee ? { insee: person.insee } : {}), client_id: ADMIN_CLI_CLIENT, scope: 'api' })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: jwk.kid, typ: 'at+jwt' })
    .setIssuer(info.issuer)
    .setAudience(info.audience)
    .setSubject(person.sub)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.ttlSeconds ?? 60 * 60))
    .setJti(randomUUID())
    .sign(key);
};
