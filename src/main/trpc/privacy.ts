import type { Role } from '../../shared/enums';
import { hiddenFields, type ProtectedClass } from '../../shared/privacy';

/** Removes the fields `role` must not see: absent, as the backend's protectedFields make them. */
export function redact<T extends object>(className: ProtectedClass, role: Role, row: T): T {
  const hidden = hiddenFields(className, role);
  if (hidden.length === 0) return row;
  const copy = { ...row } as Record<string, unknown>;
  for (const field of hidden) delete copy[field];
  return copy as T;
}
