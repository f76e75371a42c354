// The trade's paperwork: memos out, consignments in, invoices and payments. A second schema file only to
// keep each short: drizzle-kit reads both (drizzle.config.ts), and these tables point into schema.ts's.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { buyers, gemstones, purchaseInquiries, replicated, users } from './schema';

/** Stones out on approval with a buyer (Parse: Memo); its stones are its lines. */
export const memos = sqliteTable(
  'memos',
  {
    ...replicated(),
    buyer: text('buyer')
      .notNull()
      .references(() => buyers.id),
    issuedBy: text('issuedBy').references(() => users.id, { onDelete: 'set null' }),
    issuedAt: text('issuedAt').notNull(),
    /** ISO: when the buyer is to bring back what they have not bought. */
    dueBack: text('dueBack').notNull(),
    terms: text('terms'),
    currency: text('currency').notNull(),
    status: text('status').notNull(),
    closedAt: text('closedAt'),
    note: text('note'),
  },
  (t) => [
    uniqueIndex('memos_objectId').on(t.objectId),
    index('memos_status_dueBack').on(t.status, t.dueBack),
    index('memos_buyer').on(t.buyer),
  ],
);

/**
 * Invoices (Parse: Invoice). `invoiceNumber` is the server's (yearly, never repeated); until the server has
 * numbered it, the invoice shows its `provisionalNumber`. Lines and tax lines are JSON as issued.
 */
export const invoices = sqliteTable(
  'invoices',
  {
    ...replicated(),
    invoiceNumber: text('invoiceNumber'),
    invoiceYear: integer('invoiceYear'),
    provisionalNumber: text('provisionalNumber'),
    buyer: text('buyer')
      .notNull()
      .references(() => buyers.id),
    inquiry: text('inquiry').references(() => purchaseInquiries.id, { onDelete: 'set null' }),
    memo: text('memo').references(() => memos.id, { onDelete: 'set null' }),
    issuedBy: text('issuedBy').references(() => users.id, { onDelete: 'set null' }),
    issuedAt: text('issuedAt').notNull(),
    currency: text('currency').notNull(),
    /** JSON array of InvoiceLine (src/shared/invoices.ts). */
    lines: text('lines').notNull(),
    /** Minor units of `currency`. */
    subtotal: integer('subtotal').notNull(),
    /** JSON array of TaxLine. */
    taxLines: text('taxLines'),
    taxTotal: integer('taxTotal'),
    total: integer('total').notNull(),
    status: text('status').notNull(),
    note: text('note'),
  },
  (t) => [
    uniqueIndex('invoices_objectId').on(t.objectId),
    index('invoices_buyer').on(t.buyer, t.issuedAt),
    index('invoices_issuedAt').on(t.issuedAt),
    index('invoices_inquiry').on(t.inquiry),
    index('invoices_memo').on(t.memo),
  ],
);

/** One stone on a memo (Parse: MemoLine). A stone is on one `out` line at most: the core's and Cloud Code's rule. */
export const memoLines = sqliteTable(
  'memo_lines',
  {
    ...replicated(),
    memo: text('memo')
      .notNull()
      .references(() => memos.id),
    gemstone: text('gemstone')
      .notNull()
      .references(() => gemstones.id),
    /** Minor units of `currency`: the price the buyer may keep the stone at. */
    price: integer('price'),
    currency: text('currency').notNull(),
    status: text('status').notNull(),
    /** Where the stone was before it went out: it goes back there when returned. */
    fromLocation: text('fromLocation'),
    returnedAt: text('returnedAt'),
    soldAt: text('soldAt'),
    invoice: text('invoice').references(() => invoices.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('memo_lines_objectId').on(t.objectId),
    index('memo_lines_memo').on(t.memo),
    index('memo_lines_gemstone').on(t.gemstone, t.status),
    index('memo_lines_status').on(t.status),
  ],
);

/** Money received against an invoice (Parse: Payment). */
export const payments = sqliteTable(
  'payments',
  {
    ...replicated(),
    invoice: text('invoice')
      .notNull()
      .references(() => invoices.id),
    buyer: text('buyer')
      .notNull()
      .references(() => buyers.id),
    /** Minor units of `currency`. */
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    method: text('method').notNull(),
    receivedAt: text('receivedAt').notNull(),
    reference: text('reference'),
    recordedBy: text('recordedBy').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('payments_objectId').on(t.objectId),
    index('payments_invoice').on(t.invoice),
    index('payments_buyer').on(t.buyer, t.receivedAt),
    // Sales by period: the payments received in the period.
    index('payments_receivedAt').on(t.receivedAt),
  ],
);

/** A stone another dealer lent us on memo (Parse: Consignment): not ours to sell until settled. */
export const consignments = sqliteTable(
  'consignments',
  {
    ...replicated(),
    gemstone: text('gemstone')
      .notNull()
      .references(() => gemstones.id),
    supplier: text('supplier').notNull(),
    supplierReference: text('supplierReference'),
    terms: text('terms'),
    /** Minor units of `currency`: what we pay the supplier if we keep it. */
    agreedPrice: integer('agreedPrice'),
    currency: text('currency').notNull(),
    receivedAt: text('receivedAt').notNull(),
    dueDate: text('dueDate'),
    status: text('status').notNull(),
    receivedBy: text('receivedBy').references(() => users.id, { onDelete: 'set null' }),
    settledAt: text('settledAt'),
    settlementReference: text('settlementReference'),
    closedBy: text('closedBy').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('consignments_objectId').on(t.objectId),
    index('consignments_gemstone').on(t.gemstone, t.status),
    index('consignments_status_dueDate').on(t.status, t.dueDate),
    index('consignments_supplier').on(t.supplier),
  ],
);
