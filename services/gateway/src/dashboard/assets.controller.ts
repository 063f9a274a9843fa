import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RoutePolicy } from '../auth/route-policy.js';
import { ApiError } from '../http/service-client.js';
import { assetOf, isAssetName } from './dashboard-assets.js';

/** The dashboard's style sheets, scripts and logo: public, as the sign-in page needs them before any session. */
@RoutePolicy({ public: true })
@Controller('assets')
export class AssetsController {
  @Get(':name')
  asset(@Param('name') name: string, @Req() request: IncomingMessage, @Res() response: ServerResponse): void {
    if (!isAssetName(name)) throw new ApiError(404, 'not_found', 'Aucun fichier à cette adresse.');
    const asset = assetOf(name);
    response.setHeader('Content-Type', asset.contentType);
    response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    response.setHeader('ETag', asset.etag);
    response.setHeader('Vary', 'Accept-Encoding');
    if (request.headers['if-none-match'] === asset.etag) {
      response.statusCode = 304;
      return void response.end();
    }
    const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    if (gzip) response.setHeader('Content-Encoding', 'gzip');
    response.end(gzip ? asset.gzip : asset.body);
  }
}
