import type { DomainError, DomainErrorKind, ErrorDetail } from './decider.js';

/** The error body of every HTTP 4xx and every rejected message (CONTRACT.md "Errors"). */
export interface ApiErrorBody {
  readonly error: string;
  readonly message: string;
  readonly details: readonly ErrorDetail[];
}

/** A refusal as it travels: the HTTP status it becomes and CONTRACT.md's body. */
export interface Refusal {
  readonly status: number;
  readonly body: ApiErrorBody;
}

const STATUS_OF_KIND: Readonly<Record<DomainErrorKind, number>> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
};

/** The one mapping from a domain refusal to HTTP (and to NATS error replies). */
export const refusalOf = (error: DomainError): Refusal => ({
  status: STATUS_OF_KIND[error.kind],
  body: { error: error.code, message: error.message, details: error.details },
});

export const refusal = (status: number, error: string, message: string, details: readonly ErrorDetail[] = []): Refusal => ({
  status,
  body: { error, message, details },
});
