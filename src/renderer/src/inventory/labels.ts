import { CERTIFICATE_STATUS_LABELS as LABELS } from '../../../shared/format';

// The words come from src/shared/format; the colours are the screens' own. Indexed by any string: a
// value another app wrote outside the list falls back to itself at the call sites.
export const CERTIFICATE_STATUS_LABELS: Record<string, string> = LABELS;

export const CERTIFICATE_STATUS_COLORS: Record<string, string> = {
  none: 'gray',
  pending: 'yellow',
  verified: 'green',
  mismatch: 'red',
};
