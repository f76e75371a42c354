import { useSyncExternalStore } from 'react';
import type { StoneFilterInput, StoneSortColumn } from '../../../shared/schemas';

// What the desk shares across screens: the stone open in the detail drawer, an unknown scanned SKU,
// the grid's filter (the palette and "stones of this buyer" set it), labels waiting to print, the vault's
// move tray (kept while the clerk looks at other tabs or screens), and who takes scans right now (a stock
// count or a move tray takes them while it is on screen).

export interface GridFilter {
  gemstoneType?: string;
  clarityGrade?: string;
  certificateStatus?: string;
  location?: string;
  assignedBuyer?: string;
  caratMin?: number;
  caratMax?: number;
  text?: string;
  shape?: string;
  colour?: string;
  treatment?: string;
  priceCurrency?: string;
  askingMin?: number;
  askingMax?: number;
}

/** A stone on the vault's move tray, as it was when scanned. */
export interface TrayStone {
  id: string;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  location: string;
}

export interface DeskState {
  openStoneId: string | null;
  unknownCode: string | null;
  /** The SKU to fill in when someone chooses "add this stone". */
  addingSku: string | null;
  paletteOpen: boolean;
  filter: GridFilter;
  sort: { column: StoneSortColumn; direction: 'asc' | 'desc' };
  /** What the grid's last column shows (grid-columns.ts CHOOSABLE_COLUMNS). */
  lastColumn: string;
  printIds: string[] | null;
  tray: TrayStone[];
}

let state: DeskState = {
  openStoneId: null,
  unknownCode: null,
  addingSku: null,
  paletteOpen: false,
  filter: {},
  sort: { column: 'caratWeight', direction: 'desc' },
  lastColumn: 'assignedBuyer',
  printIds: null,
  tray: [],
};
const listeners = new Set<() => void>();

export function setDesk(patch: Partial<DeskState> | ((s: DeskState) => Partial<DeskState>)) {
  state = { ...state, ...(typeof patch === 'function' ? patch(state) : patch) };
  for (const l of listeners) l();
}

export function getDesk(): DeskState {
  return state;
}

export function useDesk<T>(select: (s: DeskState) => T): T {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => select(state),
  );
}

/** Whoever takes scans now: the latest registered handler, else the default (open the stone). */
const scanHandlers: ((code: string) => void)[] = [];
export function takeScans(handler: (code: string) => void): () => void {
  scanHandlers.push(handler);
  return () => {
    const i = scanHandlers.lastIndexOf(handler);
    if (i >= 0) scanHandlers.splice(i, 1);
  };
}
export function currentScanHandler(): ((code: string) => void) | undefined {
  return scanHandlers[scanHandlers.length - 1];
}

/** Drops filter parts left empty, so the core sees only what the user chose. */
export function cleanFilter(filter: GridFilter): NonNullable<StoneFilterInput> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filter)) {
    if (v === undefined || v === null || v === '') continue;
    out[k] = typeof v === 'string' ? v.trim() || undefined : v;
  }
  return out as NonNullable<StoneFilterInput>;
}

export const formatCarats = (n: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Saves a file the core made (base64) or text, via the browser's download (Electron asks where to save). */
export function download(fileName: string, mimeType: string, content: { base64: string } | { text: string }) {
  const blob =
    'text' in content
      ? new Blob([content.text], { type: mimeType })
      : new Blob([Uint8Array.from(atob(content.base64), (c) => c.charCodeAt(0))], { type: mimeType });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
