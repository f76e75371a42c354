import { CLARITY_GRADES, type CertificateStatus, type Role } from '../../shared/enums';
import { refuseIfOnMemo } from '../sales/stock-claims';
import { GRADING_AND_PRICE_FIELDS, STONE_FIELDS, type NewStoneValues, type StoneValues } from '../../shared/schemas';
import { assertStatusChange, formStatusChoices, recordStatusChange } from '../certificates/status-changes';
import type { Store, WriteScope } from '../db/store';
import {
  buyerExists,
  insertCustodyEvent,
  insertStone,
  stoneById,
  stoneBySku,
  stoneIdBySku,
  updateStoneFields,
} from './queries';
import { DomainError } from '../trpc/errors';
import type { Stone } from './queries/grid';
import { assertClarityFits, gemstoneTypeList, locationList, resolveGemstoneType, resolveLocation } from './lists';
import { assertMayNamePrices, canSeeStonePrices, checkGrading, namedPrices, storedPrices } from './grading';

export { listStones, type Stone, type StonePage } from './queries/grid';

export function getStone(store: Store, id: string): Stone {
  const stone = stoneById.get(store, id);
  if (!stone) throw new DomainError('NOT_FOUND', 'That stone no longer exists.');
  return stone;
}

/** The stone with this SKU as a scanner types it: exactly, else in capitals (labels print SKUs in capitals). */
export function findBySku(store: Store, code: string): Stone | null {
  const trimmed = code.trim();
  return (
    stoneBySku.get(store, trimmed) ??
    (trimmed.toUpperCase() !== trimmed ? stoneBySku.get(store, trimmed.toUpperCase()) : undefined) ??
    null
  );
}

function assertSkuFree(store: Store, sku: string, exceptId?: string) {
  const clash = stoneIdBySku.get(store, sku);
  if (clash && clash.id !== exceptId) {
    throw new DomainError('DUPLICATE_SKU', `A stone with SKU ${sku} already exists.`, 'sku');
  }
}

function assertBuyerExists(store: Store, buyerId: string | null) {
  if (buyerId === null) return;
  if (!buyerExists(store, buyerId)) {
    throw new DomainError('INVALID_REFERENCE', 'The assigned buyer does not exist.', 'assignedBuyer');
  }
}

/**
 * The trade's rules beyond the field shapes: the type is on the managed list (its spelling is kept), the
 * clarity grade is on that type's scale, the location is listed and not retired.
 */
export function checkListedValues(
  store: Store,
  values: Pick<StoneValues, 'gemstoneType' | 'clarityGrade' | 'location'> &
    Partial<Pick<StoneValues, 'colour' | 'fluorescence'>>,
) {
  const type = resolveGemstoneType(store, values.gemstoneType);
  assertClarityFits(type, values.clarityGrade);
  const grading = checkGrading(type, values);
  const location = resolveLocation(store, values.location);
  return { gemstoneType: type.name, location: location.name, ...grading };
}

/** Who makes a change on the stone form or an import: the certificate status rule depends on the role. */
export interface StoneEditor {
  id: string | null;
  role: Role;
}

/** A script or test writing as the system: every status change still needs its verification (see status-changes.ts). */
const SYSTEM: StoneEditor = { id: null, role: 'coordinator' };

const NO_GRADING = Object.fromEntries(GRADING_AND_PRICE_FIELDS.map((f) => [f, null])) as Pick<
  StoneValues,
  (typeof GRADING_AND_PRICE_FIELDS)[number]
>;

export function createStone(
  store: Store,
  given: NewStoneValues,
  by: StoneEditor = SYSTEM,
  statusReason: string | null = null,
): Stone {
  return getStone(
    store,
    store.write((scope) => addStone(store, scope, given, by, statusReason)),
  );
}

/**
 * Adds a stone inside the caller's write (a stone that arrives with other paperwork, e.g. a consignment,
 * goes in the same transaction): the same rules as the stone form. Returns the new stone's id.
 */
export function addStone(
  store: Store,
  scope: WriteScope,
  given: NewStoneValues,
  by: StoneEditor = SYSTEM,
  statusReason: string | null = null,
): string {
  const values: StoneValues = { ...NO_GRADING, ...given };
  assertMayNamePrices(by.role, namedPrices(values));
  assertSkuFree(store, values.sku);
  const listed = checkListedValues(store, values);
  const prices = storedPrices(values);
  assertBuyerExists(store, values.assignedBuyer);
  assertStatusChange(store, {
    gemstone: null,
    from: null,
    to: values.certificateStatus,
    role: by.role,
    reason: statusReason,
  });
  const id = store.newId();
  insertStone.run(store, { ...values, ...listed, ...prices, id, now: scope.now });
  scope.enqueue('Gemstone', id, 'create');
  if (values.certificateStatus !== 'none') {
    recordStatusChange(store, scope, {
      gemstone: id,
      from: null,
      to: values.certificateStatus,
      by: by.id,
      reason: statusReason,
    });
  }
  return id;
}

