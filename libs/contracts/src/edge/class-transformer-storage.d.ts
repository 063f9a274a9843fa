// class-transformer keeps its `@Type` metadata in this module and declares it under types/: the
// DTOs' nested classes are read from it (json-schema.ts).
declare module 'class-transformer/cjs/storage.js' {
  export const defaultMetadataStorage: import('class-transformer/types/MetadataStorage.js').MetadataStorage;
}
