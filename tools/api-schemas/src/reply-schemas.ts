import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import ts from 'typescript';

/**
 * The JSON Schemas of every catalogue message's reply, generated from the TypeScript reply types
 * (ts-json-schema-generator) into a module the gateway's OpenAPI document reads (issue 16). The
 * reply type of a message is the type argument of its `defineQuery<Reply>()` or
 * `defineCommand<Reply>()`: read from the catalogue's source, so no list is kept by hand.
 * `npm run api-schemas` writes the module; a test regenerates it and fails when it differs.
 */
export const REPLY_SCHEMAS_MODULE = 'services/gateway/src/api-docs/reply-schemas.generated.ts';

const CONTRACTS = 'libs/contracts/src';

/**
 * Reply types of the gateway's hand-written routes (libs/contracts), which no catalogue message
 * names: their schemas join the components (`hand-written-routes.ts` refers to them by name).
 */
export const HAND_WRITTEN_REPLY_TYPES = ['AlertsOverviewView', 'SystemStatusView', 'DeadLettersPageView', 'DeadLetterReplayView'] as const;
const DEFINITIONS = '#/definitions/';
export const COMPONENTS = '#/components/schemas/';

interface CatalogueReply {
  /** `dataExchangeMessages.voirieRoads` */
  readonly key: string;
  readonly typeText: string;
}

const catalogueFiles = (root: string): string[] =>
  readdirSync(join(root, CONTRACTS), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      readdirSync(join(root, CONTRACTS, entry.name))
        .filter((name) => name.endsWith('.messages.ts'))
        .map((name) => join(root, CONTRACTS, entry.name, name)),
    )
    .sort();

const isDefineCall = (node: ts.Node): node is ts.CallExpression =>
  ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ['defineQuery', 'defineCommand'].includes(node.expression.text);

/** The imports of a catalogue, pointed at its folder from `from`, and the reply type of each of its messages. */
const readCatalogue = (file: string, from: string): { imports: string[]; replies: CatalogueReply[] } => {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const imports: string[] = [];
  const replies: CatalogueReply[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.importClause?.namedBindings) {
      const specifier = statement.moduleSpecifier.text;
      const target = specifier.startsWith('.') ? relative(from, join(file, '..', specifier)) : specifier;
      const names = (statement.importClause.namedBindings as ts.NamedImports).elements.map((element) => element.name.text);
      imports.push(
        `import type { ${names.join(', ')} } from '${target.startsWith('.') || !specifier.startsWith('.') ? target : `./${target}`}';`,
      );
    }
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const catalogue = declaration.name.getText(source);
      const visit = (node: ts.Node): void => {
        if (ts.isPropertyAssignment(node) && ts.isCallExpression(node.initializer) && isDefineCall(node.initializer.expression)) {
          const [reply] = node.initializer.expression.typeArguments ?? [];
          if (!reply) throw new Error(`${catalogue}.${node.name.getText(source)}: no reply type`);
          replies.push({ key: `${catalogue}.${node.name.getText(source)}`, typeText: reply.getText(source) });
          return;
        }
        ts.forEachChild(node, visit);
      };
      if (declaration.initializer) visit(declaration.initializer);
    }
  }
  return { imports, replies };
};

/** `Page<DatasetView>` → `Page_DatasetView`: OpenAPI component names are `[A-Za-z0-9._-]+`. */
const componentName = (definition: string): string =>
  decodeURIComponent(definition)
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_+$/, '');

const pointAtComponents = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(pointAtComponents);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) =>
      key === '$ref' && typeof child === 'string' && child.startsWith(DEFINITIONS)
        ? [key, `${COMPONENTS}${componentName(child.slice(DEFINITIONS.length))}`]
        : [key, pointAtComponents(child)],
    ),
  );
};

/** The generated module's text: `REPLY_SCHEMAS.replies[catalogue.message]` and the schemas they refer to. */
export const generateReplySchemasModule = (root: string): string => {
  const folder = join(root, 'tools/api-schemas');
  const catalogues = catalogueFiles(root).map((file) => readCatalogue(file, folder));
  const replies = catalogues.flatMap((catalogue) => catalogue.replies);
  // One interface whose properties are the replies: the generator names every type it reaches.
  const holder = 'CatalogueReplies';
  const program = [
    ...new Set(catalogues.flatMap((catalogue) => catalogue.imports)),
    `import type { ${HAND_WRITTEN_REPLY_TYPES.join(', ')} } from '${relative(folder, join(root, CONTRACTS, 'index.js'))}';`,
    `export interface ${holder} {`,
    ...replies.map((reply) => `  '${reply.key}': ${reply.typeText};`),
    ...HAND_WRITTEN_REPLY_TYPES.map((name) => `  '${name}': ${name};`),
    '}',
  ].join('\n');
  const path = join(folder, `.reply-types.${process.pid}.ts`);
  writeFileSync(path, program);
  let schema;
  try {
    schema = createGenerator({
      path,
      tsconfig: join(root, 'tsconfig.json'),
      type: holder,
      expose: 'export',
      skipTypeCheck: true,
      topRef: false,
      jsDoc: 'basic',
      additionalProperties: false,
    }).createSchema(holder);
  } finally {
    rmSync(path, { force: true });
  }
  // topRef false: the holder is the root, the types it reaches are its definitions.
  // The named types are components already (the generator names every type it reaches): only messages' replies stay.
  const replySchemas = Object.fromEntries(
    Object.entries(schema.properties as Record<string, unknown>).filter(([key]) => key.includes('.')),
  );
  const components = Object.fromEntries(
    Object.entries(schema.definitions ?? {}).map(([name, definition]) => [componentName(name), pointAtComponents(definition)]),
  );
  const generated = { replies: pointAtComponents(replySchemas), components };
  return [
    '// Generated by `npm run api-schemas` from the reply types of libs/contracts/src/*/*.messages.ts: do not edit.',
    '// tools/api-schemas/src/reply-schemas.unit.spec.ts fails when it differs from what the types give.',
    `export const REPLY_SCHEMAS = ${JSON.stringify(generated, null, 2)} as const;`,
    '',
  ].join('\n');
};

export const writeReplySchemasModule = (root: string): void =>
  writeFileSync(join(root, REPLY_SCHEMAS_MODULE), generateReplySchemasModule(root));
