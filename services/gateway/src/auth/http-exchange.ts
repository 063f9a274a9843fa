import type { IncomingMessage, ServerResponse } from 'node:http';

/** The parts of Express's request the sign-in routes read. */
export interface GatewayRequest extends IncomingMessage {
  readonly ip?: string;
  readonly originalUrl?: string;
  readonly body?: unknown;
  readonly query?: Record<string, unknown>;
}

/** A page, never cached (sign-in pages carry one-time values). */
export const sendHtml = (response: ServerResponse, status: number, html: string, headers: Record<string, string | string[]> = {}): void => {
  response.statusCode = status;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.setHeader('Content-Type', 'text/html; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.end(html);
};

export const redirect = (response: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void => {
  response.statusCode = 303;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.setHeader('Location', location);
  response.setHeader('Cache-Control', 'no-store');
  response.end();
};

/** A form field of a urlencoded body, as one string (absent, repeated or not a string: empty). */
export const formField = (request: GatewayRequest, name: string): string => {
  const value = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
};

export const cookieOf = (request: IncomingMessage, name: string): string | undefined => {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return decodeURIComponent(part.slice(separator + 1).trim());
  }
  return undefined;
};

export interface CookieOptions {
  readonly secure: boolean;
  readonly path?: string;
  /** Seconds; 0 deletes the cookie. Without it the cookie lasts as long as the browser. */
  readonly maxAge?: number;
}

/** `HttpOnly` always, `SameSite=Lax` (a link from elsewhere keeps the session; a cross-site POST does not carry it). */
export const setCookie = (name: string, value: string, options: CookieOptions): string =>
  [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path ?? '/'}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
    ...(options.maxAge === undefined ? [] : [`Max-Age=${options.maxAge}`]),
  ].join('; ');
