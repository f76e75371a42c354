import { useEffect, useState } from 'react';

// Sales screens open a record through the hash, after the screen: #/buyers/<id>, #/inquiries/<id>.
// A reload comes back to the same buyer or inquiry, and any screen can link to one.

function paramFromHash(): string | null {
  const [, param] = window.location.hash.replace(/^#\/?/, '').split('/');
  return param ? decodeURIComponent(param) : null;
}

/** The record id after the screen in the hash, kept up to date. */
export function useHashParam(): string | null {
  const [param, setParam] = useState(paramFromHash);
  useEffect(() => {
    const onHash = () => setParam(paramFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return param;
}

export const buyerHref = (id: string) => `#/buyers/${encodeURIComponent(id)}`;
export const inquiryHref = (id: string) => `#/inquiries/${encodeURIComponent(id)}`;

export function openBuyer(id: string) {
  window.location.hash = buyerHref(id);
}
export function openInquiry(id: string) {
  window.location.hash = inquiryHref(id);
}
/** Back to the screen itself (closes the record). */
export function closeRecord(screen: 'buyers' | 'inquiries') {
  window.location.hash = `#/${screen}`;
}
