export const CERTIFICATE_STATUS_LABELS: Record<string, string> = {
  none: 'No certificate',
  pending: 'Pending',
  verified: 'Verified',
  mismatch: 'Mismatch',
};

export const CERTIFICATE_STATUS_COLORS: Record<string, string> = {
  none: 'gray',
  pending: 'yellow',
  verified: 'green',
  mismatch: 'red',
};
