import type { Store } from '../db/store';
import { refuseIfOnMemo } from '../sales/stock-claims';
import { setStoneLocation, stoneLocation, stonePlaceBySku, stonesSignedOut } from './queries';
import { DomainError } from '../trpc/errors';
import { locationList, resolveLocation } from './lists';
import { recordCustodyEvent } from './stones';

// Custody: every change of place is an append-only CustodyEvent (who, when, from → to, why), written in
// the same transaction as the stone's new location, both queued for replication.

export interface MoveResult {
  toLocation: string;
  moved: { id: string; sku: string; fromLocation: string }[];
  /** SKUs that were already at the destination (nothing to log). */
  alreadyThere: string[];
}

export function moveStones(
  store: Store,
  userId: string,
  input: { skus: string[]; toLocation: string; reason: string },
): MoveResult {
  const destination = resolveLocation(store, input.toLocation, { field: 'toLocation' });
  const skus = [...new Set(input.skus.map((s) => s.trim()))];
  const stones = skus.map((sku) => stonePlaceBySku.get(store, sku) ?? stonePlaceBySku.get(store, sku.toUpperCase()));
  const unknown = skus.filter((_, i) => !stones[i]);
  if (unknown.length > 0) {
    throw new DomainError(
      'NOT_FOUND',
      `No stone with SKU ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}; nothing was moved.`,
      'skus',
    );
  }
  const result: MoveResult = { toLocation: destination.name, moved: [], alreadyThere: [] };
  store.write((scope) => {
    for (const stone of stones as { id: string; sku: string; location: string }[]) {
      // Read again inside the transaction: another window may have moved it a moment ago.
      const current = stoneLocation.get(store, stone.id)!.location;
      if (current === destination.name) {
        result.alreadyThere.push(stone.sku);
        continue;
      }
      // A stone out on memo comes back through its memo (which knows where it came from), not by a move.
      refuseIfOnMemo(store, stone, 'moved');
      setStoneLocation.run(store, destination.name, scope.now, stone.id);
      scope.enqueue('Gemstone', stone.id, 'update', ['location']);
      recordCustodyEvent(store, scope, {
        gemstone: stone.id,
        fromLocation: current,
        toLocation: destination.name,
        movedBy: userId,
        reason: input.reason,
      });
      result.moved.push({ id: stone.id, sku: stone.sku, fromLocation: current });
    }
  });
  return result;
}

export interface SignedOutStone {
  id: string;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  location: string;
  signedOutFrom: string;
  signedOutAt: string;
  signedOutByName: string | null;
  reason: string | null;
}

/**
 * Closing time: stones whose last move out of secure storage has not been followed by a return — they
 * are on the floor (showcase, counter, memo), not sold. Driven by the custody log, not by the stock.
 */
export function signedOutStones(store: Store): SignedOutStone[] {
  const locations = locationList(store);
  const vault = locations.filter((l) => l.kind === 'vault').map((l) => l.name);
  const away = locations.filter((l) => l.kind !== 'floor').map((l) => l.name);
  if (vault.length === 0) return [];
  return stonesSignedOut(store, vault, away);
}
