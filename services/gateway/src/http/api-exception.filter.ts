import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ApiErrorBody } from '@digit/contracts';
import { REQUEST_BODY_LIMIT_BYTES } from './body-limit.js';

interface ResponseLike {
  status(code: number): ResponseLike;
  json(body: unknown): void;
}

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  503: 'service_unavailable',
};

const isApiErrorBody = (value: unknown): value is ApiErrorBody =>
  typeof value === 'object' && value !== null && 'error' in value && 'message' in value && 'details' in value;

/** Turns every failure into CONTRACT.md's error body. Never a stack trace. */
export const toApiError = (exception: unknown): { status: number; body: ApiErrorBody } => {
  const parserFailure = (exception as { cause?: { type?: string } })?.cause?.type ?? (exception as { type?: string })?.type;
  if (parserFailure === 'entity.parse.failed') {
    return { status: 400, body: { error: 'invalid_json', message: "Le corps de la requête n'est pas du JSON valide.", details: [] } };
  }
  if (parserFailure === 'entity.too.large') {
    return {
      status: 413,
      body: {
        error: 'payload_too_large',
        message: `Le corps de la requête est trop volumineux (${REQUEST_BODY_LIMIT_BYTES / 1024} Kio au plus).`,
        details: [],
      },
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (isApiErrorBody(response)) return { status, body: response };
    if (status === 404) {
      return {
        status,
        body: {
          error: 'not_found',
          message: 'Aucune ressource à cette adresse. Vérifiez le chemin (il commence par /api/v1/).',
          details: [],
        },
      };
    }
    return { status, body: { error: CODES[status] ?? 'error', message: exception.message, details: [] } };
  }
  return {
    status: 500,
    body: { error: 'internal_error', message: 'Erreur interne ; réessayez plus tard ou contactez DIGIT.', details: [] },
  };
};

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('gateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, body } = toApiError(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    host.switchToHttp().getResponse<ResponseLike>().status(status).json(body);
  }
}
