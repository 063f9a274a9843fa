import { Controller, HttpCode, Inject, Req, RequestMapping, RequestMethod, Res, SetMetadata, type Type } from '@nestjs/common';
import { authorize, type AnyMessage, type Authorization, type Caller, type HttpBinding, type Page } from '@digit/contracts';
import { ROUTE_MESSAGE, RoutePolicy, type AuthenticatedRequest } from '../auth/route-policy.js';
import { ApiError, ServiceClient } from '../http/service-client.js';
import { bindingWithPurpose, guardPersonalDataRead, takePurpose } from './personal-data-reads.js';
import { requestOfRoute, type RouteRequest } from './request-of-route.js';

interface RouteResponse {
  setHeader(name: string, value: string): void;
}

const METHODS: Readonly<Record<HttpBinding['method'], RequestMethod>> = {
  GET: RequestMethod.GET,
  POST: RequestMethod.POST,
  PUT: RequestMethod.PUT,
  DELETE: RequestMethod.DELETE,
};

/** `Link: <…?after=cursor>; rel="next"` for a page served as an array (CONTRACT.md v1.1). */
const nextLink = (request: RouteRequest, next: string): string => {
  const url = new URL(request.url ?? '/', 'http://gateway');
  url.searchParams.set('after', next);
  return `<${url.pathname}${url.search}>; rel="next"`;
};

/** One route: the request from the URL and body, the caller's town checked, the message sent, the reply served. */
const serveRoute = async (
  services: ServiceClient,
  message: AnyMessage,
  request: RouteRequest & AuthenticatedRequest,
  response: RouteResponse,
) => {
  const binding = message.http!;
  const refuse = (access: Extract<Authorization, { ok: false }>) =>
    new ApiError(access.reason === 'unauthenticated' ? 401 : 403, access.reason, access.message);
  // A file is stored before the service sees it: the caller's town (in the path) is checked first.
  if (typeof binding.body === 'object' && 'uploadField' in binding.body) {
    const early = authorize(message.policy, request.caller, request.params);
    if (!early.ok) throw refuse(early);
  }
  const built = await requestOfRoute(request, bindingWithPurpose(message), (chunks, maxBytes) => services.upload(chunks, maxBytes));
  const purpose = takePurpose(message, built);
  const access = authorize(message.policy, request.caller, built);
  if (!access.ok) throw refuse(access);
  // Public routes have no caller: the gateway asks on its own behalf.
  const caller: Caller = request.caller ?? { sub: 'anonymous', roles: ['service'] };
  const reply: unknown = await services.send(message, access.request as Record<string, unknown>, caller);
  await guardPersonalDataRead(services, message, access.request as Record<string, unknown>, reply, { caller, purpose });
  if (binding.document) {
    response.setHeader('Content-Type', binding.document.contentType);
    const filename = binding.document.filename(access.request as never).replace(/[^\w.-]/g, '_');
    response.setHeader('Content-Disposition', `${binding.document.disposition}; filename="${filename}"`);
    // A document too long for one answer comes in parts: the next one is named as for an array page.
    const document = reply as { content: string; next?: string | null };
    if (document.next) response.setHeader('Link', nextLink(request, document.next));
    return document.content;
  }
  if (binding.arrayPage) {
    const page = reply as Page<unknown>;
    if (page.next) response.setHeader('Link', nextLink(request, page.next));
    return page.items;
  }
  return reply;
};

/**
 * The HTTP routes of a catalogue's messages, as one Nest controller built from their bindings:
 * a message with an `http` binding is a route, with the message's own policy, so route and
 * message cannot disagree on who may call them.
 */
export const catalogueRoutes = (name: string, messages: readonly AnyMessage[]): Type => {
  @Controller()
  class CatalogueRoutes {
    constructor(@Inject(ServiceClient) readonly services: ServiceClient) {}
  }
  Object.defineProperty(CatalogueRoutes, 'name', { value: `${name}Routes` });
  for (const message of messages) {
    const binding = message.http;
    if (!binding) continue;
    const key = message.subject;
    const route = function (this: CatalogueRoutes, request: RouteRequest & AuthenticatedRequest, response: RouteResponse) {
      return serveRoute(this.services, message, request, response);
    };
    Object.defineProperty(CatalogueRoutes.prototype, key, { value: route, writable: true, configurable: true, enumerable: false });
    const descriptor = Object.getOwnPropertyDescriptor(CatalogueRoutes.prototype, key)!;
    RequestMapping({ path: binding.path, method: METHODS[binding.method] })(CatalogueRoutes.prototype, key, descriptor);
    HttpCode(binding.status ?? (binding.method === 'POST' ? 201 : 200))(CatalogueRoutes.prototype, key, descriptor);
    RoutePolicy(message.policy)(CatalogueRoutes.prototype, key, descriptor);
    SetMetadata(ROUTE_MESSAGE, message)(CatalogueRoutes.prototype, key, descriptor);
    Req()(CatalogueRoutes.prototype, key, 0);
    Res({ passthrough: true })(CatalogueRoutes.prototype, key, 1);
  }
  return CatalogueRoutes;
};
