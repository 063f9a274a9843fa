export { bearerToken, callerOfClaims, createTokenVerifier } from './token-verifier.js';
export type { TokenVerifier, TokenVerifierOptions } from './token-verifier.js';
