import type { ReplicatedClass } from '../../shared/enums';
import { ENUM_LABELS_BY_FIELD, formatDateTime } from '../../shared/format';
import { formatMoney } from '../../shared/money';
import { CLASS_MAPPINGS } from '../db/parse-mapping';
import type { Store } from '../db/store';
import { currencyOf, recordName } from './queries';

// The Sync screen names records, fields and values in the staff's words ("Stone RB-1001", "Carat weight",
// "B-0001 · Aurora Gems Ltd"), not as classes, local ids and column names.

/** Every replicated field, as the screens call it (src/shared/format). */
export { FIELD_LABELS, fieldLabel } from '../../shared/format';

const KIND: Record<ReplicatedClass, string> = {
  _User: 'Staff account',
  Buyer: 'Buyer',
  Gemstone: 'Stone',
  CustodyEvent: 'Stone move',
  CertificateLog: 'Certificate log entry',
  PurchaseInquiry: 'Inquiry',
  Activity: 'Follow-up',
  StoneHold: 'Hold',
  Memo: 'Memo',
  Invoice: 'Invoice',
  MemoLine: 'Stone on memo',
  Payment: 'Payment',
  Consignment: 'Consignment',
};

const isReplicated = (entity: string): entity is ReplicatedClass => entity in CLASS_MAPPINGS;

/** A record's name without its kind, from the local row, or null when it is not on this workstation. */
function nameOf(store: Store, entity: ReplicatedClass, id: string): string | null {
  return recordName(entity).get(store, id)?.name ?? null;
}

/** "Stone RB-1001"; a record no longer here is named by the values kept with it, when they say. */
export function recordLabel(
  store: Store,
  entity: string,
  recordId: string,
  values: Record<string, unknown> = {},
): string {
  if (!isReplicated(entity)) return entity;
  const name = nameOf(store, entity, recordId);
  if (name) return `${KIND[entity]} ${name}`;
  const key = CLASS_MAPPINGS[entity].businessKey?.field;
  const kept = key ? values[key] : undefined;
  return typeof kept === 'string' && kept !== ''
    ? `${KIND[entity]} ${kept}`
    : `${KIND[entity]} (not on this workstation)`;
}

/** A value as text: pointers by the name of what they point to, money in its currency, nothing as "(empty)". */
export function valueText(store: Store, entity: string, recordId: string, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  const kind = isReplicated(entity) ? CLASS_MAPPINGS[entity].fields[field] : undefined;
  if (kind?.kind === 'pointer' && typeof value === 'string')
    return nameOf(store, kind.target, value) ?? `${KIND[kind.target]} not on this workstation`;
  if (kind?.kind === 'money' && typeof value === 'number') {
    const row = currencyOf(entity as ReplicatedClass, kind.currencyField).get(store, recordId);
    if (row?.currency) return formatMoney(value, row.currency);
  }
  if (kind?.kind === 'boolean' || typeof value === 'boolean') return value === true || value === 1 ? 'yes' : 'no';
  if (kind?.kind === 'date' && typeof value === 'string' && !Number.isNaN(Date.parse(value)))
    return formatDateTime(value);
  // A value from one of Loupe's lists, in words ("Not found at the lab", not not_found).
  const words = ENUM_LABELS_BY_FIELD[field];
  if (words && typeof value === 'string') return words(value);
  // Lists are kept as JSON text locally.
  const list =
    kind?.kind === 'array' && typeof value === 'string' && value.startsWith('[')
      ? (JSON.parse(value) as unknown)
      : value;
  if (Array.isArray(list) && list.every((v) => typeof v !== 'object')) return list.join(', ');
  if (typeof list === 'object' && (list as { __type?: string }).__type === 'Pointer') return 'a record on the server';
  return typeof list === 'object' ? JSON.stringify(list) : String(list);
}
