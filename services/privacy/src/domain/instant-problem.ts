import { isInstant } from '@digit/calendar';
import type { ErrorDetail } from '@digit/contracts';

/** Every change is dated with an instant and its offset (the edge reads the clock, never the domain). */
export const instantProblem = (value: unknown, path: string): ErrorDetail[] =>
  isInstant(value)
    ? []
    : [{ path, message: 'date et heure invalides : attendu ISO 8601 avec décalage, par ex. 2024-03-02T10:15:00+01:00' }];
