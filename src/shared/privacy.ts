import type { Role } from './enums';

/**
 * Field privacy: which roles must not receive which fields. The core strips them before anything leaves
 * it; the backend hides the same fields with CLP protectedFields (resources/back4app/schema.json).
 * Practitioners verify certificates: they need neither buyers' contact details nor prices (a stone's cost
 * and asking price, so its margin too, and the price quoted on an inquiry).
 */
export const PROTECTED_FIELDS = {
  Buyer: { practitioner: ['email', 'phone'] },
  Gemstone: { practitioner: ['costPrice', 'askingPrice'] },
  PurchaseInquiry: { practitioner: ['quotedPrice'] },
  // The paperwork's amounts are prices too.
  Invoice: { practitioner: ['lines', 'subtotal', 'taxLines', 'taxTotal', 'total'] },
  MemoLine: { practitioner: ['price'] },
  Payment: { practitioner: ['amount'] },
  Consignment: { practitioner: ['agreedPrice'] },
} as const satisfies Record<string, Partial<Record<Role, readonly string[]>>>;

export type ProtectedClass = keyof typeof PROTECTED_FIELDS;

/** The fields of `className` that `role` must not receive (none for a class without protected fields). */
export function hiddenFields(className: string, role: Role): readonly string[] {
  const byRole = (PROTECTED_FIELDS as Record<string, Partial<Record<Role, readonly string[]>>>)[className];
  return byRole?.[role] ?? [];
}
