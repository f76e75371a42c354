import { z } from 'zod';
import { COLOURED_CLARITY_GRADES, DEFAULT_GEMSTONE_TYPES, DEFAULT_LOCATIONS, DIAMOND_CLARITY_GRADES } from './enums';
import { GRADING_AND_PRICE_FIELDS, recordId } from './schemas';

// The inventory desk's value lists and inputs (issue "Inventory desk and vault"), shared by the core,
// which enforces them, and the screens, which answer with them as people type.

/** Which clarity scale grades a gemstone type. */
export const CLARITY_SCALES = ['diamond', 'coloured'] as const;
export type ClarityScale = (typeof CLARITY_SCALES)[number];
export const CLARITY_SCALE_LABELS: Record<ClarityScale, string> = {
  diamond: 'Diamond scale (FL … I3)',
  coloured: 'Coloured-stone types (Eye Clean … Severely Included)',
};
export const GRADES_BY_SCALE: Record<ClarityScale, readonly string[]> = {
  diamond: DIAMOND_CLARITY_GRADES,
  coloured: COLOURED_CLARITY_GRADES,
};

/** The scale of a type nobody has said otherwise about: diamonds by the diamond scale, the rest by GIA's types. */
export function defaultClarityScale(gemstoneType: string): ClarityScale {
  return /diamond/i.test(gemstoneType) ? 'diamond' : 'coloured';
}

/** The message for a grade from the wrong scale, or null when it fits. */
export function clarityMismatch(gemstoneType: string, clarityGrade: string, scale: ClarityScale): string | null {
  if (GRADES_BY_SCALE[scale].includes(clarityGrade)) return null;
  return scale === 'diamond'
    ? `${gemstoneType} is graded on the diamond scale (FL, IF, VVS1 … I3); ${clarityGrade} is not on it`
    : `${gemstoneType} is graded by GIA's coloured-stone types (Eye Clean … Severely Included); ${clarityGrade} is not one of them`;
}

/**
 * What a location means at closing time: `vault` is secure storage (a stone there is "in"), `floor` is
 * signed out (showcase, counter, out on memo), `gone` has left for good (sold, or returned to the supplier
 * it came from on consignment).
 */
export const LOCATION_KINDS = ['vault', 'floor', 'gone'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];
export const LOCATION_KIND_LABELS: Record<LocationKind, string> = {
  vault: 'Secure storage',
  floor: 'Signed out (showcase, counter, memo)',
  gone: 'Left for good (sold, returned to supplier)',
};
export const DEFAULT_LOCATION_KINDS: Record<(typeof DEFAULT_LOCATIONS)[number], LocationKind> = {
  Vault: 'vault',
  Safe: 'vault',
  'Showcase 1': 'floor',
  Counter: 'floor',
  'Out on memo': 'floor',
  Sold: 'gone',
  'Returned to supplier': 'gone',
};

export interface GemstoneTypeEntry {
  name: string;
  clarityScale: ClarityScale;
  /** built-in, added by an admin here, or only seen on stones (e.g. from another workstation). */
  source: 'built-in' | 'managed' | 'on stones';
}

export interface LocationEntry {
  name: string;
  kind: LocationKind;
  retired: boolean;
  source: 'built-in' | 'managed' | 'on stones';
}

/** Built-in types, then the managed list, then whatever stones already carry (case-insensitive, first spelling wins). */
export function mergeGemstoneTypes(
  managed: { name: string; clarityScale: string }[],
  onStones: string[],
): GemstoneTypeEntry[] {
  const out = new Map<string, GemstoneTypeEntry>();
  const managedByKey = new Map(managed.map((m) => [m.name.toLowerCase(), m]));
  for (const name of DEFAULT_GEMSTONE_TYPES) {
    const m = managedByKey.get(name.toLowerCase());
    out.set(name.toLowerCase(), {
      name,
      clarityScale: (m?.clarityScale as ClarityScale) ?? defaultClarityScale(name),
      source: 'built-in',
    });
  }
  for (const m of managed) {
    if (!out.has(m.name.toLowerCase()))
      out.set(m.name.toLowerCase(), { name: m.name, clarityScale: m.clarityScale as ClarityScale, source: 'managed' });
  }
  for (const name of onStones) {
    if (!out.has(name.toLowerCase()))
      out.set(name.toLowerCase(), { name, clarityScale: defaultClarityScale(name), source: 'on stones' });
  }
  return [...out.values()];
}

