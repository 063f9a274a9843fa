import fc from 'fast-check';
import { INSEE_CODES } from '@digit/contracts';
import { jsonText } from '@digit/event-store';
import type { TestTokenClaims } from '@digit/testing';

/**
 * Requests for the HTTP fuzz suite (issue 18), generated with fast-check from the gateway's own
 * OpenAPI document: for each operation a body built from its JSON Schema then damaged (a field
 * replaced by a hostile value, removed, an unknown one added, wrapped deep), or a hostile body
 * outright; path and query parameters valid or hostile; a token of a role the route allows, of
 * another town, or of a role it refuses.
 */

type Schema = Record<string, unknown>;

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  readonly components: { readonly schemas: Record<string, Schema> };
}

interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly schema: Schema;
}

interface OpenApiOperation {
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: { readonly content: Record<string, { readonly schema: Schema }> };
  readonly 'x-digit-policy'?: {
    readonly public?: boolean;
    readonly roles?: readonly string[];
    readonly town?: { readonly roles: readonly string[] };
  };
}

/** One route and method of the document. */
export interface FuzzOperation {
  /** `POST /api/v1/conventions/{insee}/drafts`, as the document names it. */
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly operation: OpenApiOperation;
}

export const operationsOf = (document: OpenApiDocument): FuzzOperation[] =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      name: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      operation,
    })),
  );

/** A body as sent: its media type (none: no header) and its bytes. */
export interface FuzzBody {
  readonly contentType?: string;
  readonly data: string | Uint8Array;
}

/** A path segment taken from the ids the system handed out earlier in the run (see `resolvePath`). */
export interface KnownId {
  readonly known: number;
}

export interface FuzzRequest {
  readonly operation: string;
  readonly method: string;
  /** Path segments: text to percent-encode, raw text sent as is, or a known id. */
  readonly path: readonly (string | { readonly raw: string } | KnownId)[];
  readonly query: string;
  readonly caller: TestTokenClaims | 'anonymous';
  readonly body?: FuzzBody;
  /** What was done to the request, to explain a failure. */
  readonly mutations: readonly string[];
}

const TOWNS = INSEE_CODES as readonly string[];
const NOT_GPSO = ['75056', '2A004', '00000', '99999', '9201', '920120', ' 92012', '92012\n', 'ABCDE', '92O12'];
const TERRITORY_ROLES = ['ops', 'finance', 'auditor'];
const TOWN_ROLES = ['town-dsi', 'town-dpo', 'town-referent'];

/** A JSON literal no `JSON.stringify` writes (1e999 parses to Infinity): spliced into the text after. */
const RAW = '\u0001raw:';
const rawLiteral = (literal: string) => `${RAW}${literal}\u0001`;
const spliceRawLiterals = (text: string) => text.replace(/"\\u0001raw:(.*?)\\u0001"/g, '$1');

const HOSTILE_TEXTS = [
  '',
  ' ',
  '\u0000',
  'avant\u0000après',
  '\ud800',
  'fin\udfff',
  '\udc00\ud800',
  '\ufeff\u202e\u2028',
  'e\u0301'.repeat(200),
  '😀'.repeat(300),
  '=HYPERLINK("http://example.org","x")',
  "'); drop table events; --",
  '../../../etc/passwd',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  'pd:erased',
  'null',
  'NaN',
  'Infinity',
  '-1',
  '1e999',
  '2024-02-30',
  '2024-13-01',
  '0000-00-00',
  '9999-12-31',
  '-000001-01-01',
  '+275760-09-13',
  '2024-01-01T25:61:00Z',
  '2024-03-31T02:30:00+01:00',
  '1970-01-01T00:00:00.000Z',
  ...TOWNS,
  ...NOT_GPSO,
];

const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXTS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 120_000 }).map((length) => 'x'.repeat(length)) },
);

const hostileNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    0,
    -0,
    -1,
    0.5,
    -0.5,
    1e308,
    -1e308,
    5e-324,
    2 ** 31,
    -(2 ** 31) - 1,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 1,
    -Number.MAX_SAFE_INTEGER,
  ),
  fc.constantFrom(
    rawLiteral('1e999'),
    rawLiteral('-1e999'),
    rawLiteral('1E400'),
    rawLiteral('0.0000000000000000000000000000001e-400'),
    rawLiteral('123456789012345678901234567890'),
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const deep = (depth: number, leaf: unknown, arrays: boolean): unknown => {
  let value = leaf;
  for (let level = 0; level < depth; level++) value = arrays ? [value] : { a: value };
  return value;
};

/** A copy of a constant, so that damaging one body never changes the next (JSON.parse keeps `__proto__` as a key). */
const fresh = (value: unknown): unknown => (typeof value === 'object' && value !== null ? JSON.parse(JSON.stringify(value)) : value);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileText },
  { weight: 3, arbitrary: hostileNumber },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom<unknown>(null, true, false, [], {}, [null], { '': '' }, JSON.parse('{"__proto__":{"polluted":true}}'))
      .map(fresh),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 2, max: 12_000 }), fc.boolean()).map(([depth, arrays]) => deep(depth, 'fond', arrays)),
  },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 30_000 }).map((length) => Array.from({ length }, (_, index) => index)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
);

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const plausibleDate = fc.date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2032-12-31T00:00:00Z'), noInvalidDate: true });

const resolveRef = (document: OpenApiDocument, schema: Schema): Schema => {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const { $ref: _, ...rest } = schema;
  return { ...resolveRef(document, document.components.schemas[ref.replace('#/components/schemas/', '')] ?? {}), ...rest };
};

const poolsByPattern = new Map<string, string[]>();

/**
 * Texts matching a pattern, drawn once per pattern (fast-check's `stringMatching` costs up to
 * 50 ms a value on the longer patterns); none for a pattern it cannot draw from (lookahead).
 */
const matchingTexts = (pattern: string, minLength: number, maxLength: number): string[] => {
  const key = `${pattern} ${minLength} ${maxLength}`;
  if (!poolsByPattern.has(key)) {
    let pool: string[] = [];
    try {
      pool = fc
        .sample(fc.stringMatching(new RegExp(pattern), { size: 'small' }), { seed: 18, numRuns: 40 })
        .filter((text) => text.length >= minLength && text.length <= maxLength);
    } catch {
      // Left empty: the schema's other keywords decide.
    }
    poolsByPattern.set(key, pool);
  }
  return poolsByPattern.get(key)!;
};

/** A value the schema describes (mostly valid: patterns, enums, bounds, formats), named fields aside. */
const schemaValue = (document: OpenApiDocument, given: Schema, town: string, name: string, depth = 0): fc.Arbitrary<unknown> => {
  const schema = resolveRef(document, given);
  if (name === 'insee') return fc.constantFrom(town, town, town, ...TOWNS);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0)
      return fc.oneof(...(options as Schema[]).map((option) => schemaValue(document, option, town, name, depth + 1)));
  }
  const type = Array.isArray(schema.type)
    ? (schema.type as string[]).find((candidate) => candidate !== 'null')
    : (schema.type as string | undefined);
  const minimum = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const maximum = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  switch (type) {
    case 'integer':
      return fc.integer({ min: Math.max(minimum ?? 0, -1_000_000), max: Math.min(maximum ?? 1_000_000, 1_000_000_000) });
    case 'number':
      return fc.double({ min: minimum ?? -1000, max: maximum ?? 1_000_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      if (depth > 6) return fc.constant([]);
      const items = (schema.items as Schema | undefined) ?? { type: 'string' };
      const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return fc.array(schemaValue(document, items, town, name, depth + 1), { minLength: minItems, maxLength: Math.max(minItems, 3) });
    }
    case 'object': {
      const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
      if (depth > 6 || Object.keys(properties).length === 0) return fc.constant({});
      const required = (schema.required as string[] | undefined) ?? [];
      return fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([key, property]) => [key, schemaValue(document, property, town, key, depth + 1)]),
        ),
        { requiredKeys: required.filter((key) => key in properties) },
      );
    }
    default:
      break;
  }
  if (schema.format === 'date') return plausibleDate.map(isoDate);
  if (schema.format === 'date-time') return plausibleDate.map((date) => date.toISOString());
  if (/email/i.test(name)) return fc.constantFrom('camille.martin@example.org', 'dpo@ville.example.fr');
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 1;
  if (typeof schema.pattern === 'string') {
    const pool = matchingTexts(schema.pattern, minLength, maxLength);
    if (pool.length > 0) return fc.constantFrom(...pool);
  }
  return fc.string({ minLength, maxLength: Math.min(maxLength, 40) });
};

