import type { IncomingMessage } from 'node:http';
import type { LoginLinks, SessionStore, TokenVerifier } from '@digit/identity';
import { cookieOf } from './http-exchange.js';
import type { PendingSignIns } from './pending-sign-ins.js';
import type { RelyingParty } from './relying-party.js';

export const DASHBOARD_SIGN_IN = Symbol('DASHBOARD_SIGN_IN');

/**
 * Everything the dashboard's sign-in uses: the relying party (embedded or external issuer), the
 * sessions, the sign-ins in progress, the one-time links (embedded issuer only) and the one
 * token verifier. Outside loopback (the gateway's public address), cookies are `Secure` and the
 * session cookie takes the `__Host-` prefix (no Domain, Path=/, Secure): plain HTTP on loopback
 * is the only place a browser sends them unencrypted.
 */
export class DashboardSignIn {
  readonly signInCookie = 'digit_sign_in';

  constructor(
    /** The gateway's public address; known once it listens when its port was chosen by the system (tests). */
    public publicUrl: string,
    readonly relyingParty: RelyingParty,
    readonly verifier: TokenVerifier,
    readonly sessions: SessionStore,
    readonly pending: PendingSignIns,
    readonly loginLinks: LoginLinks | undefined,
  ) {}

  get sessionCookie(): string {
    return this.secureCookies ? '__Host-digit_session' : 'digit_session';
  }

  get redirectUri(): string {
    return `${this.publicUrl}/auth/callback`;
  }

  get secureCookies(): boolean {
    return !isLoopback(new URL(this.publicUrl).hostname);
  }

  get publicOrigin(): string {
    return new URL(this.publicUrl).origin;
  }

  sessionIdOf(request: IncomingMessage): string | undefined {
    return cookieOf(request, this.sessionCookie);
  }
}

export const isLoopback = (hostname: string): boolean =>
  hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127(\.\d{1,3}){3}$/.test(hostname);
