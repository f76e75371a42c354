import { addDays, parseISO, startOfDay } from 'date-fns';
import type { InvoiceStatus, PaymentMethod } from '../../shared/enums';
import {
  invoiceListInput,
  invoiceStatusWord,
  recordPaymentInput,
  voidInvoiceInput,
  type InvoiceListInput,
  type InvoiceStatusWord,
  type RecordPaymentInput,
} from '../../shared/invoice-inputs';
import type { InvoiceLine, TaxLine } from '../../shared/invoices';
import { formatMoney, toMinorUnits } from '../../shared/money';
import type { Store } from '../db/store';
import type { SessionUser } from '../trpc/context';
import { DomainError } from '../trpc/errors';
import {
  insertPayment,
  invoiceById,
  invoiceList,
  invoiceOfInquiry,
  invoicesOfBuyer,
  paymentsOfBuyer,
  paymentsOfInvoice,
  setInvoiceVoid,
  type InvoiceRow,
  type PaymentRow,
} from './queries';

// Invoices as staff read them (with what is paid and still due), payments against them, and voiding.
// Money only: the router lets administrators and coordinators alone call these.

export interface InvoiceSummary {
  id: string;
  invoiceNumber: string | null;
  provisionalNumber: string | null;
  buyer: string;
  buyerCompany: string | null;
  buyerContact: string | null;
  inquiry: string | null;
  memo: string | null;
  issuedAt: string;
  issuedByName: string | null;
  currency: string;
  /** Minor units, like every amount below. */
  subtotal: number;
  taxTotal: number;
  total: number;
  paid: number;
  balanceDue: number;
  status: InvoiceStatus;
  statusWord: InvoiceStatusWord;
  note: string | null;
}

export interface Payment {
  id: string;
  invoice: string;
  invoiceNumber: string | null;
  provisionalNumber: string | null;
  amount: number;
  currency: string;
  method: PaymentMethod;
  receivedAt: string;
  reference: string | null;
  recordedByName: string | null;
}

export interface InvoiceDetail extends InvoiceSummary {
  lines: InvoiceLine[];
  taxLines: TaxLine[];
  payments: Payment[];
}

function summary(row: InvoiceRow): InvoiceSummary {
  const taxTotal = row.taxTotal ?? 0;
  const balanceDue = row.status === 'void' ? 0 : Math.max(0, row.total - row.paid);
  return {
    id: row.id,
    invoiceNumber: row.invoiceNumber,
    provisionalNumber: row.provisionalNumber,
    buyer: row.buyer,
    buyerCompany: row.buyerCompany,
    buyerContact: row.buyerContact,
    inquiry: row.inquiry,
    memo: row.memo,
    issuedAt: row.issuedAt,
    issuedByName: row.issuedByName,
    currency: row.currency,
    subtotal: row.subtotal,
    taxTotal,
    total: row.total,
    paid: row.paid,
    balanceDue,
    status: row.status,
    statusWord: invoiceStatusWord(row.status, row.total, row.paid),
    note: row.note,
  };
}

const payment = (row: PaymentRow): Payment => ({ ...row, method: row.method as PaymentMethod });

function parseJson<T>(text: string | null): T[] {
  if (!text) return [];
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? (value as T[]) : [];
}

function loadInvoice(store: Store, id: string): InvoiceRow {
  const row = invoiceById.get(store, id);
  if (!row) throw new DomainError('NOT_FOUND', 'That invoice no longer exists.');
  return row;
}

/** Newest first, by the days issued (the workstation's calendar), the buyer, and whether anything is owed. */
export function listInvoices(store: Store, rawFilter: InvoiceListInput): InvoiceSummary[] {
  const filter = invoiceListInput.parse(rawFilter);
  return invoiceList
    .all(store, {
      from: filter.from ? startOfDay(parseISO(filter.from)).toISOString() : null,
      to: filter.to ? addDays(startOfDay(parseISO(filter.to)), 1).toISOString() : null,
      buyer: filter.buyer ?? null,
      unpaidOnly: filter.unpaidOnly ? 1 : 0,
    })
    .map(summary);
}

export function getInvoice(store: Store, id: string): InvoiceDetail {
  const row = loadInvoice(store, id);
  return {
    ...summary(row),
    lines: parseJson<InvoiceLine>(row.lines),
    taxLines: parseJson<TaxLine>(row.taxLines),
    payments: paymentsOfInvoice.all(store, id).map(payment),
  };
}

/** A buyer's purchases and payments, newest first (the buyer's profile). */
export function invoicesForBuyer(store: Store, buyer: string) {
  const invoices = invoicesOfBuyer.all(store, buyer).map(summary);
  return { invoices, payments: paymentsOfBuyer.all(store, buyer).map(payment) };
}

/** The invoice an inquiry's sale made, for the link on the inquiry; null when there is none. */
export function invoiceForInquiry(store: Store, inquiry: string) {
  return invoiceOfInquiry.get(store, inquiry) ?? null;
}

export function recordPayment(store: Store, user: SessionUser, rawInput: RecordPaymentInput): InvoiceDetail {
  const input = recordPaymentInput.parse(rawInput);
  store.write((scope) => {
    const invoice = loadInvoice(store, input.invoice);
    if (invoice.status === 'void') {
      throw new DomainError('INVOICE_VOID', 'This invoice is void; it takes no payments.');
    }
    let amount: number;
    try {
      amount = toMinorUnits(input.amount, invoice.currency);
    } catch {
      throw new DomainError('INVALID_VALUE', `${invoice.currency} amounts have fewer decimals than that.`, 'amount');
    }
    const due = Math.max(0, invoice.total - invoice.paid);
    if (amount > due) {
      const owed = formatMoney(due, invoice.currency, 'en-GB');
      throw new DomainError(
        'OVERPAYMENT',
        due === 0
          ? 'This invoice is paid in full; there is nothing left to pay.'
          : `That is more than the balance due (${owed}).`,
        'amount',
      );
    }
    if (Date.parse(input.receivedAt) > scope.now + 60_000) {
      throw new DomainError('INVALID_VALUE', 'A payment cannot be received in the future.', 'receivedAt');
    }
    const id = store.newId();
    insertPayment.run(store, {
      id,
      now: scope.now,
      invoice: invoice.id,
      buyer: invoice.buyer,
      amount,
      currency: invoice.currency,
      method: input.method,
      receivedAt: input.receivedAt,
      reference: input.reference || null,
      recordedBy: user.id,
    });
    scope.enqueue('Payment', id, 'create');
  });
  return getInvoice(store, input.invoice);
}

/** Administrators only (the router); the reason is kept in the invoice's note. */
export function voidInvoice(store: Store, rawInput: { id: string; reason: string }): InvoiceDetail {
  const input = voidInvoiceInput.parse(rawInput);
  store.write((scope) => {
    const invoice = loadInvoice(store, input.id);
    if (invoice.status === 'void') throw new DomainError('INVOICE_VOID', 'This invoice is already void.');
    const note = invoice.note ? `${invoice.note}\nVoid: ${input.reason}` : `Void: ${input.reason}`;
    setInvoiceVoid.run(store, note, scope.now, invoice.id);
    scope.enqueue('Invoice', invoice.id, 'update', ['status', 'note']);
  });
  return getInvoice(store, input.id);
}
