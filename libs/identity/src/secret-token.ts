import { createHash, randomBytes } from 'node:crypto';

/** A random token for a cookie or a link (256 bits, URL-safe). */
export const newSecretToken = (): string => randomBytes(32).toString('base64url');

/** What the database keeps of a token: a dump never yields a usable session or link. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');