export function mergeLocations(
  managed: { name: string; kind: string; retired: boolean | number }[],
  onStones: string[],
): LocationEntry[] {
  const out = new Map<string, LocationEntry>();
  const managedByKey = new Map(managed.map((m) => [m.name.toLowerCase(), m]));
  for (const name of DEFAULT_LOCATIONS) {
    const m = managedByKey.get(name.toLowerCase());
    out.set(name.toLowerCase(), {
      name,
      kind: (m?.kind as LocationKind) ?? DEFAULT_LOCATION_KINDS[name],
      retired: Boolean(m?.retired),
      source: 'built-in',
    });
  }
  for (const m of managed) {
    if (!out.has(m.name.toLowerCase())) {
      out.set(m.name.toLowerCase(), {
        name: m.name,
        kind: m.kind as LocationKind,
        retired: Boolean(m.retired),
        source: 'managed',
      });
    }
  }
  for (const name of onStones) {
    const known = out.get(name.toLowerCase());
    // A stone still there keeps a retired location visible (it is where the stone is).
    if (known) continue;
    out.set(name.toLowerCase(), { name, kind: 'floor', retired: false, source: 'on stones' });
  }
  return [...out.values()];
}

const listName = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(label === 'Location' ? 60 : 40, `${label} must be at most ${label === 'Location' ? 60 : 40} characters`);

export const addGemstoneTypeInput = z.object({
  name: listName('Gemstone type'),
  clarityScale: z.enum(CLARITY_SCALES, { error: 'Choose the clarity scale' }),
});
export const saveLocationInput = z.object({
  name: listName('Location'),
  kind: z.enum(LOCATION_KINDS, { error: 'Choose what the location means' }),
  retired: z.boolean().default(false),
});

export const reason = z
  .string({ error: 'Say why the stones move' })
  .trim()
  .min(1, 'Say why the stones move')
  .max(200, 'The reason must be at most 200 characters');

/**
 * A stone named by its SKU as stored: the SKU rule is for SKUs typed here; another app may have written one
 * Loupe would not offer ("LP 1"), and such a stone is moved like any other.
 */
const skuOfAStone = z.string({ error: 'Scan or type a SKU' }).trim().min(1, 'Scan or type a SKU').max(200);

/** Move one stone or a tray of scanned stones (by SKU) to a location. */
export const moveStonesInput = z.object({
  skus: z.array(skuOfAStone).min(1, 'Scan at least one stone').max(1000, 'Move at most 1000 stones at a time'),
  toLocation: listName('Location'),
  reason,
});
export type MoveStonesInput = z.input<typeof moveStonesInput>;

export const startCountInput = z.object({ location: listName('Location') });
export const countScanInput = z.object({ countId: recordId, code: z.string().trim().min(1, 'Scan a SKU').max(64) });
export const countIdInput = z.object({ countId: recordId });

/** The scanned text: a SKU as a barcode scanner types it. */
export const scanInput = z.object({ code: z.string().trim().min(1, 'Scan or type a SKU').max(64) });
export const searchInput = z.object({
  q: z.string().trim().max(60),
  limit: z.number().int().min(1).max(50).default(12),
});

/** CSV columns, in the order export writes them; import accepts them in any order (header names matter). */
export const CSV_COLUMNS = [
  'sku',
  'gemstoneType',
  'caratWeight',
  'clarityGrade',
  'certificateNumber',
  'certificateStatus',
  'location',
  'assignedBuyerCode',
  // Grading, then prices in major units (12500.50) of priceCurrency; prices are left out of practitioners' exports.
  ...GRADING_AND_PRICE_FIELDS,
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export const REQUIRED_CSV_COLUMNS = ['sku', 'gemstoneType', 'caratWeight', 'clarityGrade', 'location'] as const;

/** A CSV file of stones, as text (about 100 bytes a stone: 50 MB is half a million stones). */
export const importCsvInput = z.object({
  csv: z.string().max(50_000_000, 'The file is larger than 50 MB; split it into smaller files'),
  /** Chosen by the screen so it can follow the progress of this import. */
  jobId: z.string().trim().min(8).max(64),
});

export const LABEL_FORMATS = ['png', 'pdf'] as const;
export const labelInput = z.object({
  ids: z.array(recordId).min(1).max(500),
  format: z.enum(LABEL_FORMATS),
});
