import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Caller, Policy } from '@digit/contracts';

/** Metadata key of a route's policy; a route without one is refused (deny by default, R-SEC-2). */
export const ROUTE_POLICY = 'digit:route-policy';

/** Metadata key of the catalogue message a generated route serves (its summary, request and reply document it). */
export const ROUTE_MESSAGE = 'digit:route-message';

/** Who may call this route: the same Policy type as the catalogue's messages. */
export const RoutePolicy = (policy: Policy) => SetMetadata(ROUTE_POLICY, policy);

/** The request once the auth guard has verified its token. */
export interface AuthenticatedRequest {
  caller?: Caller;
}

/** The verified caller of the request (undefined only on public routes). */
export const CurrentCaller = createParamDecorator(
  (_: unknown, context: ExecutionContext): Caller | undefined => context.switchToHttp().getRequest<AuthenticatedRequest>().caller,
);