/** Every path to a value inside `value`, shallow first. */
const pathsOf = (value: unknown, prefix: readonly string[] = [], out: string[][] = []): string[][] => {
  if (typeof value !== 'object' || value === null || prefix.length > 6) return out;
  for (const key of Object.keys(value)) {
    out.push([...prefix, key]);
    pathsOf((value as Record<string, unknown>)[key], [...prefix, key], out);
  }
  return out;
};

type Damage = readonly ['replace' | 'remove' | 'unknown' | 'deepen', number, unknown, string];

const damage = (body: unknown, [kind, pick, value, key]: Damage): string => {
  const paths = pathsOf(body);
  if (kind === 'unknown' || paths.length === 0) {
    const containers = [[], ...paths.filter((path) => typeof read(body, path) === 'object' && read(body, path) !== null)];
    const at = containers[pick % containers.length]!;
    const container = read(body, at) as Record<string, unknown>;
    if (typeof container !== 'object' || container === null) return 'nothing to damage';
    // An own property even for `__proto__`: what JSON.parse makes of such a key on the wire.
    Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
    return `unknown ${[...at, key].join('.')}`;
  }
  const path = paths[pick % paths.length]!;
  const parent = read(body, path.slice(0, -1)) as Record<string, unknown>;
  const last = path.at(-1)!;
  if (kind === 'remove') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else
    parent[last] =
      kind === 'deepen' ? deep(typeof value === 'number' ? Math.abs(value % 12_000) + 2 : 3_000, parent[last], pick % 2 === 0) : value;
  return `${kind} ${path.join('.')}`;
};

const read = (value: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], value);

const UNKNOWN_KEYS = [
  'extra',
  'actor',
  'id',
  'position',
  'metadata',
  '__proto__',
  'constructor',
  'prototype',
  '',
  'a.b',
  '$where',
  'insee',
];

const damages: fc.Arbitrary<Damage[]> = fc.array(
  fc.tuple(
    fc.constantFrom('replace', 'replace', 'replace', 'remove', 'unknown', 'deepen') as fc.Arbitrary<Damage[0]>,
    fc.nat(),
    hostileValue,
    fc.constantFrom(...UNKNOWN_KEYS),
  ),
  { minLength: 1, maxLength: 3 },
);

// jsonText, not JSON.stringify: V8's writer overflows its stack past about 4,000 levels.
const jsonBody = (value: unknown, contentType = 'application/json'): FuzzBody => ({
  contentType,
  data: spliceRawLiterals(jsonText(value) ?? 'null'),
});

