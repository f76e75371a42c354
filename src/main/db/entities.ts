import type { ReplicatedClass } from '../../shared/enums';

/** Local table for each replicated Parse class. */
export const TABLE_BY_CLASS = {
  _User: 'users',
  Buyer: 'buyers',
  Gemstone: 'gemstones',
  CustodyEvent: 'custody_events',
  CertificateLog: 'certificate_logs',
  PurchaseInquiry: 'purchase_inquiries',
  Activity: 'activities',
  StoneHold: 'stone_holds',
  Memo: 'memos',
  Invoice: 'invoices',
  MemoLine: 'memo_lines',
  Payment: 'payments',
  Consignment: 'consignments',
} as const satisfies Record<ReplicatedClass, string>;

/** Outbox and change events name records by their Parse class. */
export type Entity = ReplicatedClass;
