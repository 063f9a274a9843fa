import { randomBytes } from 'node:crypto';
import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { keyEncryptionKeyFromBase64 } from '@digit/personal-data';
import { dataDirectory } from './data-dir.js';
import type { ServiceConfig } from './service-config.js';

/** The generated key-encryption key's file, under DIGIT_DATA_DIR. */
export const KEY_ENCRYPTION_KEY_FILE = 'personal-data.kek';

const MISSING_IN_PRODUCTION =
  'DIGIT_PERSONAL_DATA_KEK est obligatoire en production (DIGIT_ENV=production) : 32 octets aléatoires en base64, gardés hors de la base (coffre de secrets), par exemple `openssl rand -base64 32`. ' +
  '/ DIGIT_PERSONAL_DATA_KEK is required in production (DIGIT_ENV=production): 32 random bytes in base64, kept outside the database (a secrets store), e.g. `openssl rand -base64 32`.';

const readKeyFile = async (file: string): Promise<Uint8Array> => {
  const { mode } = await stat(file);
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `${file} est lisible par d'autres que son propriétaire : chmod 600 ${file}. / ${file} is readable by others than its owner: chmod 600 ${file}.`,
    );
  }
  return keyEncryptionKeyFromBase64((await readFile(file, 'utf8')).trim())!;
};

/**
 * Creates the key file once, whole or not at all: written aside, then linked in place, which
 * fails if another process (the services start together) linked its own first; all then read one key.
 */
const createKeyFile = async (file: string): Promise<void> => {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(aside, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(aside);
  }
};

/**
 * The key that wraps the per-person keys, never kept in the database (R-SEC-5, R-GDPR): from
 * DIGIT_PERSONAL_DATA_KEK; in production nothing else will do; otherwise (the embedded default,
 * one machine) 32 random bytes generated once into `personal-data.kek` under DIGIT_DATA_DIR
 * (mode 0600), kept for the next starts. Losing it loses every person's data it wraps.
 */
export const resolveKeyEncryptionKey = async (
  config: Pick<ServiceConfig, 'personalDataKek' | 'environment' | 'dataDir'>,
): Promise<Uint8Array> => {
  const given = keyEncryptionKeyFromBase64(config.personalDataKek);
  if (given) return given;
  if (config.environment === 'production') throw new Error(MISSING_IN_PRODUCTION);
  const directory = dataDirectory({ DIGIT_DATA_DIR: config.dataDir });
  const file = join(directory, KEY_ENCRYPTION_KEY_FILE);
  try {
    return await readKeyFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await createKeyFile(file);
  return readKeyFile(file);
};

/**
 * The key-encryption key this machine holds, if any (DIGIT_PERSONAL_DATA_KEK, else the generated
 * file under DIGIT_DATA_DIR), never generating one: for readers such as the auditors' replay,
 * which open personal data when given the key and leave it sealed otherwise.
 */
export const findKeyEncryptionKey = async (config: Pick<ServiceConfig, 'personalDataKek' | 'dataDir'>): Promise<Uint8Array | undefined> => {
  const given = keyEncryptionKeyFromBase64(config.personalDataKek);
  if (given) return given;
  try {
    return await readKeyFile(join(dataDirectory({ DIGIT_DATA_DIR: config.dataDir }), KEY_ENCRYPTION_KEY_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};
