import { createPrivateKey, createPublicKey, generateKeyPairSync, hash, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sealDirectory, type SealConfig } from './seal-config.js';

/** The public half of the seal key, as auditors get it (SPKI PEM) and name it (key id). */
export interface SealPublicKey {
  readonly key: KeyObject;
  readonly pem: string;
  /** The first 32 hex digits of the sha256 of the key's DER: what an auditor compares with the published one. */
  readonly keyId: string;
}

export interface SealSigningKey extends SealPublicKey {
  readonly privateKey: KeyObject;
}

const publicKeyOf = (key: KeyObject): SealPublicKey => {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the seal key must be an Ed25519 key, got ${key.asymmetricKeyType}`);
  const der = key.export({ type: 'spki', format: 'der' });
  return { key, pem: key.export({ type: 'spki', format: 'pem' }).toString(), keyId: hash('sha256', der, 'hex').slice(0, 32) };
};

/** A public key from its SPKI PEM text (a manifest's, a file's); throws on anything else. */
export const sealPublicKeyFromPem = (pem: string): SealPublicKey => publicKeyOf(createPublicKey(pem));

const embeddedKeyFile = (config: SealConfig): string => join(sealDirectory(config), 'signing-key.pem');
const embeddedPublicKeyFile = (config: SealConfig): string => join(sealDirectory(config), 'signing-key.pub.pem');

/** Like ssh: a private key others can read is refused, whoever left it so. */
const readPrivateKey = async (file: string): Promise<SealSigningKey> => {
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) !== 0) throw new Error(`the seal signing key ${file} is readable by others (mode ${mode.toString(8)}): chmod 600 it`);
  const privateKey = createPrivateKey(await readFile(file, 'utf8'));
  return { ...publicKeyOf(createPublicKey(privateKey)), privateKey };
};

/**
 * The embedded default's key: created once, atomically (written aside, then linked in place,
 * which fails if a concurrent starter won: its key is then read), mode 0600, with its public
 * half beside it for auditors.
 */
const createEmbeddedKey = async (config: SealConfig): Promise<void> => {
  const file = embeddedKeyFile(config);
  await mkdir(sealDirectory(config), { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const aside = `${file}.${process.pid}.tmp`;
  await writeFile(aside, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  try {
    await link(aside, file);
    await writeFile(embeddedPublicKeyFile(config), publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(aside, { force: true });
  }
};

const exists = (file: string): Promise<boolean> =>
  stat(file).then(
    () => true,
    () => false,
  );

/**
 * The key that signs seals, kept outside the database: `DIGIT_SEAL_KEY_FILE` when given (required
 * in production), else the embedded default's under `DIGIT_DATA_DIR`, generated when absent.
 */
export const loadSigningKey = async (config: SealConfig): Promise<SealSigningKey> => {
  if (config.signingKeyFile) return readPrivateKey(config.signingKeyFile);
  if (config.production)
    throw new Error(
      'DIGIT_SEAL_KEY_FILE is required in production: the path of the Ed25519 key (PKCS#8 PEM, mode 0600) that signs the history seals',
    );
  const file = embeddedKeyFile(config);
  if (!(await exists(file))) await createEmbeddedKey(config);
  return readPrivateKey(file);
};

/**
 * The key seals are checked with, as an auditor's command finds it: the file named, else
 * `DIGIT_SEAL_PUBLIC_KEY_FILE`, else the public half of the key this machine signs with (the
 * embedded default's public file, or the given signing key); undefined when none is found.
 */
export const loadPublicKey = async (config: SealConfig, file?: string): Promise<SealPublicKey | undefined> => {
  const named = file ?? config.publicKeyFile;
  if (named) return sealPublicKeyFromPem(await readFile(named, 'utf8'));
  const embeddedPublic = embeddedPublicKeyFile(config);
  if (!config.signingKeyFile && (await exists(embeddedPublic))) return sealPublicKeyFromPem(await readFile(embeddedPublic, 'utf8'));
  const signing = config.signingKeyFile ?? embeddedKeyFile(config);
  if (!(await exists(signing))) return undefined;
  return publicKeyOf(createPublicKey(await readFile(signing, 'utf8')));
};
