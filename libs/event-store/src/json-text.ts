/**
 * JSON text at any depth. V8's JSON.stringify recurses and throws "Maximum call stack size
 * exceeded" past about 4,000 levels, while PostgreSQL's jsonb stores more than 10,000: an event
 * the store accepted must never become one that its readers cannot write out again (issue 18,
 * "no poison"). The walks here keep their own stack, so depth costs memory, never the call stack.
 */

export interface JsonTextOptions {
  /** As JSON.stringify's third argument: spaces (at most 10) or a string (its first 10 characters). */
  readonly indent?: number | string;
  /** As JSON.stringify's replacer function. */
  readonly replacer?: (this: unknown, key: string, value: unknown) => unknown;
  /**
   * With an indent, the levels that are indented (all by default); deeper ones are written on one
   * line, so that the text of a very deep value stays linear in its depth, not quadratic. (Values
   * shallow enough for the native writer, a few thousand levels, are indented throughout.)
   */
  readonly indentDepth?: number;
}

const gapOf = (indent: JsonTextOptions['indent']): string =>
  typeof indent === 'number'
    ? ' '.repeat(Math.max(0, Math.min(10, Math.trunc(indent))))
    : typeof indent === 'string'
      ? indent.slice(0, 10)
      : '';

/** Left out of objects, `null` in arrays: what JSON.stringify does with them. */
const isOmitted = (value: unknown): boolean => value === undefined || typeof value === 'function' || typeof value === 'symbol';

interface Frame {
  readonly holder: object;
  /** An object's keys, or null for an array. */
  readonly keys: readonly string[] | null;
  readonly length: number;
  index: number;
  written: number;
  /** Its members' indentation, and its closing bracket's: empty when not indented. */
  readonly indent: string;
  readonly closingIndent: string;
  readonly depth: number;
}

/**
 * What JSON.stringify writes, without its recursion: the same text for every value (toJSON,
 * replacer, indentation, boxed primitives, cycles refused with a TypeError). Used when the
 * native writer runs out of stack; tests hold the two to the same output.
 */
