import { createServer, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createTokenVerifier } from '@digit/identity';

/** Issue 12: what verifying an access token costs the gateway per request, keys cached. */
export interface TokenVerifyReport {
  readonly algorithm: string;
  readonly requests: number;
  readonly medianMs: number;
  readonly p99Ms: number;
  readonly target: { readonly value: number; readonly below: number; readonly met: boolean };
}

const percentile = (sorted: readonly number[], fraction: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;

/**
 * The gateway's verifier (libs/identity, the one code path for every issuer) against an issuer
 * serving its discovery document and JWKS on loopback, with RS256 keys as the embedded issuer and
 * Keycloak sign with: after the first request fetches the keys, each request pays the signature
 * and claim checks only. Distinct tokens, so nothing is cached but the keys.
 */
export const tokenVerifyBenchmark = async (requests: number, log: (line: string) => void): Promise<TokenVerifyReport> => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  let issuer = '';
  const server: Server = createServer((request, response) => {
    const body = request.url === '/.well-known/openid-configuration' ? { issuer, jwks_uri: `${issuer}/jwks` } : { keys: [jwk] };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const verifier = createTokenVerifier({ issuer, audience: 'digit-api' });
    const tokens = await Promise.all(
      Array.from({ length: requests }, (_, index) =>
        new SignJWT({ roles: ['town-dsi'], insee: '92012' })
          .setProtectedHeader({ alg: 'RS256', kid: 'bench', typ: 'at+jwt' })
          .setSubject(`dsi-${index}`)
          .setIssuer(issuer)
          .setAudience('digit-api')
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(privateKey),
      ),
    );
    if (!(await verifier.verify(tokens[0]!))) throw new Error('the benchmark token does not verify');
    const durations: number[] = [];
    for (const token of tokens) {
      const started = performance.now();
      await verifier.verify(token);
      durations.push(performance.now() - started);
    }
    durations.sort((a, b) => a - b);
    const medianMs = percentile(durations, 0.5);
    log(`token verification: ${requests} tokens, median ${medianMs.toFixed(3)} ms`);
    return {
      algorithm: 'RS256',
      requests,
      medianMs,
      p99Ms: percentile(durations, 0.99),
      target: { value: medianMs, below: 0.2, met: medianMs < 0.2 },
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
};
