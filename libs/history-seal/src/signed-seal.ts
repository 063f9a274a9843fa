import { sign, verify } from 'node:crypto';
import { canonicalJson, type Seal } from '@digit/event-store';
import type { SealPublicKey, SealSigningKey } from './seal-keys.js';

export const SIGNED_SEAL_FORMAT = 'digit-history-seal/1';

/**
 * The head of a history at an instant, signed with Ed25519 by a key kept outside the database:
 * whoever rewrites the database cannot make a new one, so a history that no longer reaches it
 * was cut or rewritten. JSON as anchored, archived and served (positions as decimal text).
 */
export interface SignedSeal {
  readonly format: typeof SIGNED_SEAL_FORMAT;
  /** The sealed history (`<database>.<schema>`): a seal of one never vouches for another. */
  readonly history: string;
  readonly position: string;
  readonly chainHash: string;
  readonly sealedAt: string;
  readonly keyId: string;
  /** Base64 Ed25519 signature over the canonical JSON of every other field. */
  readonly signature: string;
}

const signedBytes = (seal: Omit<SignedSeal, 'signature'>): Buffer =>
  Buffer.from(
    canonicalJson({
      format: seal.format,
      history: seal.history,
      position: seal.position,
      chainHash: seal.chainHash,
      sealedAt: seal.sealedAt,
      keyId: seal.keyId,
    }),
    'utf8',
  );

export const signSeal = (key: SealSigningKey, head: { history: string; seal: Seal; sealedAt: Date }): SignedSeal => {
  const unsigned = {
    format: SIGNED_SEAL_FORMAT,
    history: head.history,
    position: head.seal.position.toString(),
    chainHash: head.seal.chainHash,
    sealedAt: head.sealedAt.toISOString(),
    keyId: key.keyId,
  } as const;
  return { ...unsigned, signature: sign(null, signedBytes(unsigned), key.privateKey).toString('base64') };
};

/** True when `key` made this signature over exactly these fields. */
export const isSignedBy = (seal: SignedSeal, key: SealPublicKey): boolean =>
  seal.keyId === key.keyId && verify(null, signedBytes(seal), key.key, Buffer.from(seal.signature, 'base64'));

const isText = (value: unknown, pattern: RegExp): value is string => typeof value === 'string' && pattern.test(value);

/** A signed seal from untrusted JSON (a file line, a bucket value, a manifest), or undefined if it is not one. */
export const parseSignedSeal = (value: unknown): SignedSeal | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const seal = value as Record<string, unknown>;
  const valid =
    seal.format === SIGNED_SEAL_FORMAT &&
    isText(seal.history, /^.{1,200}$/) &&
    isText(seal.position, /^[1-9]\d{0,18}$/) &&
    isText(seal.chainHash, /^[0-9a-f]{64}$/) &&
    isText(seal.sealedAt, /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/) &&
    isText(seal.keyId, /^[0-9a-f]{32}$/) &&
    isText(seal.signature, /^[A-Za-z0-9+/]{86}==$/);
  if (!valid) return undefined;
  const { format, history, position, chainHash, sealedAt, keyId, signature } = seal as unknown as SignedSeal;
  return { format, history, position, chainHash, sealedAt, keyId, signature };
};

export const sealOf = (signed: SignedSeal): Seal => ({ position: BigInt(signed.position), chainHash: signed.chainHash });
