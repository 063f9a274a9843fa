import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { grantedRoles, isPublic, type Policy } from '@digit/contracts';
import { bearerToken, type TokenVerifier } from '@digit/identity';
import { ApiError } from '../http/service-client.js';
import { ROUTE_POLICY, type AuthenticatedRequest } from './route-policy.js';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

interface HeaderRequest extends AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
}

const unauthenticated = () =>
  new ApiError(401, 'unauthenticated', 'Authentification requise : envoyez un jeton d’accès valide (Authorization: Bearer <jeton>).');

/**
 * Every route: its policy, then the caller (CONTRACT.md "Who is calling (v1.1)"). Public routes
 * pass; any other needs a valid bearer token (401 otherwise) and a role the policy names (403
 * otherwise). The town of a town role is checked with the request, by the route itself, and again
 * by the service. A route without a policy is refused: deny by default.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<Policy | undefined>(ROUTE_POLICY, [context.getHandler(), context.getClass()]);
    if (!policy) throw new ApiError(403, 'forbidden', 'Cette adresse n’a pas de règle d’accès : elle est refusée.');
    if (isPublic(policy)) return true;
    const request = context.switchToHttp().getRequest<HeaderRequest>();
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
    if (grantedRoles(policy, caller).length === 0) throw new ApiError(403, 'forbidden', 'Votre rôle ne permet pas cette action.');
    request.caller = caller;
    return true;
  }
}
