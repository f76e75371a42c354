import { CLASS_MAPPINGS } from '../db/parse-mapping';
import type { Store } from '../db/store';
import { everyRecord } from './queries';

/** Every replicated record, in the local representation, with its local id and server id. */
export function exportData(store: Store): Record<string, Record<string, unknown>[]> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const mapping of Object.values(CLASS_MAPPINGS)) {
    const columns = ['id', 'objectId', 'createdAt', 'updatedAt', ...Object.keys(mapping.fields)];
    out[mapping.className] = everyRecord(store, mapping, columns);
  }
  return out;
}
