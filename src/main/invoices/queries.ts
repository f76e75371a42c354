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
