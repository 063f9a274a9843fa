import { randomInt } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';

/**
 * Passwords of the embedded issuer's accounts, hashed with argon2id (RFC 9106) at OWASP's
 * recommended cost: 19 MiB of memory, 2 passes, 1 lane. The hash string carries its parameters,
 * so a later raise of the cost still verifies older hashes.
 */
/** `Algorithm.Argon2id`: the library declares a const enum, which isolated modules cannot read. */
const ARGON2ID = 2 as Algorithm;
const PARAMETERS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;

export const hashPassword = (password: string): Promise<string> => hash(password, PARAMETERS);

export const passwordMatches = async (passwordHash: string, password: string): Promise<boolean> => {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
};

/** A hash of nothing anyone knows: verified when the login is unknown, so timing does not tell which logins exist. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword(`decoy-${randomInt(2 ** 47)}`));

// No 0/O, 1/l/I: read aloud or copied by hand without mistakes.
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzACDEFGHJKLMNPQRTUVWXY23456789';

/** A generated password: 4 groups of 5 characters (about 115 bits), e.g. `k7Hq2-…`. */
export const generatePassword = (): string =>
  Array.from({ length: 4 }, () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')).join('-');

/** Why a chosen password is refused, in French, or undefined. */
export const passwordProblem = (password: string): string | undefined =>
  password.length < MIN_PASSWORD_LENGTH
    ? `Mot de passe trop court : ${MIN_PASSWORD_LENGTH} caractères au moins (laissez vide pour en générer un).`
    : password.length > 200
      ? 'Mot de passe trop long : 200 caractères au plus.'
      : undefined;
