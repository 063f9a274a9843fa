import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const fromNpm = createRequire(import.meta.url).resolve;
const OWN = fileURLToPath(new URL('../../assets/', import.meta.url));

/**
 * The only files `/assets/` serves (nothing else of the disk is reachable): the toolkit, the chart
 * library and htmx from their npm packages, GPSO's theme and the pages' islands from
 * services/gateway/assets. Served from here, never from a CDN (no request leaves the site).
 */
const FILES = {
  'tabler.min.css': fromNpm('@tabler/core/dist/css/tabler.min.css'),
  'tabler.min.js': fromNpm('@tabler/core/dist/js/tabler.min.js'),
  'echarts.min.js': fromNpm('echarts/dist/echarts.common.min'),
  'htmx.min.js': fromNpm('htmx.org/dist/htmx.min.js'),
  'htmx-sse.min.js': fromNpm('htmx-ext-sse/dist/sse.min.js'),
  'gpso.css': `${OWN}gpso.css`,
  'dashboard.js': `${OWN}dashboard.js`,
  'gpso-logo.svg': `${OWN}gpso-logo.svg`,
} as const;

export type AssetName = keyof typeof FILES;

export interface Asset {
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly etag: string;
  readonly contentType: string;
}

const TYPES: Readonly<Record<string, string>> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

const loaded = new Map<AssetName, Asset>();

export const isAssetName = (name: string): name is AssetName => Object.hasOwn(FILES, name);

/** The file, read and compressed once per process. */
export const assetOf = (name: AssetName): Asset => {
  let asset = loaded.get(name);
  if (!asset) {
    const body = readFileSync(FILES[name]);
    asset = {
      body,
      gzip: gzipSync(body),
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`,
      contentType: TYPES[name.split('.').pop()!]!,
    };
    loaded.set(name, asset);
  }
  return asset;
};

/** `/assets/<name>?v=<content hash>`: a new version is a new address, so browsers may keep each for a year. */
export const assetUrl = (name: AssetName): string => `/assets/${name}?v=${assetOf(name).etag.slice(1, 9)}`;