export const writeJson = (value: unknown, options: JsonTextOptions = {}): string | undefined => {
  const gap = gapOf(options.indent);
  const { replacer } = options;
  const colon = gap ? ': ' : ':';
  const stack: Frame[] = [];
  const open = new Set<object>();

  const prepare = (holder: object, key: string): unknown => {
    let current = (holder as Record<string, unknown>)[key];
    if ((typeof current === 'object' && current !== null) || typeof current === 'bigint') {
      const toJSON = (current as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') current = toJSON.call(current, key);
    }
    if (replacer) current = replacer.call(holder, key, current);
    if (current instanceof Number) return Number(current);
    if (current instanceof String) return String(current);
    if (current instanceof Boolean) return current.valueOf();
    return current;
  };

  let out = '';
  /** Writes a prepared value: a scalar at once, a container by opening a frame. */
  const write = (prepared: unknown, parent: Frame | undefined): void => {
    if (prepared === null || typeof prepared !== 'object') {
      // Strings, numbers (non-finite as null), booleans; a BigInt throws as JSON.stringify does.
      out += JSON.stringify(prepared);
      return;
    }
    if (open.has(prepared)) throw new TypeError('Converting circular structure to JSON');
    open.add(prepared);
    const keys = Array.isArray(prepared) ? null : Object.keys(prepared);
    out += keys ? '{' : '[';
    const depth = (parent?.depth ?? 0) + 1;
    const indented = gap !== '' && depth <= (options.indentDepth ?? Infinity);
    const closingIndent = parent?.indent ?? '';
    stack.push({
      holder: prepared,
      keys,
      length: keys ? keys.length : (prepared as unknown[]).length,
      index: 0,
      written: 0,
      indent: indented ? closingIndent + gap : '',
      closingIndent: indented ? closingIndent : '',
      depth,
    });
  };

  const top = prepare({ '': value }, '');
  if (isOmitted(top)) return undefined;
  write(top, undefined);
  while (stack.length > 0) {
    const frame = stack.at(-1)!;
    let next: unknown;
    let found = false;
    while (frame.index < frame.length && !found) {
      const key = frame.keys ? frame.keys[frame.index]! : String(frame.index);
      frame.index += 1;
      next = prepare(frame.holder, key);
      if (frame.keys && isOmitted(next)) continue;
      const indented = frame.indent !== '';
      out += `${frame.written > 0 ? ',' : ''}${indented ? `\n${frame.indent}` : ''}${frame.keys ? `${JSON.stringify(key)}${indented ? colon : ':'}` : ''}`;
      frame.written += 1;
      found = true;
    }
    if (found) {
      if (isOmitted(next)) out += 'null';
      else write(next, frame);
      continue;
    }
    stack.pop();
    open.delete(frame.holder);
    const closing = frame.keys ? '}' : ']';
    out += frame.written > 0 && frame.indent !== '' ? `\n${frame.closingIndent}${closing}` : closing;
  }
  return out;
};

const isStackOverflow = (error: unknown): boolean => error instanceof RangeError && /call stack/i.test(error.message);

/**
 * JSON.stringify's text for any value, however deep: the native writer first (fast), the
 * iterative one when the native runs out of stack. A value JSON leaves out entirely
 * (undefined, a function) gives `null`.
 */
export const jsonText = (value: unknown, options: JsonTextOptions = {}): string => {
  try {
    return JSON.stringify(value, options.replacer as (key: string, value: unknown) => unknown, options.indent) ?? 'null';
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    return writeJson(value, options) ?? 'null';
  }
};

/** Events repeat the same few keys: each is quoted once (up to a bound, for data keyed by ids). */
const quotedKeys = new Map<string, string>();
const quotedKey = (key: string): string => {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
};

interface CanonicalFrame {
  readonly container: Readonly<Record<string, unknown>> | readonly unknown[];
  /** Sorted keys of an object, null for an array. */
  readonly keys: readonly string[] | null;
  index: number;
  written: boolean;
}

/**
 * JSON with object keys sorted at every depth (UTF-16 code unit order, sort's own), so that what
 * PostgreSQL's jsonb gives back (keys reordered) hashes the same as what was appended. Undefined
 * fields are left out, as JSON.stringify does. Meant for JSON values (what jsonb gives back).
 */
export const canonicalJson = (value: unknown): string => {
  let out = '';
  const stack: CanonicalFrame[] = [];
  let next: unknown = value;
  for (;;) {
    if (next === null || typeof next !== 'object') out += JSON.stringify(next) ?? 'null';
    else if (Array.isArray(next)) {
      out += '[';
      stack.push({ container: next, keys: null, index: 0, written: false });
    } else {
      out += '{';
      stack.push({ container: next as Record<string, unknown>, keys: Object.keys(next).sort(), index: 0, written: false });
    }
    let advanced = false;
    while (!advanced && stack.length > 0) {
      const frame = stack.at(-1)!;
      if (frame.keys === null) {
        const items = frame.container as readonly unknown[];
        if (frame.index < items.length) {
          if (frame.written) out += ',';
          next = items[frame.index];
          frame.index += 1;
          frame.written = true;
          advanced = true;
          continue;
        }
        out += ']';
      } else {
        const record = frame.container as Readonly<Record<string, unknown>>;
        while (frame.index < frame.keys.length && !advanced) {
          const key = frame.keys[frame.index]!;
          frame.index += 1;
          const field = record[key];
          if (field === undefined) continue;
          out += `${frame.written ? ',' : ''}${quotedKey(key)}:`;
          next = field;
          frame.written = true;
          advanced = true;
        }
        if (advanced) continue;
        out += '}';
      }
      stack.pop();
    }
    if (!advanced) return out;
  }
};
