import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { grantedRoles, isPublic, type Caller, type Policy } from '@digit/contracts';
import { bearerToken, type TokenVerifier } from '@digit/identity';
import { ApiError } from '../http/service-client.js';
import { DASHBOARD_SIGN_IN, type DashboardSignIn } from './dashboard-sign-in.js';
import { ROUTE_POLICY, type AuthenticatedRequest } from './route-policy.js';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** The header a dashboard page sends with every state-changing request made with its session cookie. */
export const CSRF_HEADER = 'x-csrf-token';

interface HeaderRequest extends AuthenticatedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const unauthenticated = () =>
  new ApiError(
    401,
    'unauthenticated',
    'Authentification requise : envoyez un jeton d’accès valide (Authorization: Bearer <jeton>) ou connectez-vous au tableau de bord (/auth/login).',
  );

const sameToken = (given: string | string[] | undefined, expected: string): boolean =>
  typeof given === 'string' && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/**
 * Every route: its policy, then the caller (CONTRACT.md "Who is calling (v1.1)"). Public routes
 * pass; any other needs a valid bearer token, or the dashboard's session cookie (401 otherwise),
 * and a role the policy names (403 otherwise). Both give the same caller: sub, roles, town.
 * A state-changing request made with the cookie must also carry the session's CSRF token in
 * `X-CSRF-Token`: another site can make a browser send the cookie (SameSite=Lax still lets
 * top-level GETs through) but can neither read the token nor set a custom header cross-origin
 * (CORS is closed). Bearer tokens are never sent by a browser on its own, so they need no token.
 * The town of a town role is checked with the request, by the route itself, and again by the
 * service. A route without a policy is refused: deny by default.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Inject(DASHBOARD_SIGN_IN) private readonly signIn: DashboardSignIn,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<Policy | undefined>(ROUTE_POLICY, [context.getHandler(), context.getClass()]);
    if (!policy) throw new ApiError(403, 'forbidden', 'Cette adresse n’a pas de règle d’accès : elle est refusée.');
    if (isPublic(policy)) return true;
    const request = context.switchToHttp().getRequest<HeaderRequest>();
    const caller = request.headers.authorization !== undefined ? await this.bearerCaller(request) : await this.sessionCaller(request);
    if (grantedRoles(policy, caller).length === 0) throw new ApiError(403, 'forbidden', 'Votre rôle ne permet pas cette action.');
    request.caller = caller;
    return true;
  }

  private async bearerCaller(request: HeaderRequest): Promise<Caller> {
    const header = request.headers.authorization;
    const token = bearerToken(typeof header === 'string' ? header : undefined);
    if (!token) throw unauthenticated();
    let caller;
    try {
      caller = await this.verifier.verify(token);
    } catch {
      throw new ApiError(503, 'identity_unavailable', 'Le fournisseur d’identité ne répond pas ; réessayez dans un instant.');
    }
    if (!caller) throw unauthenticated();
    return caller;
  }

  private async sessionCaller(request: HeaderRequest): Promise<Caller> {
    const id = this.signIn.sessionIdOf(request as never);
    const session = id ? await this.signIn.sessions.find(id) : undefined;
    if (!session) throw unauthenticated();
    if (!SAFE_METHODS.has(request.method.toUpperCase()) && !sameToken(request.headers[CSRF_HEADER], session.csrfToken)) {
      throw new ApiError(
        403,
        'csrf_token_invalid',
        'Requête refusée : avec une session du tableau de bord, toute modification doit porter l’en-tête X-CSRF-Token de la session (GET /auth/session).',
      );
    }
    return session.caller;
  }
}
