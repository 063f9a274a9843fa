import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { AnyMessage, Policy } from '@digit/contracts';
import { ROUTE_MESSAGE, ROUTE_POLICY } from '../auth/route-policy.js';

/** One route the gateway serves, with the policy the auth guard applies to it (undefined: refused). */
export interface RouteEntry {
  readonly method: string;
  readonly path: string;
  readonly policy: Policy | undefined;
  /** The catalogue message a generated route serves; undefined for a hand-written route. */
  readonly message?: AnyMessage;
}

const joinPath = (prefix: string | undefined, path: string | undefined): string =>
  `/${[prefix, path]
    .filter((part) => part && part !== '/')
    .map((part) => part!.replace(/^\/|\/$/g, ''))
    .join('/')}`;

/**
 * Every route of every controller the application registered, read from Nest's own metadata:
 * what the deny-by-default test walks, and what the route table documents.
 */
export const routeTable = (app: INestApplication): RouteEntry[] => routesOf(app.get(ModulesContainer));

/** The same, from the modules container a controller can be given (the API document's). */
export const routesOf = (modules: ModulesContainer): RouteEntry[] => {
  const entries: RouteEntry[] = [];
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | undefined;
      if (!controller) continue;
      const prefix = Reflect.getMetadata(PATH_METADATA, controller) as string | undefined;
      const classPolicy = Reflect.getMetadata(ROUTE_POLICY, controller) as Policy | undefined;
      for (const key of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = Object.getOwnPropertyDescriptor(controller.prototype, key)?.value as unknown;
        if (typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (key === 'constructor' || path === undefined || requestMethod === undefined) continue;
        const method = RequestMethod[requestMethod];
        const message = Reflect.getMetadata(ROUTE_MESSAGE, handler) as AnyMessage | undefined;
        entries.push({
          method,
          path: joinPath(prefix, path),
          policy: (Reflect.getMetadata(ROUTE_POLICY, handler) as Policy | undefined) ?? classPolicy,
          ...(message ? { message } : {}),
        });
      }
    }
  }
  return entries;
};
