import type { ReplicatedClass } from '../../shared/enums';
import type { Store } from '../db/store';
import { revertFields } from './queries';

// Fields only the server writes (Cloud Code sets them on create, whatever a workstation sent): an invoice's
// number and year. A workstation never edits them, so the server's value is simply taken — from the answer
// to the create that made the record, or from a pull — and never counted as a conflict with the local blank.

const SERVER_OWNED: Partial<Record<ReplicatedClass, readonly string[]>> = {
  Invoice: ['invoiceNumber', 'invoiceYear'],
};

export const isServerOwned = (entity: ReplicatedClass, field: string) => SERVER_OWNED[entity]?.includes(field) ?? false;

/** Takes the server-owned fields the server's answer to a create carries; true when it had any. */
export function takeServerOwned(
  store: Store,
  entity: ReplicatedClass,
  recordId: string,
  answer: Record<string, unknown>,
): boolean {
  const fields = (SERVER_OWNED[entity] ?? []).filter((field) => answer[field] !== undefined);
  if (fields.length === 0) return false;
  revertFields(store, entity, fields, { ...Object.fromEntries(fields.map((f) => [f, answer[f]])), id: recordId });
  return true;
}
