import type { ErrorDetail } from './decider.js';

/** The error body of every HTTP 4xx and every rejected message (CONTRACT.md "Errors"). */
export interface ApiErrorBody {
  readonly error: string;
  readonly message: string;
  readonly details: readonly ErrorDetail[];
}
