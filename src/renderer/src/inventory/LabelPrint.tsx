import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { createPortal } from 'react-dom';
import { useTRPC } from '../trpc';
import { setDesk, useDesk } from './desk-store';

// Printing labels: a print-only page of label images, then the system print dialog. In the browser
// host that is window.print(); in the Electron window window.print() opens Chromium's print dialog
// through webContents as well, with the label printer chosen there.
const PRINT_CSS = `
@media screen { #loupe-label-print { display: none; } }
@media print {
  body > *:not(#loupe-label-print) { display: none !important; }
  #loupe-label-print { display: block; }
  #loupe-label-print .label { page-break-after: always; break-after: page; width: 62mm; height: 29mm; display: flex; align-items: center; justify-content: center; }
  #loupe-label-print img { max-width: 60mm; max-height: 27mm; }
  @page { size: 62mm 29mm; margin: 0; }
}`;

export function LabelPrint() {
  const trpc = useTRPC();
  const ids = useDesk((s) => s.printIds);
  const images = useQuery({
    ...trpc.inventory.labels.images.queryOptions({ ids: ids ?? [] }),
    enabled: ids !== null && ids.length > 0,
  });

  useEffect(() => {
    if (!ids || !images.data) return;
    // Let the images decode before the dialog snapshots the page.
    const timer = setTimeout(() => {
      window.print();
      setDesk({ printIds: null });
    }, 50);
    return () => clearTimeout(timer);
  }, [ids, images.data]);

  if (!ids || !images.data) return null;
  return createPortal(
    <div id="loupe-label-print" data-testid="label-print">
      <style>{PRINT_CSS}</style>
      {images.data.map((label) => (
        <div className="label" key={label.id}>
          <img src={`data:image/png;base64,${label.png}`} alt={`Label ${label.sku}`} />
        </div>
      ))}
    </div>,
    document.body,
  );
}