/** Appends one custody event (and queues it) inside the caller's write. */
export function recordCustodyEvent(
  store: Store,
  scope: WriteScope,
  event: { gemstone: string; fromLocation: string; toLocation: string; movedBy: string | null; reason: string },
) {
  const id = store.newId();
  insertCustodyEvent.run(store, { ...event, id, now: scope.now, movedAt: new Date(scope.now).toISOString() });
  scope.enqueue('CustodyEvent', id, 'create');
  return id;
}

/**
 * Applies only the fields that really changed, and queues exactly those for replication. A new location
 * is a custody move too: it is logged, so the custody log never misses a change of place.
 */
export function updateStone(
  store: Store,
  id: string,
  changes: Partial<StoneValues>,
  by: StoneEditor = SYSTEM,
  statusReason: string | null = null,
): Stone {
  const userId = by.id;
  // A practitioner may not set prices, nor clear them, nor change the currency they are in.
  assertMayNamePrices(
    by.role,
    (['costPrice', 'askingPrice', 'priceCurrency'] as const).filter((f) => changes[f] !== undefined),
  );
  store.write((scope: WriteScope) => {
    const current = getStone(store, id);
    const next: Record<string, unknown> & Partial<StoneValues> = { ...changes };
    const grading = ['gemstoneType', 'clarityGrade', 'colour', 'fluorescence'] as const;
    if (grading.some((f) => next[f] !== undefined)) {
      const type = resolveGemstoneType(store, next.gemstoneType ?? current.gemstoneType);
      if (next.gemstoneType !== undefined) next.gemstoneType = type.name;
      assertClarityFits(type, next.clarityGrade ?? current.clarityGrade);
      const checked = checkGrading(type, {
        colour: next.colour !== undefined ? next.colour : current.colour,
        fluorescence: next.fluorescence !== undefined ? next.fluorescence : (current.fluorescence as never),
      });
      if (next.colour !== undefined && checked.colour !== undefined) next.colour = checked.colour;
    }
    Object.assign(next, storedPrices(changes, current));
    if (next.location !== undefined) {
      next.location =
        next.location.toLowerCase() === current.location.toLowerCase()
          ? current.location
          : resolveLocation(store, next.location).name;
    }
    const changed = STONE_FIELDS.filter((f) => next[f] !== undefined && next[f] !== current[f as keyof Stone]);
    if (changed.length === 0) return;
    if (changed.includes('sku')) assertSkuFree(store, next.sku!, id);
    if (changed.includes('location')) refuseIfOnMemo(store, current, 'moved');
    if (changed.includes('assignedBuyer')) assertBuyerExists(store, next.assignedBuyer ?? null);
    if (changed.includes('certificateStatus')) {
      assertStatusChange(store, {
        gemstone: id,
        from: current.certificateStatus as CertificateStatus,
        to: next.certificateStatus!,
        role: by.role,
        reason: statusReason,
      });
    }
    const params: Record<string, unknown> = { id, now: scope.now };
    for (const f of changed) params[f] = next[f];
    updateStoneFields(store, changed, params);
    scope.enqueue('Gemstone', id, 'update', changed);
    if (changed.includes('certificateStatus')) {
      recordStatusChange(store, scope, {
        gemstone: id,
        from: current.certificateStatus as CertificateStatus,
        to: next.certificateStatus!,
        by: userId,
        reason: statusReason,
      });
    }
    if (changed.includes('location')) {
      recordCustodyEvent(store, scope, {
        gemstone: id,
        fromLocation: current.location,
        toLocation: next.location!,
        movedBy: userId,
        reason: 'Location changed on the stone form',
      });
    }
  });
  return getStone(store, id);
}

/**
 * The choices the stone form offers: the managed lists (with what stones already carry), and the
 * certificate statuses this person may set on this stone (or on a stone being added).
 */
export function stoneFormOptions(store: Store, role: Role, stoneId: string | null = null) {
  const types = gemstoneTypeList(store);
  const locations = locationList(store);
  return {
    gemstoneTypes: types.map((t) => t.name),
    types,
    locations: locations.filter((l) => !l.retired).map((l) => l.name),
    allLocations: locations,
    clarityGrades: [...CLARITY_GRADES],
    certificateStatuses: formStatusChoices(store, role, stoneId),
    /** Whether the form offers the Prices section (the core refuses prices from anyone else). */
    seesPrices: canSeeStonePrices(role),
  };
}
