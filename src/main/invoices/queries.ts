import { query } from '../db/query';

// The statements of invoices and payments, prepared once per store (Store.statement).

export const stoneForInvoice = query<
  [stoneId: string],
  {
    id: string;
    sku: string;
    gemstoneType: string;
    caratWeight: number;
    shape: string | null;
    clarityGrade: string;
    colour: string | null;
  }
>('SELECT id, sku, gemstoneType, caratWeight, shape, clarityGrade, colour FROM gemstones WHERE id = ?');

export const insertInvoice = query<
  [
    row: {
      id: string;
      now: number;
      provisionalNumber: string;
      invoiceYear: number;
      buyer: string;
      inquiry: string | null;
      memo: string | null;
      issuedBy: string;
      issuedAt: string;
      currency: string;
      lines: string;
      subtotal: number;
      taxLines: string;
      taxTotal: number;
      total: number;
      note: string | null;
    },
  ]
>(
  `INSERT INTO invoices (id, localUpdatedAt, provisionalNumber, invoiceYear, buyer, inquiry, memo, issuedBy, issuedAt,
     currency, lines, subtotal, taxLines, taxTotal, total, status, note)
   VALUES (@id, @now, @provisionalNumber, @invoiceYear, @buyer, @inquiry, @memo, @issuedBy, @issuedAt,
     @currency, @lines, @subtotal, @taxLines, @taxTotal, @total, 'issued', @note)`,
);

export const taxRatesSetting = query<[], { value: string }>(
  "SELECT value FROM settings WHERE key = 'invoice.taxRates'",
);

/** An invoice as the screens read it, with what has been paid against it (minor units). */
export interface InvoiceRow {
  id: string;
  objectId: string | null;
  invoiceNumber: string | null;
  invoiceYear: number | null;
  provisionalNumber: string | null;
  buyer: string;
  buyerCompany: string | null;
  buyerContact: string | null;
  inquiry: string | null;
  memo: string | null;
  issuedByName: string | null;
  issuedAt: string;
  currency: string;
  lines: string;
  subtotal: number;
  taxLines: string | null;
  taxTotal: number | null;
  total: number;
  status: 'issued' | 'void';
  note: string | null;
  paid: number;
}

const INVOICE_SELECT = `
  SELECT i.id, i.objectId, i.invoiceNumber, i.invoiceYear, i.provisionalNumber, i.buyer,
         b.companyName AS buyerCompany, b.contactName AS buyerContact, i.inquiry, i.memo,
         u.fullName AS issuedByName, i.issuedAt, i.currency, i.lines, i.subtotal, i.taxLines, i.taxTotal,
         i.total, i.status, i.note,
         COALESCE((SELECT sum(p.amount) FROM payments p WHERE p.invoice = i.id), 0) AS paid
    FROM invoices i
    LEFT JOIN buyers b ON b.id = i.buyer
    LEFT JOIN users u ON u.id = i.issuedBy`;

export const invoiceById = query<[id: string], InvoiceRow>(`${INVOICE_SELECT} WHERE i.id = ?`);

/** Newest first; `from`/`to` are ISO instants (null: open-ended), `unpaidOnly` 1 keeps issued invoices with a balance. */
export const invoiceList = query<
  [filter: { from: string | null; to: string | null; buyer: string | null; unpaidOnly: number }],
  InvoiceRow
>(
  `SELECT * FROM (${INVOICE_SELECT}
     WHERE (@from IS NULL OR i.issuedAt >= @from) AND (@to IS NULL OR i.issuedAt < @to)
       AND (@buyer IS NULL OR i.buyer = @buyer))
    WHERE @unpaidOnly = 0 OR (status = 'issued' AND paid < total)
    ORDER BY issuedAt DESC, id DESC
    LIMIT 1000`,
);

export const invoicesOfBuyer = query<[buyer: string], InvoiceRow>(
  `${INVOICE_SELECT} WHERE i.buyer = ? ORDER BY i.issuedAt DESC, i.id DESC LIMIT 500`,
);

/** The invoice an inquiry's sale made (the newest, should there be more). */
export const invoiceOfInquiry = query<
  [inquiry: string],
  { id: string; invoiceNumber: string | null; provisionalNumber: string | null }
>('SELECT id, invoiceNumber, provisionalNumber FROM invoices WHERE inquiry = ? ORDER BY issuedAt DESC LIMIT 1');

export interface PaymentRow {
  id: string;
  invoice: string;
  invoiceNumber: string | null;
  provisionalNumber: string | null;
  amount: number;
  currency: string;
  method: string;
  receivedAt: string;
  reference: string | null;
  recordedByName: string | null;
}

const PAYMENT_SELECT = `
  SELECT p.id, p.invoice, i.invoiceNumber, i.provisionalNumber, p.amount, p.currency, p.method, p.receivedAt,
         p.reference, u.fullName AS recordedByName
    FROM payments p
    JOIN invoices i ON i.id = p.invoice
    LEFT JOIN users u ON u.id = p.recordedBy`;

export const paymentsOfInvoice = query<[invoice: string], PaymentRow>(
  `${PAYMENT_SELECT} WHERE p.invoice = ? ORDER BY p.receivedAt, p.id`,
);

export const paymentsOfBuyer = query<[buyer: string], PaymentRow>(
  `${PAYMENT_SELECT} WHERE p.buyer = ? ORDER BY p.receivedAt DESC, p.id DESC LIMIT 500`,
);

export const insertPayment = query<
  [
    row: {
      id: string;
      now: number;
      invoice: string;
      buyer: string;
      amount: number;
      currency: string;
      method: string;
      receivedAt: string;
      reference: string | null;
      recordedBy: string;
    },
  ]
>(
  `INSERT INTO payments (id, localUpdatedAt, invoice, buyer, amount, currency, method, receivedAt, reference, recordedBy)
   VALUES (@id, @now, @invoice, @buyer, @amount, @currency, @method, @receivedAt, @reference, @recordedBy)`,
);

export const setInvoiceVoid = query<[note: string, now: number, id: string]>(
  "UPDATE invoices SET status = 'void', note = ?, localUpdatedAt = ? WHERE id = ?",
);

export const readSetting = query<[key: string], { value: string }>('SELECT value FROM settings WHERE key = ?');
export const writeSetting = query<[key: string, value: string, now: number]>(
  `INSERT INTO settings (key, value, updatedAt) VALUES (?, ?, ?)
   ON CONFLICT (key) DO UPDATE SET value = excluded.value, updatedAt = excluded.updatedAt`,
);

/** A payment the server never stored (refused on sync): it goes from this workstation too. */
export const dropRefusedPayment = query<[id: string]>('DELETE FROM payments WHERE id = ? AND objectId IS NULL');