/** Bodies that are not what any route takes: not JSON, too deep, too large, wrong type, bad bytes. */
const hostileBody: fc.Arbitrary<{ body: FuzzBody; mutation: string }> = fc.oneof(
  fc.constantFrom<{ body: FuzzBody; mutation: string }>(
    { body: { contentType: 'application/json', data: '{' }, mutation: 'truncated JSON' },
    { body: { contentType: 'application/json', data: '' }, mutation: 'empty JSON body' },
    { body: { contentType: 'application/json', data: '{"a":1,"a":2}' }, mutation: 'duplicate keys' },
    {
      body: { contentType: 'application/json', data: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}' },
      mutation: 'prototype keys',
    },
    { body: { contentType: 'application/json', data: 'null' }, mutation: 'JSON null' },
    { body: { contentType: 'application/json', data: '[]' }, mutation: 'JSON array' },
    { body: { contentType: 'application/json', data: '"texte"' }, mutation: 'JSON string' },
    { body: { contentType: 'application/json', data: '1e999' }, mutation: 'JSON 1e999' },
    { body: { contentType: 'application/json', data: `${'['.repeat(40_000)}${']'.repeat(40_000)}` }, mutation: '40,000-deep array' },
    { body: { contentType: 'application/json', data: `${'{"a":'.repeat(15_000)}1${'}'.repeat(15_000)}` }, mutation: '15,000-deep object' },
    { body: { contentType: 'application/json', data: JSON.stringify({ x: 'y'.repeat(200_000) }) }, mutation: '200 KB body' },
    {
      body: {
        contentType: 'application/json',
        data: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0x22, 0x7d]),
      },
      mutation: 'invalid UTF-8',
    },
    { body: { contentType: 'application/json; charset=utf-16', data: '{"a":1}' }, mutation: 'utf-16 charset' },
    { body: { contentType: 'text/plain', data: '{"a":1}' }, mutation: 'JSON as text/plain' },
    { body: { contentType: 'application/x-www-form-urlencoded', data: 'a[b][c]=1&__proto__[x]=1' }, mutation: 'form body' },
    {
      body: {
        contentType: 'multipart/form-data; boundary=x',
        data: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\na;b\r\n--x--\r\n',
      },
      mutation: 'multipart body',
    },
    { body: { contentType: 'text/csv', data: 'cle_interop;voie_nom\n\u0000;\ud800\n' }, mutation: 'CSV with NUL' },
    { body: { data: '{"a":1}' }, mutation: 'no content type' },
  ),
  fc.jsonValue({ maxDepth: 3 }).map((value) => ({ body: jsonBody(value), mutation: 'random JSON' })),
);

/** A CSV document for the upload routes: a plausible header then lines, some of them hostile. */
const csvBody = (contentType: string): fc.Arbitrary<{ body: FuzzBody; mutation: string }> =>
  fc
    .tuple(
      fc.constantFrom(
        'uid_adresse;cle_interop;commune_insee;commune_nom;commune_deleguee_insee;commune_deleguee_nom;voie_nom;lieudit_complement_nom;numero;suffixe;position;x;y;long;lat;cad_parcelles;source;date_der_maj;certification_commune',
        'reference;name;purposes;legalBases',
        'a;b;c',
        '',
      ),
      fc.array(
        fc.array(
          fc.oneof(
            hostileText.filter((text) => text.length < 2000),
            fc.constantFrom('92012_0001_00001', '92012', 'Rue des Lilas', '1', 'bis', '2.23', '48.83', '2024-01-01', '1'),
          ),
          { maxLength: 19 },
        ),
        { maxLength: 8 },
      ),
    )
    .map(([header, lines]) => ({
      body: { contentType, data: [header, ...lines.map((cells) => cells.join(';'))].join('\n') },
      mutation: 'CSV document',
    }));

/**
 * Percent-encodes a path segment or query value. A lone surrogate has no UTF-8: it is sent as the
 * three bytes a careless encoder would write, which are not UTF-8 either.
 */
export const percentEncode = (text: string): string => {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...text]
      .map((character) => {
        const unit = character.charCodeAt(0);
        if (character.length === 1 && unit >= 0xd800 && unit <= 0xdfff)
          return `%${(0xe0 | (unit >> 12)).toString(16)}%${(0x80 | ((unit >> 6) & 0x3f)).toString(16)}%${(0x80 | (unit & 0x3f)).toString(16)}`;
        return encodeURIComponent(character);
      })
      .join('');
  }
};

