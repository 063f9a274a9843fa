import { createHash } from 'node:crypto';
import type { VoirieOrder } from './voirie-order.js';

/**
 * SHA-256 (hex) of the order's canonical JSON (keys sorted at every level, arrays in order).
 * Recorded with every change it makes, so that DIGIT can show the registry holds the town's order
 * unaltered (R-DX-4) and tell a true resend from a different order reusing an id.
 */
export const voirieOrderDigest = (order: VoirieOrder): string => createHash('sha256').update(canonicalJson(order)).digest('hex');

const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};
