import { sellerDetailsInput, type SellerDetails } from '../../shared/invoice-inputs';
import { taxRatesInput, type TaxRate } from '../../shared/invoices';
import type { Store } from '../db/store';
import { configuredTaxRates } from './issue';
import { readSetting, writeSetting } from './queries';

// This workstation's invoice settings (Settings → Invoices, set by an administrator): the tax lines new
// invoices carry and the dealer's details printed at the head of every invoice. Invoices already issued
// keep the taxes they were issued with.

export const TAX_RATES_KEY = 'invoice.taxRates';
export const SELLER_KEY = 'invoice.seller';

const NO_SELLER: SellerDetails = { name: '', address: '', taxId: '' };

export const taxRates = (store: Store): TaxRate[] => configuredTaxRates(store);

export function setTaxRates(store: Store, raw: TaxRate[]): TaxRate[] {
  const rates = taxRatesInput.parse(raw);
  writeSetting.run(store, TAX_RATES_KEY, JSON.stringify(rates), store.clock());
  return taxRates(store);
}

export function sellerDetails(store: Store): SellerDetails {
  const row = readSetting.get(store, SELLER_KEY);
  if (!row) return NO_SELLER;
  const parsed = sellerDetailsInput.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : NO_SELLER;
}

export function setSellerDetails(store: Store, raw: SellerDetails): SellerDetails {
  const details = sellerDetailsInput.parse(raw);
  writeSetting.run(store, SELLER_KEY, JSON.stringify(details), store.clock());
  return sellerDetails(store);
}
