import type { ReplicatedClass, Role } from '../../shared/enums';
import { hiddenFields } from '../../shared/privacy';
import { CLASS_MAPPINGS } from '../db/parse-mapping';
import type { Store } from '../db/store';
import { DomainError } from '../trpc/errors';
import { fieldLabel, recordLabel, valueText } from './describe';
import {
  closeOpenDeadLetter,
  editField,
  openConflictRows,
  openDeadLetters,
  openDeadLettersOf,
  resolveConflict,
  resolveOpenConflict,
} from './queries';

// What staff can do about conflicts and dead letters: see them (named in their words, and only the fields
// their role may see), re-apply the value that lost (as a new edit that replicates like any other), or
// dismiss them.

export interface Conflict {
  id: number;
  entity: string;
  recordId: string;
  field: string;
  winner: 'local' | 'remote';
  localValue: unknown;
  remoteValue: unknown;
  localBy: string | null;
  localByName: string | null;
  localAt: number | null;
  remoteBy: string | null;
  remoteAt: string | null;
  detectedAt: number;
  /** "Stone RB-1001", "Buyer B-0001 · Aurora Gems Ltd". */
  record: string;
  fieldLabel: string;
  localText: string;
  remoteText: string;
}

type StoredConflict = Omit<Conflict, 'record' | 'fieldLabel' | 'localText' | 'remoteText'>;

function openConflicts(store: Store): StoredConflict[] {
  return openConflictRows
    .all(store)
    .map((r) => ({ ...r, localValue: JSON.parse(r.localValue), remoteValue: JSON.parse(r.remoteValue) }));
}

/** The open conflicts `role` may see: none about a field hidden from it (a practitioner sees no prices). */
export function listConflicts(store: Store, role: Role): Conflict[] {
  return openConflicts(store)
    .filter((c) => !hiddenFields(c.entity, role).includes(c.field))
    .map((c) => ({
      ...c,
      record: recordLabel(store, c.entity, c.recordId),
      fieldLabel: fieldLabel(c.field, c.entity),
      localText: valueText(store, c.entity, c.recordId, c.field, c.localValue),
      remoteText: valueText(store, c.entity, c.recordId, c.field, c.remoteValue),
    }));
}

function applyField(store: Store, entity: ReplicatedClass, recordId: string, field: string, value: unknown) {
  const mapping = CLASS_MAPPINGS[entity];
  if (!mapping || !(field in mapping.fields)) throw new DomainError('NOT_FOUND', 'That field cannot be re-applied.');
  store.write((scope) => {
    const changed = editField(entity, field).run(store, value, scope.now, recordId).changes;
    if (changed === 0) throw new DomainError('NOT_FOUND', 'That record no longer exists.');
    scope.enqueue(entity, recordId, 'update', [field]);
  });
}

/** Re-applies the value that lost as a new edit by the person who chose to. */
export function reapplyConflict(store: Store, id: number, userId: string) {
  const conflict = openConflicts(store).find((c) => c.id === id);
  if (!conflict) throw new DomainError('NOT_FOUND', 'That conflict was already dealt with.');
  const losing = conflict.winner === 'local' ? conflict.remoteValue : conflict.localValue;
  applyField(store, conflict.entity as ReplicatedClass, conflict.recordId, conflict.field, losing);
  resolveConflict.run(store, store.clock(), userId, id);
}

export function dismissConflict(store: Store, id: number, userId: string) {
  store.write(({ touched }) => {
    resolveOpenConflict.run(store, store.clock(), userId, id);
    touched('sync');
  });
}

export interface DeadLetter {
  id: number;
  entity: string;
  recordId: string;
  op: string;
  fields: string[] | null;
  values: Record<string, unknown>;
  code: number | null;
  message: string;
  userId: string | null;
  userName: string | null;
  createdAt: number;
  record: string;
  /** The refused values as the screens show them. */
  refused: { field: string; label: string; text: string }[];
}

/** Open dead letters (of one person, with `onlyFor`), without the fields `role` may not see. */
export function listDeadLetters(store: Store, role: Role, onlyFor?: string): DeadLetter[] {
  const rows = onlyFor ? openDeadLettersOf.all(store, onlyFor) : openDeadLetters.all(store);
  return rows.map((r) => {
    const hidden = hiddenFields(r.entity, role);
    const all = JSON.parse(r.values ?? '{}') as Record<string, unknown>;
    const values = Object.fromEntries(Object.entries(all).filter(([field]) => !hidden.includes(field)));
    const fields = r.fields ? (JSON.parse(r.fields) as string[]).filter((f) => !hidden.includes(f)) : null;
    // The server's message may quote a text it refused ("Email "x" is not valid"); it never quotes numbers.
    let message = r.message;
    for (const field of hidden) {
      const value = all[field];
      if (typeof value === 'string' && value !== '') message = message.split(value).join('(hidden)');
    }
    const mapped = r.entity in CLASS_MAPPINGS ? CLASS_MAPPINGS[r.entity as ReplicatedClass].fields : {};
    const refused = Object.entries(values)
      // A new record's empty fields were never typed; an edit's are (a value cleared).
      .filter(([field, value]) => field in mapped && !(r.op === 'create' && (value === null || value === '')))
      .map(([field, value]) => ({
        field,
        label: fieldLabel(field, r.entity),
        text: valueText(store, r.entity, r.recordId, field, value),
      }));
    return { ...r, fields, values, message, record: recordLabel(store, r.entity, r.recordId, values), refused };
  });
}

export function dismissDeadLetter(store: Store, id: number) {
  store.write(({ touched }) => {
    closeOpenDeadLetter.run(store, store.clock(), id);
    touched('sync');
  });
}
