import { Anchor } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { SessionUser } from '../api-types';
import { invoiceShortNumber } from '../../../shared/invoice-inputs';
import { useTRPC } from '../trpc';
import { invoiceHref, seesInvoices } from './types';

/** "Invoice 2026-0007" on an inquiry closed as sold, opening the invoice. */
export function InquiryInvoiceLink({ inquiry, user }: { inquiry: string; user: SessionUser }) {
  const trpc = useTRPC();
  const allowed = seesInvoices(user.role);
  const invoice = useQuery({ ...trpc.invoices.forInquiry.queryOptions({ inquiry }), enabled: allowed });
  if (!allowed || !invoice.data) return null;
  return (
    <Anchor href={invoiceHref(invoice.data.id)} size="sm">
      Invoice {invoiceShortNumber(invoice.data)}
    </Anchor>
  );
}