const RAW_SEGMENTS = ['%', '%ZZ', '%c0%af', '%00', '%2F', '..%2F..%2F', '%ED%A0%80', '%FF', '.', '..', '%2e%2e', ';', '*', '~'];
const RAW_QUERIES = [
  'limit=1&limit=2',
  'insee[]=92012',
  'insee[a]=b',
  '__proto__[polluted]=1',
  'constructor[prototype][x]=1',
  'limit=-1',
  'limit=0',
  'limit=1e309',
  'limit=NaN',
  'limit=99999999999999999999',
  'after=%00',
  'after=not-a-cursor',
  'asOf=2024-02-30',
  'knownAt=2024-03-31T02:30',
  '&&&',
  '=',
  'a=%ZZ',
  `x=${'y'.repeat(6000)}`,
];

const pathParameter = (
  document: OpenApiDocument,
  parameter: OpenApiParameter,
  town: string,
): fc.Arbitrary<string | { raw: string } | KnownId> =>
  fc.oneof(
    { weight: 6, arbitrary: schemaValue(document, parameter.schema, town, parameter.name).map(String) },
    { weight: 3, arbitrary: fc.nat().map((known) => ({ known })) },
    { weight: 2, arbitrary: hostileText.map((text) => text.slice(0, 3000)) },
    { weight: 1, arbitrary: fc.constantFrom(...NOT_GPSO, ...TOWNS) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS).map((raw) => ({ raw })) },
  );

const queryOf = (
  document: OpenApiDocument,
  parameters: readonly OpenApiParameter[],
  town: string,
): fc.Arbitrary<{ text: string; mutations: string[] }> =>
  fc
    .tuple(
      fc.tuple(
        ...parameters.map((parameter) =>
          fc.oneof(
            { weight: 3, arbitrary: fc.constant(undefined) },
            {
              weight: 3,
              arbitrary: schemaValue(document, parameter.schema, town, parameter.name).map((value) => ({
                value: String(value),
                hostile: false,
              })),
            },
            { weight: 2, arbitrary: hostileText.map((text) => ({ value: text.slice(0, 4000), hostile: true })) },
          ),
        ),
      ),
      fc.option(fc.constantFrom(...RAW_QUERIES), { freq: 4 }),
    )
    .map(([values, raw]) => {
      const pairs = parameters.flatMap((parameter, index) =>
        values[index] ? [`${parameter.name}=${percentEncode(values[index].value)}`] : [],
      );
      const mutations = parameters.flatMap((parameter, index) => (values[index]?.hostile ? [`hostile ?${parameter.name}`] : []));
      if (raw) {
        pairs.push(raw);
        mutations.push(`raw query ${raw.slice(0, 40)}`);
      }
      return { text: pairs.length > 0 ? `?${pairs.join('&')}` : '', mutations };
    });

const callerOf = (operation: FuzzOperation, town: string): fc.Arbitrary<{ caller: TestTokenClaims | 'anonymous'; mutation?: string }> => {
  const policy = operation.operation['x-digit-policy'];
  const anyRole = fc.tuple(fc.constantFrom(...TERRITORY_ROLES, ...TOWN_ROLES), fc.constantFrom(...TOWNS)).map(([role, insee]) => ({
    caller: { roles: [role], ...(TOWN_ROLES.includes(role) ? { insee } : {}) },
    mutation: `any role (${role})`,
  }));
  if (!policy || policy.public)
    return fc.oneof({ weight: 3, arbitrary: fc.constant({ caller: 'anonymous' as const }) }, { weight: 1, arbitrary: anyRole });
  const territory = (policy.roles ?? []).filter((role) => role !== 'service');
  const townRoles = policy.town?.roles ?? [];
  const allowed = [
    ...territory.map((role) => fc.constant({ caller: { roles: [role] } })),
    ...townRoles.map((role) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constant({ caller: { roles: [role], insee: town } }) },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(...TOWNS.filter((other) => other !== town))
            .map((other) => ({ caller: { roles: [role], insee: other }, mutation: `another town's ${role} (${other})` })),
        },
      ),
    ),
  ];
  return fc.oneof(
    { weight: 8, arbitrary: fc.oneof(...(allowed.length > 0 ? allowed : [anyRole])) },
    { weight: 1, arbitrary: anyRole },
    { weight: 1, arbitrary: fc.constant({ caller: 'anonymous' as const, mutation: 'no token' }) },
  );
};

