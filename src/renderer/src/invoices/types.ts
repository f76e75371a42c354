import type { RouterOutputs } from '../api-types';

export type InvoiceSummary = RouterOutputs['invoices']['list'][number];
export type InvoiceDetail = RouterOutputs['invoices']['get'];
export type InvoicePayment = InvoiceDetail['payments'][number];

export const invoiceHref = (id: string) => `#/invoices/${encodeURIComponent(id)}`;

/** Invoices are money: admins and coordinators see them. */
export const seesInvoices = (role: string) => role === 'admin' || role === 'coordinator';

export const STATUS_COLOURS: Record<InvoiceSummary['statusWord'], string> = {
  Paid: 'green',
  'Part paid': 'yellow',
  Unpaid: 'orange',
  Void: 'gray',
};
