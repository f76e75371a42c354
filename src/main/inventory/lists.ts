import {
  clarityMismatch,
  mergeGemstoneTypes,
  mergeLocations,
  type ClarityScale,
  type GemstoneTypeEntry,
  type LocationEntry,
  type LocationKind,
} from '../../shared/inventory';
import type { Store } from '../db/store';
import { managedGemstoneTypes, managedLocations, upsertGemstoneType, upsertLocation, valuesOnStones } from './queries';
import { DomainError } from '../trpc/errors';

// The managed lists of gemstone types and locations. They are local to this workstation (not replicated
// yet), so what is offered is the built-in list ∪ what admins added here ∪ the values already on stones,
// which brings in values typed on other workstations. The distinct values on stones come from
// gemstone_tallies (a few hundred rows), not from a million stones.

export function gemstoneTypeList(store: Store): GemstoneTypeEntry[] {
  const managed = managedGemstoneTypes.all(store);
  return mergeGemstoneTypes(managed, valuesOnStones(store, 'gemstoneType'));
}

export function locationList(store: Store): LocationEntry[] {
  const managed = managedLocations.all(store);
  return mergeLocations(managed, valuesOnStones(store, 'location'));
}

/** The listed type (its spelling on the list), or a refusal on the gemstoneType field. */
export function resolveGemstoneType(store: Store, name: string, types = gemstoneTypeList(store)): GemstoneTypeEntry {
  const found = types.find((t) => t.name.toLowerCase() === name.trim().toLowerCase());
  if (!found) {
    throw new DomainError(
      'UNKNOWN_GEMSTONE_TYPE',
      `${name.trim()} is not on the list of gemstone types; an administrator can add it in Settings.`,
      'gemstoneType',
    );
  }
  return found;
}

/** A location stones may be put in now (listed and not retired), or a refusal on the location field. */
export function resolveLocation(
  store: Store,
  name: string,
  options: { allowRetired?: boolean; field?: string } = {},
  locations = locationList(store),
): LocationEntry {
  const found = locations.find((l) => l.name.toLowerCase() === name.trim().toLowerCase());
  const field = options.field ?? 'location';
  if (!found) {
    throw new DomainError(
      'UNKNOWN_LOCATION',
      `${name.trim()} is not on the list of locations; an administrator can add it in Settings.`,
      field,
    );
  }
  if (found.retired && !options.allowRetired) {
    throw new DomainError('UNKNOWN_LOCATION', `${found.name} is retired; choose another location.`, field);
  }
  return found;
}

/** Refuses a clarity grade from the wrong scale for the type, on the clarityGrade field. */
export function assertClarityFits(type: GemstoneTypeEntry, clarityGrade: string) {
  const mismatch = clarityMismatch(type.name, clarityGrade, type.clarityScale);
  if (mismatch) throw new DomainError('WRONG_CLARITY_SCALE', `${mismatch}.`, 'clarityGrade');
}

/** Adds a type to the list, or changes the clarity scale of one already there. */
export function saveGemstoneType(store: Store, userId: string, input: { name: string; clarityScale: ClarityScale }) {
  const existing = gemstoneTypeList(store).find((t) => t.name.toLowerCase() === input.name.toLowerCase());
  const name = existing?.name ?? input.name;
  store.write((scope) => {
    upsertGemstoneType.run(store, name, input.clarityScale, userId, scope.now);
    scope.touched('GemstoneTypes');
  });
  return gemstoneTypeList(store).find((t) => t.name === name)!;
}

/** Adds a location, or changes what one means (its kind) or whether it is still offered. */
export function saveLocation(
  store: Store,
  userId: string,
  input: { name: string; kind: LocationKind; retired: boolean },
) {
  const existing = locationList(store).find((l) => l.name.toLowerCase() === input.name.toLowerCase());
  const name = existing?.name ?? input.name;
  store.write((scope) => {
    upsertLocation.run(store, name, input.kind, input.retired ? 1 : 0, userId, scope.now);
    scope.touched('Locations');
  });
  return locationList(store).find((l) => l.name === name)!;
}
