import { globSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { FREE_OF_PERSONAL_DATA, FREE_OF_PERSONAL_DATA_BY_NAME, PERSONAL_DATA_FIELDS } from './personal-data-fields.js';

const ROOT = join(import.meta.dirname, '../../..');

/** Every string field (dotted path, `*` for elements) of a type, literal unions aside (they are codes). */
const stringPaths = (checker: ts.TypeChecker, type: ts.Type, path: string, into: Set<string>, depth = 0): void => {
  if (depth > 8) return;
  if (type.isUnion()) {
    for (const member of type.types) stringPaths(checker, member, path, into, depth);
    return;
  }
  const notText =
    ts.TypeFlags.Undefined |
    ts.TypeFlags.Null |
    ts.TypeFlags.StringLiteral |
    ts.TypeFlags.NumberLike |
    ts.TypeFlags.BooleanLike |
    ts.TypeFlags.BigIntLike;
  if (type.flags & notText) return;
  const isText = (candidate: ts.Type) => (candidate.flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral)) !== 0;
  if (isText(type) || (type.isIntersection() && type.types.some(isText))) {
    into.add(path);
    return;
  }
  const below = (segment: string) => (path ? `${path}.${segment}` : segment);
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    for (const element of checker.getTypeArguments(type as ts.TypeReference)) stringPaths(checker, element, below('*'), into, depth + 1);
    return;
  }
  if (type.flags & ts.TypeFlags.Object || type.isIntersection()) {
    for (const info of checker.getIndexInfosOfType(type)) stringPaths(checker, info.type, below('*'), into, depth + 1);
    for (const property of checker.getPropertiesOfType(type))
      stringPaths(checker, checker.getTypeOfSymbol(property), below(property.name), into, depth + 1);
  }
};

/**
 * Every event type the services record and its string fields, read from the code by the
 * TypeScript checker: the events of every decider (`evolve`'s second parameter), and every
 * `{ type, data }` type declared in a service or in libs/contracts that no decider takes as a command.
 */
const eventStringFields = (): Map<string, Set<string>> => {
  const files = globSync(['services/*/src/**/*.ts', 'libs/contracts/src/**/*.ts'], { cwd: ROOT })
    .filter((file) => !file.includes('.spec.') && !file.includes('test-fixtures'))
    .map((file) => join(ROOT, file));
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(join(ROOT, 'tsconfig.base.json'), ts.sys.readFile).config, ts.sys, ROOT);
  const program = ts.createProgram(files, { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const events = new Map<string, Set<string>>();
  const declared = new Map<string, Set<string>>();
  const commands = new Set<string>();
  const literalOf = (type: ts.Type): string | undefined => {
    const property = type.getProperty('type');
    const literal = property && checker.getTypeOfSymbol(property);
    return literal?.isStringLiteral() ? literal.value : undefined;
  };
  const add = (into: Map<string, Set<string>>, type: ts.Type): void => {
    const name = literalOf(type);
    const data = type.getProperty('data');
    if (!name || !data) return;
    const fields = into.get(name) ?? new Set<string>();
    stringPaths(checker, checker.getTypeOfSymbol(data), '', fields);
    into.set(name, fields);
  };
  const parameterOf = (type: ts.Type, method: string, index: number): ts.Type[] => {
    const member = type.getProperty(method);
    const parameter =
      member && checker.getSignaturesOfType(checker.getTypeOfSymbol(member), ts.SignatureKind.Call)[0]?.getParameters()[index];
    if (!parameter) return [];
    const parameterType = checker.getTypeOfSymbol(parameter);
    return parameterType.isUnion() ? parameterType.types : [parameterType];
  };
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node)) {
      const type = checker.getTypeAtLocation(node.name);
      if (type.getProperty('decide') && type.getProperty('evolve') && type.getProperty('initialState')) {
        for (const event of parameterOf(type, 'evolve', 1)) add(events, event);
        for (const command of parameterOf(type, 'decide', 0)) commands.add(literalOf(command) ?? '');
      }
    }
    if (ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node)) {
      const type = checker.getTypeAtLocation(node.name);
      for (const member of type.isUnion() ? type.types : [type]) add(declared, member);
    }
    ts.forEachChild(node, visit);
  };
  for (const file of program.getSourceFiles()) if (files.includes(file.fileName)) visit(file);
  for (const [name, fields] of declared) if (!commands.has(name) && !events.has(name)) events.set(name, fields);
  return events;
};

const lastName = (path: string): string =>
  path
    .split('.')
    .filter((segment) => segment !== '*')
    .at(-1) ?? '';

const isDeclared = (eventType: string, path: string): boolean => {
  const sealed = PERSONAL_DATA_FIELDS[eventType];
  if (sealed && ([...(sealed.paths ?? []), ...(sealed.freeText ?? [])].includes(path) || sealed.subjectIdPath === path)) return true;
  return FREE_OF_PERSONAL_DATA[eventType]?.[path] !== undefined || FREE_OF_PERSONAL_DATA_BY_NAME[lastName(path)] !== undefined;
};

describe('the personal-data catalogue is exhaustive (issue 15, R-GDPR-1)', () => {
  let fields: Map<string, Set<string>>;
  beforeAll(() => {
    fields = eventStringFields();
  }, 120_000);

  it('issue 15: every string field of every event type is sealed (catalogue) or declared free of personal data', () => {
    expect(fields.size).toBeGreaterThan(90);
    const undeclared = [...fields].flatMap(([eventType, paths]) =>
      [...paths].filter((path) => !isDeclared(eventType, path)).map((path) => `${eventType}.${path}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('issue 15: the catalogue names only event types and fields that exist', () => {
    const stale = [
      ...Object.entries(PERSONAL_DATA_FIELDS).flatMap(([eventType, entry]) =>
        [...(entry.paths ?? []), ...(entry.freeText ?? [])]
          .filter((path) => !fields.get(eventType)?.has(path))
          .map((path) => `${eventType}.${path}`),
      ),
      ...Object.entries(FREE_OF_PERSONAL_DATA).flatMap(([eventType, paths]) =>
        Object.keys(paths)
          .filter((path) => !fields.get(eventType)?.has(path))
          .map((path) => `${eventType}.${path}`),
      ),
    ];
    expect(stale).toEqual([]);
  });

  it('issue 15: every declaration gives a one-word reason', () => {
    const reasons = [
      ...Object.values(FREE_OF_PERSONAL_DATA_BY_NAME),
      ...Object.values(FREE_OF_PERSONAL_DATA).flatMap((paths) => Object.values(paths)),
    ];
    expect(reasons.filter((reason) => !/^[a-z]+$/.test(reason))).toEqual([]);
  });
});
