import { useSyncExternalStore } from 'react';

// "Record a verification of this stone" from anywhere (the stone drawer, a scan): the Certificates screen
// opens the form with the stone filled in.

export interface VerificationRequest {
  stoneId: string;
}

let pending: VerificationRequest | null = null;
const listeners = new Set<() => void>();

export function requestVerification(request: VerificationRequest) {
  pending = request;
  for (const l of listeners) l();
  window.location.hash = '#/certificates';
}

/** Takes the pending request (once). */
export function takeVerificationRequest(): VerificationRequest | null {
  const request = pending;
  pending = null;
  if (request) for (const l of listeners) l();
  return request;
}

export function usePendingVerification(): VerificationRequest | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => pending,
  );
}
