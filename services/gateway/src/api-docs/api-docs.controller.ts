import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { ServerResponse } from 'node:http';
import { voirieAsyncApiDocument } from '@digit/contracts';
import { RoutePolicy } from '../auth/route-policy.js';
import { routesOf } from '../edge/route-table.js';
import { ApiError } from '../http/service-client.js';
import { openApiDocument, type OpenApiOptions } from './openapi.js';

export const API_DOCS_OPTIONS = Symbol('API_DOCS_OPTIONS');

const DOCS = '/api/v1/docs';

/** The page's own script: the content security policy allows scripts from this site only, never inline. */
const INITIALIZER = `window.addEventListener('load', () => {
  window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null, tryItOutEnabled: false });
});
`;

const PAGE = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>API DIGIT GPSO — documentation</title>
<link rel="stylesheet" href="${DOCS}/swagger-ui.css">
<link rel="icon" type="image/png" href="${DOCS}/favicon-32x32.png">
</head>
<body>
<p style="font-family: sans-serif; margin: 1em">Documents : <a href="/api/v1/openapi.json">OpenAPI 3.1</a> (HTTP) · <a href="/api/v1/asyncapi.json">AsyncAPI 3</a> (arrêtés de voirie par NATS)</p>
<div id="swagger-ui"></div>
<script src="${DOCS}/swagger-ui-bundle.js"></script>
<script src="${DOCS}/initializer.js"></script>
</body>
</html>
`;

/** The files the page loads, from the swagger-ui-dist package (served from here: no CDN). */
const SWAGGER_UI = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
// A Map, not an object: a name from the URL such as `__proto__` or `constructor` is no asset (issue 18).
const ASSETS: ReadonlyMap<string, string> = new Map([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'application/javascript; charset=utf-8'],
  ['favicon-32x32.png', 'image/png'],
]);

/**
 * The API's documents, public (CONTRACT.md v1.1): the OpenAPI document of every route this gateway
 * serves, built once from its route table, a browsable page for it (Swagger UI), and the AsyncAPI
 * document of the towns' road orders over NATS.
 */
@RoutePolicy({ public: true })
@Controller()
export class ApiDocsController {
  private document: Record<string, unknown> | undefined;
  private asyncApiDocument: Record<string, unknown> | undefined;
  private readonly assets = new Map<string, Buffer>();

  constructor(
    private readonly modules: ModulesContainer,
    @Inject(API_DOCS_OPTIONS) private readonly options: OpenApiOptions,
  ) {}

  @Get('api/v1/openapi.json')
  @Header('Cache-Control', 'no-cache')
  openApi(): Record<string, unknown> {
    this.document ??= openApiDocument(routesOf(this.modules), this.options);
    return this.document;
  }

  /** The towns' NATS interface (the road orders and their outcomes), for their DSIs. */
  @Get('api/v1/asyncapi.json')
  @Header('Cache-Control', 'no-cache')
  asyncApi(): Record<string, unknown> {
    this.asyncApiDocument ??= voirieAsyncApiDocument();
    return this.asyncApiDocument;
  }

  @Get('api/v1/docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return PAGE;
  }

  @Get('api/v1/docs/:asset')
  async asset(@Param('asset') asset: string, @Res() response: ServerResponse): Promise<void> {
    response.setHeader('Cache-Control', 'public, max-age=86400');
    if (asset === 'initializer.js') {
      response.setHeader('Content-Type', 'application/javascript; charset=utf-8');
      return void response.end(INITIALIZER);
    }
    const contentType = ASSETS.get(asset);
    if (!contentType) throw new ApiError(404, 'not_found', `Aucun fichier « ${asset} » dans la documentation.`);
    let content = this.assets.get(asset);
    if (!content) {
      content = await readFile(join(SWAGGER_UI, asset));
      this.assets.set(asset, content);
    }
    response.setHeader('Content-Type', contentType);
    response.end(content);
  }
}
