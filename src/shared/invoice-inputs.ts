import { z } from 'zod';
import { PAYMENT_METHODS, type InvoiceStatus } from './enums';
import { currencyExponent, toMinorUnits } from './money';
import { instant } from './sales';
import { recordId } from './schemas';

// What staff send about invoices and payments (the core enforces these; the forms validate with them), and
// the words an invoice's state is shown in.

const day = z.iso.date({ error: 'Enter a date' });

export const invoiceListInput = z.object({
  /** Issued on or after this day (YYYY-MM-DD, the workstation's calendar). */
  from: day.optional(),
  /** Issued on or before this day. */
  to: day.optional(),
  buyer: recordId.optional(),
  unpaidOnly: z.boolean().optional(),
});
export type InvoiceListInput = z.input<typeof invoiceListInput>;

export const recordPaymentInput = z.object({
  invoice: recordId,
  /** Major units of the invoice's currency, as typed (1200.50). */
  amount: z
    .number({ error: 'Enter the amount received' })
    .refine((n) => Number.isFinite(n) && n > 0, 'A payment is more than nothing')
    .refine((n) => n <= 1e12, 'That amount is too large'),
  method: z.enum(PAYMENT_METHODS, { error: 'Choose how it was paid' }),
  receivedAt: instant,
  reference: z.string().trim().max(200, 'Keep the reference under 200 characters').optional(),
});
export type RecordPaymentInput = z.input<typeof recordPaymentInput>;

export const voidInvoiceInput = z.object({
  id: recordId,
  reason: z.string().trim().min(1, 'Say why the invoice is void').max(500, 'Keep the reason under 500 characters'),
});

/** The dealer as the invoice heading names them (Settings → Invoices). */
export const sellerDetailsInput = z.object({
  name: z.string().trim().max(120, 'Keep the name under 120 characters'),
  address: z.string().trim().max(500, 'Keep the address under 500 characters'),
  taxId: z.string().trim().max(60, 'Keep the tax number under 60 characters'),
});
export type SellerDetails = z.infer<typeof sellerDetailsInput>;

export type InvoiceStatusWord = 'Paid' | 'Part paid' | 'Unpaid' | 'Void';

/** How an invoice stands, in staff's words; amounts in minor units. */
export function invoiceStatusWord(status: InvoiceStatus, total: number, paid: number): InvoiceStatusWord {
  if (status === 'void') return 'Void';
  if (paid >= total) return 'Paid';
  return paid > 0 ? 'Part paid' : 'Unpaid';
}

/** "2026-0007", or the provisional number and why there is no other yet. */
export function invoiceNumberText(invoice: { invoiceNumber: string | null; provisionalNumber: string | null }): string {
  if (invoice.invoiceNumber) return invoice.invoiceNumber;
  return `Provisional ${invoice.provisionalNumber ?? ''} (numbered when it reaches the server)`;
}

/** The short form for lists and links: the number, or the provisional one. */
export const invoiceShortNumber = (invoice: { invoiceNumber: string | null; provisionalNumber: string | null }) =>
  invoice.invoiceNumber ?? invoice.provisionalNumber ?? '';

/** The typed amount in minor units, or a message when the currency has fewer decimals. */
export function paymentMinor(amount: number, currency: string): number | string {
  try {
    return toMinorUnits(amount, currency);
  } catch {
    return `${currency} amounts have at most ${currencyExponent(currency)} decimals`;
  }
}
