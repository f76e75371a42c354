import type { Role } from './enums';

/**
 * Field privacy: which roles must not receive which fields. The core strips them before anything leaves
 * it; the backend hides the same fields with CLP protectedFields (resources/back4app/schema.json).
 * Practitioners verify certificates: they need neither buyers' contact details nor prices.
 */
export const PROTECTED_FIELDS = {
  Buyer: { practitioner: ['email', 'phone'] },
  PurchaseInquiry: { practitioner: ['quotedPrice'] },
} as const satisfies Record<string, Partial<Record<Role, readonly string[]>>>;

export type ProtectedClass = keyof typeof PROTECTED_FIELDS;

export function hiddenFields(className: ProtectedClass, role: Role): readonly string[] {
  const byRole = PROTECTED_FIELDS[className] as Partial<Record<Role, readonly string[]>>;
  return byRole[role] ?? [];
}
