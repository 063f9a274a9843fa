import type { IncomingMessage } from 'node:http';
import {
  boundsProblems,
  isInsee,
  validateDto,
  type HttpBinding,
  type ParamType,
  type TextBody,
  type UploadBody,
  type UploadRef,
} from '@digit/contracts';
import { ApiError } from '../http/service-client.js';

/** The parts of an Express request a route reads. */
export interface RouteRequest extends IncomingMessage {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body?: unknown;
}

const invalid = (path: string, message: string) =>
  new ApiError(400, 'invalid_request', `Paramètre ${path} invalide : ${message}.`, [{ path, message }]);

const readParam = (name: string, value: unknown, type: ParamType = 'string'): unknown => {
  if (typeof value !== 'string') throw invalid(name, 'une seule valeur attendue');
  if (type === 'integer') {
    if (!/^-?\d{1,15}$/.test(value)) throw invalid(name, 'nombre entier attendu');
    return Number(value);
  }
  if (type === 'boolean') {
    if (value !== 'true' && value !== 'false') throw invalid(name, 'true ou false attendu');
    return value === 'true';
  }
  return value;
};

/** Stores a request body too large for a NATS message and gives its reference (the uploads object store). */
export type StoreUpload = (chunks: AsyncIterable<Uint8Array>, maxBytes: number) => Promise<UploadRef>;

const mediaTypeOf = (request: IncomingMessage): string => (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

const isUploadBody = (body: HttpBinding['body']): body is UploadBody => typeof body === 'object' && 'uploadField' in body;

/** A file (a town's BAL, several MB): streamed into the uploads store, never held whole by the gateway. */
const upload = async (request: IncomingMessage, binding: UploadBody, store: StoreUpload | undefined) => {
  if (!binding.contentTypes.includes(mediaTypeOf(request)) || !store) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      `Envoyez le fichier avec l’en-tête Content-Type: ${binding.contentTypes.join(' ou ')}.`,
      [{ path: 'Content-Type', message: `attendu : ${binding.contentTypes.join(', ')}` }],
    );
  }
  return { [binding.uploadField]: await store(request, binding.maxBytes) };
};

/** Express decodes the body only for JSON; a document (a DPD's CSV register) is read here, bounded. */
const readText = async (request: IncomingMessage, binding: TextBody) => {
  const contentType = mediaTypeOf(request);
  if (!binding.contentTypes.includes(contentType)) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > binding.maxBytes) {
      throw new ApiError(
        413,
        'payload_too_large',
        `Le fichier dépasse ${Math.round(binding.maxBytes / 1024)} Ko : découpez-le en plusieurs envois.`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  // UTF-8 (with or without BOM), else Windows-1252: what a French spreadsheet saves as CSV.
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  return { [binding.textField]: text };
};

const bodyOf = async (request: RouteRequest, binding: HttpBinding, store: StoreUpload | undefined): Promise<Record<string, unknown>> => {
  if (binding.method === 'GET' || binding.method === 'DELETE') return {};
  if (isUploadBody(binding.body)) return upload(request, binding.body, store);
  if (typeof binding.body === 'object') {
    const text = await readText(request, binding.body);
    if (text) return text;
  }
  const body = request.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'invalid_request', 'Le corps doit être un objet JSON.', [{ path: '', message: 'objet JSON attendu' }]);
  }
  // The bounds the service checks first (issue 18), checked here too: a body nested past them (40,000
  // levels) cannot even be written into a NATS message, so it never leaves the gateway.
  const beyondBounds = boundsProblems(body);
  if (beyondBounds.length > 0)
    throw new ApiError(400, 'invalid_request', 'La requête contient des erreurs ; voir le détail.', beyondBounds);
  return body as Record<string, unknown>;
};

/**
 * The request a route sends: its path parameters, its declared query parameters and its body,
 * merged. An undeclared query parameter, or a field given twice (path and body), is refused: a
 * typo never passes silently. A town in the path must be one of GPSO's (404 otherwise: the
 * resource does not exist). Everything else is validated once, by the service.
 */
export const requestOfRoute = async (
  request: RouteRequest,
  binding: HttpBinding,
  store?: StoreUpload,
): Promise<Record<string, unknown>> => {
  const accepted = binding.query ?? {};
  const unknown = Object.keys(request.query).filter((name) => !(name in accepted));
  if (unknown.length > 0) {
    const names = Object.keys(accepted);
    throw new ApiError(
      400,
      'invalid_request',
      `Paramètre(s) inconnu(s) : ${unknown.join(', ')}. ${names.length > 0 ? `Paramètres acceptés : ${names.join(', ')}.` : 'Cette adresse n’accepte aucun paramètre.'}`,
      unknown.map((name) => ({ path: name, message: 'paramètre inconnu' })),
    );
  }
  const params = Object.fromEntries(
    Object.entries(request.params).map(([name, value]) => [name, readParam(name, value, binding.params?.[name])]),
  );
  if ('insee' in params && !isInsee(params.insee)) {
    throw new ApiError(
      404,
      'unknown_town',
      `Aucune commune de GPSO n'a le code INSEE « ${String(params.insee)} ». Codes connus : 92012, 92022, 92040, 92047, 92048, 92072, 92075, 92077.`,
      [{ path: 'insee', message: 'code INSEE inconnu' }],
    );
  }
  const query = Object.fromEntries(
    Object.entries(request.query)
      .filter(([, value]) => value !== '')
      .map(([name, value]) => [name, readParam(name, value, accepted[name])]),
  );
  const body = await bodyOf(request, binding, store);
  const merged: Record<string, unknown> = { ...body };
  for (const [name, value] of Object.entries({ ...query, ...params })) {
    if (name in body) throw invalid(name, 'donné à la fois dans l’adresse et dans le corps');
    merged[name] = value;
  }
  return merged;
};

/**
 * For the routes the gateway answers itself (alerts overview, ops): the request validated against
 * its DTO, as a service validates its messages; 400 with every problem otherwise.
 */
export const validRequest = async <T extends object>(dto: new () => T, request: unknown): Promise<T> => {
  const result = await validateDto(dto, request);
  if (!result.ok) throw new ApiError(400, 'invalid_request', 'La requête contient des erreurs ; voir le détail.', result.details);
  return result.value;
};
