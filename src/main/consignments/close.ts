import { RETURNED_TO_SUPPLIER } from '../../shared/consignments';
import { formatDateTime } from '../../shared/format';
import type { Store } from '../db/store';
import { updateStoneFields } from '../inventory/queries';
import { resolveLocation } from '../inventory/lists';
import { recordCustodyEvent } from '../inventory/stones';
import { refuseIfOnMemo } from '../sales/stock-claims';
import type { SessionUser } from '../trpc/context';
import { DomainError } from '../trpc/errors';
import { SOLD_LOCATION } from './receive';
import { closeConsignment, consignmentRecord, runningHoldOnStone, stoneForConsignment } from './queries';

// Closing a consignment, enforced here (coordinators and administrators, the router):
//   - only a consignment still `in` closes, once: `in` → returned | settled, nothing else;
//   - returned: the stone goes back to the supplier, so it must be here and free — not sold, not out on
//     memo, not held, not reserved for a buyer. It moves to "Returned to supplier" (it has left the stock),
//     with a custody entry;
//   - settled (we bought it): settledAt and the settlement reference are kept, and a stone without a cost
//     price takes the agreed price as its cost (when its prices are in the consignment's currency or have
//     none). From then on it sells like any stone we own.
// Each runs in one IMMEDIATE transaction with its outbox entries.

function loadOpen(store: Store, id: string) {
  const consignment = consignmentRecord.get(store, id);
  if (!consignment) throw new DomainError('NOT_FOUND', 'That consignment no longer exists.');
  if (consignment.status !== 'in') {
    const how = consignment.status === 'returned' ? 'returned to' : 'bought from';
    throw new DomainError(
      'CONSIGNMENT_CLOSED',
      `This consignment is closed: the stone was already ${how} ${consignment.supplier}.`,
    );
  }
  const stone = stoneForConsignment.get(store, consignment.gemstone);
  if (!stone) throw new DomainError('INVALID_REFERENCE', 'The stone of this consignment no longer exists.');
  return { consignment, stone };
}

export function returnToSupplier(store: Store, user: SessionUser, input: { id: string; reason?: string | null }) {
  store.write((scope) => {
    const { consignment, stone } = loadOpen(store, input.id);
    if (stone.location === SOLD_LOCATION) {
      throw new DomainError('STONE_NOT_FREE', `Stone ${stone.sku} is sold; it cannot go back to the supplier.`);
    }
    refuseIfOnMemo(store, stone, 'returned to the supplier');
    const hold = runningHoldOnStone.get(store, stone.id, new Date(scope.now).toISOString());
    if (hold) {
      throw new DomainError(
        'STONE_HELD',
        `Stone ${stone.sku} is held for ${hold.buyerName} until ${formatDateTime(hold.heldUntil)}; release the hold before returning it.`,
      );
    }
    if (stone.reservedForName) {
      throw new DomainError(
        'STONE_NOT_FREE',
        `Stone ${stone.sku} is reserved for ${stone.reservedForName}; close that inquiry before returning the stone.`,
      );
    }
    closeConsignment.run(store, {
      id: consignment.id,
      now: scope.now,
      status: 'returned',
      settledAt: null,
      settlementReference: null,
      closedBy: user.id,
    });
    scope.enqueue('Consignment', consignment.id, 'update', ['status', 'closedBy']);
    const away = resolveLocation(store, RETURNED_TO_SUPPLIER, { allowRetired: true }).name;
    if (stone.location !== away) {
      updateStoneFields(store, ['location'], { id: stone.id, location: away, now: scope.now });
      scope.enqueue('Gemstone', stone.id, 'update', ['location']);
    }
    const note = input.reason ? ` (${input.reason})` : '';
    recordCustodyEvent(store, scope, {
      gemstone: stone.id,
      fromLocation: stone.location,
      toLocation: away,
      movedBy: user.id,
      reason: `Returned to supplier ${consignment.supplier}${note}`,
    });
  });
}

export function settleConsignment(
  store: Store,
  user: SessionUser,
  input: { id: string; settlementReference?: string | null },
) {
  store.write((scope) => {
    const { consignment, stone } = loadOpen(store, input.id);
    closeConsignment.run(store, {
      id: consignment.id,
      now: scope.now,
      status: 'settled',
      settledAt: new Date(scope.now).toISOString(),
      settlementReference: input.settlementReference ?? null,
      closedBy: user.id,
    });
    scope.enqueue('Consignment', consignment.id, 'update', ['status', 'settledAt', 'settlementReference', 'closedBy']);
    // What we paid is what the stone cost us, unless it already has a cost price (or its prices are
    // in another currency: a cost is never converted here).
    const sameCurrency = stone.priceCurrency === null || stone.priceCurrency === consignment.currency;
    if (stone.costPrice === null && consignment.agreedPrice !== null && sameCurrency) {
      const prices: Record<string, unknown> = { costPrice: consignment.agreedPrice };
      if (stone.priceCurrency === null) prices.priceCurrency = consignment.currency;
      updateStoneFields(store, Object.keys(prices), { ...prices, id: stone.id, now: scope.now });
      scope.enqueue('Gemstone', stone.id, 'update', Object.keys(prices));
    }
  });
}
