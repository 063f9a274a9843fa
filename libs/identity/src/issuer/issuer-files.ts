import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { writeFileAtomically } from '@digit/runtime';

/**
 * The embedded issuer's files under DIGIT_DATA_DIR/identity (never in the repository, never in
 * the database): its private signing key and cookie keys (`issuer-secrets.json`, mode 0600,
 * generated on first start), and where the running issuer answers (`issuer.json`, written by the
 * gateway at each start, read by the admin CLI).
 */
export interface IssuerSecrets {
  /** Private JWKs (RS256) the issuer signs ID and access tokens with; the first one signs. */
  readonly signingKeys: readonly JWK[];
  /** Keys of the issuer's signed cookies (newest first). */
  readonly cookieKeys: readonly string[];
}

export interface IssuerInfo {
  /** The issuer identifier, the tokens' `iss`. */
  readonly issuer: string;
  readonly audience: string;
  /** The gateway's public address (sign-in links point there). */
  readonly publicUrl: string;
}

export const SIGNING_ALGORITHM = 'RS256';

const identityDirectory = (dataDir: string): string => {
  const directory = join(dataDir, 'identity');
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  return directory;
};

const secretsPath = (dataDir: string) => join(identityDirectory(dataDir), 'issuer-secrets.json');
const infoPath = (dataDir: string) => join(identityDirectory(dataDir), 'issuer.json');

const newSecrets = async (): Promise<IssuerSecrets> => {
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { signingKeys: [{ ...jwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' }], cookieKeys: [randomBytes(32).toString('base64url')] };
};

/** The issuer's secrets, generated on first use. Two gateway copies starting together keep the first file written. */
export const loadIssuerSecrets = async (dataDir: string): Promise<IssuerSecrets> => {
  const path = secretsPath(dataDir);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as IssuerSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secrets = await newSecrets();
  try {
    writeFileSync(path, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
    return secrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(readFileSync(path, 'utf8')) as IssuerSecrets;
  }
};

export const writeIssuerInfo = (dataDir: string, info: IssuerInfo): void =>
  writeFileAtomically(infoPath(dataDir), `${JSON.stringify(info, null, 2)}\n`, 0o644);

/** Where the running system's embedded issuer answers, or undefined when none has started here. */
export const readIssuerInfo = (dataDir: string): IssuerInfo | undefined => {
  try {
    return JSON.parse(readFileSync(infoPath(dataDir), 'utf8')) as IssuerInfo;
  } catch {
    return undefined;
  }
};
