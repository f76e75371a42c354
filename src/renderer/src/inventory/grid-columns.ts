import type { Stone } from '../api-types';
import { formatMoney } from '../../../shared/money';
import { colourText, measurementsText } from '../../../shared/grading';
import { perCarat } from '../../../shared/pricing';
import type { StoneSortColumn } from '../../../shared/schemas';

// The inventory grid's columns at 1366 px: a fixed compact set, and a last column whose field staff
// choose (assigned buyer, asking price, colour, shape, …). Its header sorts by that field, so every field
// the grid sorts by can be seen while sorting by it, without the grid growing wider.

export interface Column {
  id: StoneSortColumn;
  label: string;
  numeric?: boolean;
  width?: string;
}
export const ALL_COLUMNS: Column[] = [
  // Wide enough at 1366 px for a whole SKU, a 10-digit certificate number and every status badge (the
  // layout test holds it to that).
  { id: 'sku', label: 'SKU', width: '10%' },
  { id: 'gemstoneType', label: 'Type', width: '10%' },
  { id: 'caratWeight', label: 'Carat', numeric: true, width: '7%' },
  { id: 'clarityGrade', label: 'Clarity', width: '17%' },
  { id: 'certificateNumber', label: 'Certificate no.', width: '12%' },
  { id: 'certificateStatus', label: 'Certificate', width: '14%' },
  { id: 'location', label: 'Location', width: '11%' },
];

/** What the last column can show: its label, the field it sorts by, and the cell's text. */
export interface ChosenColumn {
  id: string;
  label: string;
  sort: StoneSortColumn;
  numeric?: boolean;
  /** Only for roles that receive prices (the core sends practitioners none, and refuses their price sorts). */
  price?: boolean;
  text: (stone: Stone) => string;
}

const money = (minor: number | null | undefined, currency: string | null) =>
  minor === null || minor === undefined || !currency ? '—' : formatMoney(minor, currency);
const words = (value: string | null) => value ?? '—';

export const CHOOSABLE_COLUMNS: ChosenColumn[] = [
  { id: 'assignedBuyer', label: 'Assigned buyer', sort: 'assignedBuyer', text: (s) => words(s.assignedBuyerName) },
  {
    id: 'askingPrice',
    label: 'Asking price',
    sort: 'askingPrice',
    numeric: true,
    price: true,
    text: (s) => money(s.askingPrice, s.priceCurrency),
  },
  {
    id: 'perCarat',
    label: 'Asking per carat',
    sort: 'askingPrice',
    numeric: true,
    price: true,
    text: (s) => {
      const minor = s.priceCurrency ? perCarat(s.askingPrice, s.caratWeight, s.priceCurrency) : null;
      return minor === null ? '—' : `${formatMoney(minor, s.priceCurrency!)}/ct`;
    },
  },
  {
    id: 'costPrice',
    label: 'Cost price',
    sort: 'costPrice',
    numeric: true,
    price: true,
    text: (s) => money(s.costPrice, s.priceCurrency),
  },
  { id: 'colour', label: 'Colour', sort: 'colour', text: (s) => colourText(s) ?? '—' },
  { id: 'shape', label: 'Shape', sort: 'shape', text: (s) => words(s.shape) },
  { id: 'cutGrade', label: 'Cut', sort: 'cutGrade', text: (s) => words(s.cutGrade) },
  {
    id: 'measurements',
    label: 'Measurements',
    sort: 'lengthMm',
    text: (s) => measurementsText(s) ?? '—',
  },
  { id: 'origin', label: 'Origin', sort: 'origin', text: (s) => words(s.origin) },
  { id: 'treatment', label: 'Treatment', sort: 'treatment', text: (s) => words(s.treatment) },
  { id: 'fluorescence', label: 'Fluorescence', sort: 'fluorescence', text: (s) => words(s.fluorescence) },
];
