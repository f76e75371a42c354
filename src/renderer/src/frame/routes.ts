import { useEffect, useState } from 'react';

export const SCREENS = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'scan', label: 'Scan' },
  { id: 'inventory', label: 'Inventory' },
  { id: 'vault', label: 'Vault' },
  { id: 'certificates', label: 'Certificates' },
  { id: 'buyers', label: 'Buyers' },
  { id: 'inquiries', label: 'Inquiries' },
  { id: 'memos', label: 'Memos' },
  { id: 'invoices', label: 'Invoices' },
  { id: 'consignments', label: 'Consignments' },
  { id: 'reports', label: 'Reports' },
  { id: 'follow-ups', label: 'Follow-ups' },
  { id: 'sync', label: 'Sync' },
  { id: 'settings', label: 'Settings' },
] as const;
export type ScreenId = (typeof SCREENS)[number]['id'];

const isScreen = (id: string): id is ScreenId => SCREENS.some((s) => s.id === id);

function fromHash(): ScreenId {
  // "#/buyers/<id>": the screen is the first segment; the rest is the screen's own (an open record).
  const id = window.location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return isScreen(id) ? id : 'inventory';
}

/** The current screen lives in the URL hash, so a reload (or a restart) comes back to the same place. */
export function useScreen(): [ScreenId, (id: ScreenId) => void] {
  const [screen, setScreen] = useState<ScreenId>(fromHash);
  useEffect(() => {
    const onHash = () => setScreen(fromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return [screen, (id) => (window.location.hash = `#/${id}`)];
}
