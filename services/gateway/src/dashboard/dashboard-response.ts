import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { toApiError } from '../http/api-exception.filter.js';
import { ApiError } from '../http/service-client.js';
import type { PageFrame, PageQuery } from './dashboard-page.js';
import { tableCsv, type DashboardTable } from './dashboard-table.js';
import { renderView } from './dashboard-views.js';

interface PageRequest {
  readonly originalUrl?: string;
  readonly url?: string;
  readonly caller?: unknown;
}

const send = (response: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void => {
  response.statusCode = status;
  response.setHeader('Content-Type', contentType);
  response.setHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.end(body);
};

/**
 * A page, or one of its tables as CSV when `?csv=<table id>` asks for it: the export is the same
 * data, for the same person, as the page shows.
 */
export const sendPage = <Model extends { readonly frame: PageFrame; readonly tables: Readonly<Record<string, DashboardTable>> }>(
  response: ServerResponse,
  view: string,
  model: Model,
  query: PageQuery,
): void => {
  if (query.csv !== undefined) {
    // Own tables only: `?csv=constructor` names the object's prototype, not a table (issue 18).
    const table = typeof query.csv === 'string' && Object.hasOwn(model.tables, query.csv) ? model.tables[query.csv] : undefined;
    if (!table) throw new ApiError(404, 'not_found', `Cette page n’a pas de tableau « ${String(query.csv)} » à exporter.`);
    const name = `${model.frame.page}-${table.id}-${model.frame.asOf}.csv`.replace(/[^\w.-]/g, '_');
    return send(response, 200, 'text/csv; charset=utf-8', tableCsv(table), { 'Content-Disposition': `attachment; filename="${name}"` });
  }
  send(response, 200, 'text/html; charset=utf-8', renderView(view, model));
};

/** Where a table's export link points: the page's own address with `csv=<id>`. */
export const csvHref = (frame: PageFrame, table: string): string =>
  `${frame.path}?${queryString({ ...frame.filters, asOf: frame.asOf, csv: table })}`;

/** A query string of the values given (the undefined ones left out). */
export const queryString = (values: Readonly<Record<string, string | undefined>>): string =>
  new URLSearchParams(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();

/**
 * The pages' failures as pages: no session → the sign-in, which comes back here afterwards; a
 * refusal or an error → a French page saying so, with its status (never a stack trace).
 */
@Catch()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('dashboard');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<PageRequest>();
    const response = http.getResponse<ServerResponse>();
    const { status, body } = toApiError(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (response.headersSent) return void response.end();
    if (status === 401) {
      response.statusCode = 303;
      response.setHeader('Location', `/auth/login?returnTo=${encodeURIComponent(request.originalUrl ?? request.url ?? '/')}`);
      return void response.end();
    }
    const title = status === 403 ? 'Accès refusé' : status === 404 ? 'Page introuvable' : status === 400 ? 'Demande incorrecte' : 'Erreur';
    send(
      response,
      status,
      'text/html; charset=utf-8',
      renderView('pages/error', { title, status, message: body.message, signedIn: request.caller !== undefined }),
    );
  }
}
