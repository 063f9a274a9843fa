import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { IOptions } from 'class-validator-jsonschema/build/options.js';

/**
 * JSON Schemas of the request DTOs, read from their class-validator metadata
 * (class-validator-jsonschema): the schema a document publishes is the rules the edge validates
 * with, so neither can drift from the other (issue 16).
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

type DtoClass = abstract new (...args: never[]) => object;

/**
 * What a custom validator (`registerDecorator`, `ValidateBy`) states about itself in its
 * `constraints`: the JSON Schema of the values it accepts, and whether an absent value passes.
 * The stock decorators need none: class-validator-jsonschema knows them.
 */
export interface JsonSchemaConstraint {
  readonly jsonSchema: JsonSchema;
  readonly optional?: boolean;
}

export const jsonSchemaConstraint = (jsonSchema: JsonSchema, options: { optional?: boolean } = {}): JsonSchemaConstraint => ({
  jsonSchema,
  ...options,
});

const isJsonSchemaConstraint = (value: unknown): value is JsonSchemaConstraint =>
  typeof value === 'object' && value !== null && 'jsonSchema' in value;

interface MetadataLike {
  readonly type: string;
  readonly propertyName: string;
  readonly constraints?: readonly unknown[];
  readonly target: unknown;
}

const statedBy = (metadata: MetadataLike): JsonSchemaConstraint | undefined => metadata.constraints?.find(isJsonSchemaConstraint);

/** A custom validator that states nothing: its property's declared type says what little is known. */
const designTypeSchema = (metadata: MetadataLike): JsonSchema => {
  const type = Reflect.getMetadata('design:type', (metadata.target as { prototype: object }).prototype, metadata.propertyName) as unknown;
  const known = new Map<unknown, string>([
    [String, 'string'],
    [Number, 'number'],
    [Boolean, 'boolean'],
    [Array, 'array'],
  ]);
  return known.has(type) ? { type: known.get(type) } : {};
};

const validationMetadatas = (dto: DtoClass): MetadataLike[] =>
  getMetadataStorage().getTargetValidationMetadatas(dto as never, '', true, false) as unknown as MetadataLike[];

/** The classes a DTO nests (`@ValidateNested` with class-transformer's `@Type`). */
const nestedClasses = (dto: DtoClass): DtoClass[] =>
  validationMetadatas(dto)
    .filter((metadata) => metadata.type === ValidationTypes.NESTED_VALIDATION)
    .map(
      (metadata) =>
        defaultMetadataStorage.findTypeMetadata(metadata.target as never, metadata.propertyName)?.typeFunction() as DtoClass | undefined,
    )
    .filter((nested): nested is DtoClass => nested !== undefined);

const schemaOf = (dto: DtoClass, refPrefix: string): JsonSchema => {
  const options: Partial<IOptions> = {
    refPointerPrefix: refPrefix,
    classTransformerMetadataStorage: defaultMetadataStorage as never,
    additionalConverters: {
      [ValidationTypes.CUSTOM_VALIDATION]: (meta) => (statedBy(meta as never)?.jsonSchema ?? designTypeSchema(meta as never)) as never,
    },
  };
  const schema = targetConstructorToSchema(dto as never, options) as JsonSchema;
  const optional = new Set(
    validationMetadatas(dto)
      .filter((metadata) => statedBy(metadata)?.optional)
      .map((metadata) => metadata.propertyName),
  );
  const required = ((schema.required as string[] | undefined) ?? []).filter((name) => !optional.has(name));
  const { required: _, ...rest } = schema;
  // validateDto refuses unknown properties (whitelist): so does the schema.
  return { ...rest, type: 'object', ...(required.length > 0 ? { required } : {}), additionalProperties: false };
};

/**
 * The schemas of these DTOs and of every class they nest, by class name, nested classes referred
 * to as `${refPrefix}<name>` (`#/components/schemas/` in OpenAPI). Two classes of one name would
 * share one schema: refused.
 */
export const dtoSchemas = (roots: readonly DtoClass[], refPrefix: string): Record<string, JsonSchema> => {
  const classes = new Map<string, DtoClass>();
  const pending = [...roots];
  while (pending.length > 0) {
    const dto = pending.pop()!;
    const known = classes.get(dto.name);
    if (known === dto) continue;
    if (known) throw new Error(`two request classes are named ${dto.name}: rename one, their schemas would merge`);
    classes.set(dto.name, dto);
    pending.push(...nestedClasses(dto));
  }
  return Object.fromEntries([...classes].map(([name, dto]) => [name, schemaOf(dto, refPrefix)]));
};

/** One self-contained schema: the references of `dtoSchemas` replaced by what they name (DTOs do not recurse). */
export const inlineSchema = (name: string, schemas: Readonly<Record<string, JsonSchema>>, refPrefix: string): JsonSchema => {
  const inline = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(inline);
    if (typeof value !== 'object' || value === null) return value;
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith(refPrefix)) {
      const { $ref: _, ...siblings } = value as Record<string, unknown>;
      return { ...(inline(schemas[ref.slice(refPrefix.length)]) as object), ...(inline(siblings) as object) };
    }
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, inline(child)]));
  };
  return inline(schemas[name]) as JsonSchema;
};
