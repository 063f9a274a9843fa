/**
 * Old event schema versions are upcast on read; stored events are never rewritten.
 * `upcasters[type][n]` turns version n of `type`'s data into version n + 1.
 */
export type Upcaster = (data: never) => unknown;
export type Upcasters = Readonly<Record<string, Readonly<Record<number, Upcaster>>>>;

/** The version new events of `type` are written at: one past the highest upcaster. */
export const currentSchemaVersion = (upcasters: Upcasters, type: string): number => {
  const versions = Object.keys(upcasters[type] ?? {}).map(Number);
  return versions.length === 0 ? 1 : Math.max(...versions) + 1;
};

export const upcast = (
  upcasters: Upcasters,
  type: string,
  schemaVersion: number,
  data: unknown,
): { schemaVersion: number; data: unknown } => {
  let version = schemaVersion;
  let current = data;
  for (let step = upcasters[type]?.[version]; step; step = upcasters[type]?.[version]) {
    current = (step as (data: unknown) => unknown)(current);
    version += 1;
  }
  return { schemaVersion: version, data: current };
};
