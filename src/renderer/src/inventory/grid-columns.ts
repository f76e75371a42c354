import type { StoneSortColumn } from '../../../shared/schemas';

// The inventory grid's columns at 1366 px: a compact set; the rest of a stone's grading is in its panel.

export interface Column {
  id: StoneSortColumn | 'perCarat';
  label: string;
  numeric?: boolean;
  width?: string;
  /** Only for roles that receive prices (the core sends practitioners none). */
  price?: boolean;
}
export const ALL_COLUMNS: Column[] = [
  // Wide enough at 1366 px for a whole SKU, a 10-digit certificate number and every status badge (the
  // layout test holds it to that). Grading, measurements, prices and per carat are in the stone panel.
  { id: 'sku', label: 'SKU', width: '10%' },
  { id: 'gemstoneType', label: 'Type', width: '10%' },
  { id: 'caratWeight', label: 'Carat', numeric: true, width: '7%' },
  { id: 'clarityGrade', label: 'Clarity', width: '17%' },
  { id: 'certificateNumber', label: 'Certificate no.', width: '12%' },
  { id: 'certificateStatus', label: 'Certificate', width: '14%' },
  { id: 'location', label: 'Location', width: '11%' },
  { id: 'assignedBuyer', label: 'Assigned buyer' },
];
