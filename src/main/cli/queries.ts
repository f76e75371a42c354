import type { ClassMapping } from '../db/parse-mapping';
import type { Store } from '../db/store';

// The statements of the command line tools, prepared once per store (Store.statement).

/** Every row of a replicated table, in the local representation, with the given columns. */
export const everyRecord = (store: Store, mapping: ClassMapping, columns: string[]) =>
  store
    .statement(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM ${mapping.table} ORDER BY id`)
    .all() as Record<string, unknown>[];