const bodyOf = (
  document: OpenApiDocument,
  operation: FuzzOperation,
  town: string,
): fc.Arbitrary<{ body?: FuzzBody; mutations: string[] }> => {
  const content = operation.operation.requestBody?.content ?? {};
  const json = content['application/json'];
  const uploads = Object.keys(content).filter((type) => type !== 'application/json');
  const options: { weight: number; arbitrary: fc.Arbitrary<{ body?: FuzzBody; mutations: string[] }> }[] = [
    { weight: 1, arbitrary: hostileBody.map(({ body, mutation }) => ({ body, mutations: [mutation] })) },
  ];
  if (json) {
    options.push({
      weight: 6,
      // Two bodies in five as the schema says, to reach the deciders behind the validators.
      arbitrary: fc
        .tuple(
          schemaValue(document, json.schema, town, ''),
          fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 3, arbitrary: damages }),
        )
        .map(([value, done]) => {
          const body = structuredClone(value);
          const mutations = done.map((one) => damage(body, one));
          return { body: jsonBody(body), mutations };
        }),
    });
  }
  for (const type of uploads)
    options.push({ weight: 3, arbitrary: csvBody(type).map(({ body, mutation }) => ({ body, mutations: [mutation] })) });
  if (!json && uploads.length === 0) options.push({ weight: 6, arbitrary: fc.constant({ mutations: [] }) });
  return fc.oneof(...options);
};

/** The arbitrary of one operation's requests. */
export const requestsOf = (document: OpenApiDocument, operation: FuzzOperation): fc.Arbitrary<FuzzRequest> => {
  const parameters = operation.operation.parameters ?? [];
  const inPath = parameters.filter((parameter) => parameter.in === 'path');
  const inQuery = parameters.filter((parameter) => parameter.in === 'query');
  return fc.constantFrom(...TOWNS).chain((town) =>
    fc
      .record({
        params: fc.tuple(...inPath.map((parameter) => pathParameter(document, parameter, town))),
        query: queryOf(document, inQuery, town),
        caller: callerOf(operation, town),
        // fetch sends no body with GET; the gateway's GET routes read none.
        body:
          operation.method === 'GET'
            ? fc.constant<{ body?: FuzzBody; mutations: string[] }>({ mutations: [] })
            : bodyOf(document, operation, town),
      })
      .map(({ params, query, caller, body }): FuzzRequest => {
        const byName = new Map(inPath.map((parameter, index) => [parameter.name, params[index]!]));
        const path = operation.path
          .split('/')
          .slice(1)
          .map((segment) => {
            const name = /^\{(.+)\}$/.exec(segment)?.[1];
            return name ? byName.get(name)! : { raw: segment };
          });
        return {
          operation: operation.name,
          method: operation.method,
          path,
          query: query.text,
          caller: caller.caller,
          ...(body.body ? { body: body.body } : {}),
          mutations: [...(caller.mutation ? [caller.mutation] : []), ...query.mutations, ...body.mutations],
        };
      }),
  );
};

/** The request's path with its known ids filled in from `knownIds` (the ids the system answered so far). */
export const resolvePath = (request: FuzzRequest, knownIds: readonly string[]): string =>
  request.path
    .map((segment) => {
      if (typeof segment === 'string') return `/${percentEncode(segment)}`;
      if ('raw' in segment) return `/${segment.raw}`;
      return `/${percentEncode(knownIds.length > 0 ? knownIds[segment.known % knownIds.length]! : 'inconnu')}`;
    })
    .join('');

/** A short account of a request, for a failure's message. */
export const describeRequest = (request: FuzzRequest, path: string): string => {
  const body = request.body ? (typeof request.body.data === 'string' ? request.body.data : `<${request.body.data.length} bytes>`) : '';
  return `${request.method} ${path.slice(0, 200)}${request.query.slice(0, 200)} as ${JSON.stringify(request.caller)} [${request.mutations.join('; ')}] ${body.slice(0, 300)}`;
};
