import { z } from 'zod';
import {
  invoiceListInput,
  recordPaymentInput,
  sellerDetailsInput,
  voidInvoiceInput,
} from '../../shared/invoice-inputs';
import { taxRatesInput } from '../../shared/invoices';
import { recordId } from '../../shared/schemas';
import { roleProcedure, router } from '../trpc/init';
import { getInvoice, invoiceForInquiry, invoicesForBuyer, listInvoices, recordPayment, voidInvoice } from './invoices';
import { invoicePdf } from './pdf';
import { sellerDetails, setSellerDetails, setTaxRates, taxRates } from './settings';

export type { InvoiceDetail, InvoiceSummary, Payment } from './invoices';

/** Invoices and payments are money: administrators and coordinators only (practitioners see no prices). */
const moneyProcedure = roleProcedure('admin', 'coordinator');
const adminProcedure = roleProcedure('admin');

export const invoicesRouter = router({
  list: moneyProcedure.input(invoiceListInput).query(({ ctx, input }) => listInvoices(ctx.store, input)),
  get: moneyProcedure.input(z.object({ id: recordId })).query(({ ctx, input }) => getInvoice(ctx.store, input.id)),
  /** A buyer's purchases and payments, for their profile. */
  forBuyer: moneyProcedure
    .input(z.object({ buyer: recordId }))
    .query(({ ctx, input }) => invoicesForBuyer(ctx.store, input.buyer)),
  /** The invoice an inquiry's sale made (its number only), for the link on the inquiry. */
  forInquiry: moneyProcedure
    .input(z.object({ inquiry: recordId }))
    .query(({ ctx, input }) => invoiceForInquiry(ctx.store, input.inquiry)),
  pdf: moneyProcedure.input(z.object({ id: recordId })).query(({ ctx, input }) => invoicePdf(ctx.store, input.id)),
  recordPayment: moneyProcedure
    .input(recordPaymentInput)
    .mutation(({ ctx, input }) => recordPayment(ctx.store, ctx.user, input)),
  void: adminProcedure.input(voidInvoiceInput).mutation(({ ctx, input }) => voidInvoice(ctx.store, input)),
  settings: router({
    taxRates: moneyProcedure.query(({ ctx }) => taxRates(ctx.store)),
    setTaxRates: adminProcedure
      .input(z.object({ rates: taxRatesInput }))
      .mutation(({ ctx, input }) => setTaxRates(ctx.store, input.rates)),
    seller: moneyProcedure.query(({ ctx }) => sellerDetails(ctx.store)),
    setSeller: adminProcedure
      .input(sellerDetailsInput)
      .mutation(({ ctx, input }) => setSellerDetails(ctx.store, input)),
  }),
});
