import {
  invoiceTotals,
  provisionalNumberFor,
  taxRatesInput,
  type InvoiceLine,
  type TaxRate,
} from '../../shared/invoices';
import { toMajorUnits } from '../../shared/money';
import type { Store, WriteScope } from '../db/store';
import type { SessionUser } from '../trpc/context';
import { DomainError } from '../trpc/errors';
import { insertInvoice, stoneForInvoice, taxRatesSetting } from './queries';

// Issuing an invoice is part of the write that sells (an inquiry closed as sold, a memo line bought): it
// runs inside that write's transaction, so a sale never exists without its invoice, nor the other way.
// The number: the server gives each invoice the next of its year (Cloud Code, invoices.js); until then the
// invoice carries a provisional number made from its own id, which no other workstation can make.

export interface SaleLine {
  gemstone: string;
  /** Minor units of the sale's currency. */
  amount: number;
}

export interface SaleToInvoice {
  buyer: string;
  currency: string;
  lines: readonly SaleLine[];
  inquiry?: string | null;
  memo?: string | null;
  note?: string | null;
}

/** The tax lines configured on this workstation (Settings → Invoices); none until an administrator sets them. */
export function configuredTaxRates(store: Store): TaxRate[] {
  const row = taxRatesSetting.get(store);
  if (!row) return [];
  const parsed = taxRatesInput.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : [];
}

function describeStone(stone: NonNullable<ReturnType<typeof stoneForInvoice.get>>): string {
  const parts = [stone.gemstoneType, `${stone.caratWeight} ct`, stone.shape, stone.colour, stone.clarityGrade];
  return parts.filter((part) => part !== null && part !== '').join(', ');
}

/** Writes the invoice of a sale inside `scope`'s transaction, with its outbox entry; returns its id. */
export function issueInvoice(store: Store, scope: WriteScope, user: SessionUser, sale: SaleToInvoice): string {
  if (sale.lines.length === 0) throw new DomainError('INVALID_VALUE', 'An invoice needs at least one stone.');
  const lines: InvoiceLine[] = sale.lines.map((line) => {
    const stone = stoneForInvoice.get(store, line.gemstone);
    if (!stone) throw new DomainError('INVALID_REFERENCE', 'A stone on this sale no longer exists.', 'gemstone');
    return {
      sku: stone.sku,
      description: describeStone(stone),
      caratWeight: stone.caratWeight,
      amount: toMajorUnits(line.amount, sale.currency),
    };
  });
  const totals = invoiceTotals(
    sale.lines.map((line) => line.amount),
    configuredTaxRates(store),
    sale.currency,
  );
  const id = store.newId();
  const issuedAt = new Date(scope.now).toISOString();
  insertInvoice.run(store, {
    id,
    now: scope.now,
    provisionalNumber: provisionalNumberFor(id),
    invoiceYear: new Date(scope.now).getUTCFullYear(),
    buyer: sale.buyer,
    inquiry: sale.inquiry ?? null,
    memo: sale.memo ?? null,
    issuedBy: user.id,
    issuedAt,
    currency: sale.currency,
    lines: JSON.stringify(lines),
    subtotal: totals.subtotal,
    taxLines: JSON.stringify(totals.taxLines),
    taxTotal: totals.taxTotal,
    total: totals.total,
    note: sale.note ?? null,
  });
  scope.enqueue('Invoice', id, 'create');
  return id;
}
