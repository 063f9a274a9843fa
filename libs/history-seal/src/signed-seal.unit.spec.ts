import { generateKeyPairSync } from 'node:crypto';
import { sealPublicKeyFromPem, type SealSigningKey } from './seal-keys.js';
import { isSignedBy, parseSignedSeal, signSeal, type SignedSeal } from './signed-seal.js';

const keyPair = (): SealSigningKey => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { ...sealPublicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()), privateKey };
};

const key = keyPair();
const seal = signSeal(key, {
  history: 'digit.event_store',
  seal: { position: 1234n, chainHash: 'a'.repeat(64) },
  sealedAt: new Date('2026-12-07T13:03:05.000Z'),
});

describe('signed head seal (R-SEC-5, CONTRACT.md v1.1 anchored seal)', () => {
  it('R-SEC-5: names the position, chain hash, time and key, and verifies with the public key', () => {
    expect(seal).toMatchObject({
      format: 'digit-history-seal/1',
      history: 'digit.event_store',
      position: '1234',
      chainHash: 'a'.repeat(64),
      sealedAt: '2026-12-07T13:03:05.000Z',
      keyId: key.keyId,
    });
    expect(key.keyId).toMatch(/^[0-9a-f]{32}$/);
    expect(isSignedBy(seal, key)).toBe(true);
    expect(parseSignedSeal(JSON.parse(JSON.stringify(seal)))).toEqual(seal);
  });

  it.each<[string, Partial<SignedSeal>]>([
    ['a later position', { position: '1235' }],
    ['another chain hash', { chainHash: 'b'.repeat(64) }],
    ['another time', { sealedAt: '2026-12-07T13:03:06.000Z' }],
    ['another history', { history: 'digit.other' }],
  ])('R-SEC-5: a seal edited to %s no longer verifies', (_, edit) => {
    expect(isSignedBy({ ...seal, ...edit }, key)).toBe(false);
  });

  it('R-SEC-5: a seal signed by another key does not verify, even when it claims the right key id', () => {
    const forged = signSeal(keyPair(), {
      history: seal.history,
      seal: { position: 1234n, chainHash: 'a'.repeat(64) },
      sealedAt: new Date(seal.sealedAt),
    });
    expect(isSignedBy(forged, key)).toBe(false);
    expect(isSignedBy({ ...forged, keyId: key.keyId }, key)).toBe(false);
  });

  it.each([
    null,
    'text',
    { ...seal, position: '-1' },
    { ...seal, format: 'v0' },
    { ...seal, signature: 'short' },
    { ...seal, chainHash: 'A'.repeat(64) },
  ])('R-SEC-5: refuses what is not a signed seal (%#)', (value) => {
    expect(parseSignedSeal(value)).toBeUndefined();
  });
});
