import type { ErrorDetail } from '../decider.js';

/**
 * Limits every request body meets before any DTO sees it (issue 18, R-SEC-5): whatever a caller
 * sends, nothing deeper, longer or larger than this reaches a decider or the event store.
 */
export const REQUEST_BOUNDS = {
  /** Nesting of objects and arrays (a road order is 3 deep; 12 leaves room for every DTO). */
  maxDepth: 12,
  /** Characters of one string (a whole message is 1 MB at most anyway); DTOs set tighter limits per field. */
  maxStringLength: 1_000_000,
  /** Items of one array; lists are paged. */
  maxArrayLength: 10_000,
  /** Keys of one object. */
  maxKeys: 200,
  /** Values in the whole body. */
  maxNodes: 50_000,
} as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const pathOf = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/** Why a string cannot be stored: PostgreSQL refuses NUL in text and JSON, and lone surrogates are not Unicode. */
export const textProblem = (value: string, maxLength: number = REQUEST_BOUNDS.maxStringLength): string | undefined => {
  if (value.includes('\u0000')) return 'caractère NUL (U+0000) interdit';
  if (LONE_SURROGATE.test(value)) return 'texte Unicode invalide (demi-caractère de substitution isolé)';
  if (value.length > maxLength) return `texte trop long : ${maxLength} caractères au plus`;
  return undefined;
};

/**
 * Keys that name JavaScript's object machinery: a nested `constructor` made class-transformer throw
 * before any answer, so the caller waited for a 503 (issue 18, found by the HTTP fuzz suite).
 */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The first problems of a parsed JSON value against REQUEST_BOUNDS, walked without recursion so
 * that no shape can exhaust the stack. Keys are checked like values. Empty when the value is fine.
 */
export const boundsProblems = (value: unknown, bounds = REQUEST_BOUNDS): ErrorDetail[] => {
  const problems: ErrorDetail[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  let nodes = 0;
  while (stack.length > 0 && problems.length < 10) {
    const { value: current, path, depth } = stack.pop()!;
    nodes += 1;
    if (nodes > bounds.maxNodes) {
      problems.push({ path: '', message: `corps trop volumineux : ${bounds.maxNodes} valeurs au plus` });
      break;
    }
    if (typeof current === 'string') {
      const problem = textProblem(current, bounds.maxStringLength);
      if (problem) problems.push({ path: path || '(corps)', message: problem });
    } else if (typeof current === 'number') {
      if (!Number.isFinite(current) || Math.abs(current) > Number.MAX_SAFE_INTEGER) {
        problems.push({
          path: path || '(corps)',
          message: `nombre hors limites : entre -${Number.MAX_SAFE_INTEGER} et ${Number.MAX_SAFE_INTEGER}`,
        });
      }
    } else if (typeof current === 'object' && current !== null) {
      if (depth >= bounds.maxDepth) {
        problems.push({ path: path || '(corps)', message: `imbrication trop profonde : ${bounds.maxDepth} niveaux au plus` });
        continue;
      }
      if (Array.isArray(current)) {
        if (current.length > bounds.maxArrayLength) {
          problems.push({ path: path || '(corps)', message: `liste trop longue : ${bounds.maxArrayLength} éléments au plus` });
          continue;
        }
        for (let index = current.length - 1; index >= 0; index--)
          stack.push({ value: current[index], path: pathOf(path, index), depth: depth + 1 });
      } else {
        const entries = Object.entries(current as Record<string, unknown>);
        if (entries.length > bounds.maxKeys) {
          problems.push({ path: path || '(corps)', message: `trop de champs : ${bounds.maxKeys} au plus` });
          continue;
        }
        for (let index = entries.length - 1; index >= 0; index--) {
          const [key, child] = entries[index]!;
          const keyProblem = RESERVED_KEYS.has(key) ? 'nom réservé de JavaScript' : textProblem(key, 200);
          if (keyProblem) problems.push({ path: pathOf(path, key.slice(0, 40)), message: `nom de champ invalide : ${keyProblem}` });
          else stack.push({ value: child, path: pathOf(path, key), depth: depth + 1 });
        }
      }
    }
  }
  return problems;
};
