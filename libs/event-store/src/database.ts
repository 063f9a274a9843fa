import type { Kysely, Transaction } from 'kysely';

// Read models live in schemas named at run time (a prefix per test run), so their tables have
// no static type: queries over them go through `sql` templates. The event store's own tables are typed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Database = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DatabaseTransaction = Transaction<any>;
