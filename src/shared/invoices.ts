import { z } from 'zod';
import { toMajorUnits, toMinorUnits } from './money';

// An invoice as it is issued: its lines and tax lines are kept on it (Parse Arrays), so an invoice reads
// the same on every workstation and in every other app, whatever the stone or the tax settings become.
// Amounts in these arrays are Numbers in major units, like every other amount on the server; the core
// works in minor units and converts at this boundary only.

/** One stone sold on an invoice. */
export interface InvoiceLine {
  /** The stone's SKU, as the invoice names it (the stone itself may change or leave). */
  sku: string;
  /** "Ruby, 1.52 ct, Oval, Eye Clean". */
  description: string;
  caratWeight: number;
  /** Major units of the invoice's currency. */
  amount: number;
}

/** A tax as configured (Settings → Invoices). */
export const taxRateInput = z.object({
  label: z.string().trim().min(1, 'Name the tax (for example “VAT”).').max(40),
  /** Percent of the subtotal, e.g. 7.7. */
  ratePercent: z.number().min(0, 'A tax rate cannot be negative.').max(100, 'A tax rate is at most 100 %.'),
});
export type TaxRate = z.infer<typeof taxRateInput>;
export const taxRatesInput = z.array(taxRateInput).max(5, 'At most five tax lines.');

/** A tax as charged on one invoice. */
export interface TaxLine extends TaxRate {
  /** Major units of the invoice's currency. */
  amount: number;
}

export interface InvoiceTotals {
  /** Minor units. */
  subtotal: number;
  taxLines: TaxLine[];
  /** Minor units. */
  taxTotal: number;
  /** Minor units. */
  total: number;
}

/** Each tax is its rate of the subtotal, rounded half up to a whole minor unit; the total adds them up. */
export function invoiceTotals(
  lineAmountsMinor: readonly number[],
  rates: readonly TaxRate[],
  currency: string,
): InvoiceTotals {
  const subtotal = lineAmountsMinor.reduce((sum, amount) => sum + amount, 0);
  const taxes = rates.map((rate) => ({ rate, minor: Math.round((subtotal * rate.ratePercent) / 100) }));
  const taxTotal = taxes.reduce((sum, t) => sum + t.minor, 0);
  return {
    subtotal,
    taxLines: taxes.map(({ rate, minor }) => ({ ...rate, amount: toMajorUnits(minor, currency) })),
    taxTotal,
    total: subtotal + taxTotal,
  };
}

/** A line's amount in minor units of `currency`. */
export const lineMinor = (line: { amount: number }, currency: string) => toMinorUnits(line.amount, currency);

/** What staff see until the server has numbered an invoice: "P-3F9A2C1B" (unique: from its own id). */
export const provisionalNumberFor = (invoiceId: string) => `P-${invoiceId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
