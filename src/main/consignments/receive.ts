import { receiveConsignmentInput, type ReceiveConsignmentInput } from '../../shared/consignments';
import { toMinorUnits } from '../../shared/money';
import type { Store, WriteScope } from '../db/store';
import { addStone, findBySku, recordCustodyEvent } from '../inventory/stones';
import { openConsignmentOfStone, refuseIfOnMemo } from '../sales/stock-claims';
import type { SessionUser } from '../trpc/context';
import { DomainError } from '../trpc/errors';
import { insertConsignment, stoneForConsignment } from './queries';

// Receiving stones on consignment from a supplier (another dealer), enforced here:
//   - coordinators and administrators receive (the router);
//   - each stone is either new (made by the inventory's own rules, in the same write) or already in the
//     stock, not sold, not out on memo and not on another consignment still in: a stone has at most one
//     consignment `in`;
//   - each gets its Consignment (status in, its agreed price in minor units, received by the caller) and a
//     custody entry "Received on consignment from <supplier>";
//   - all of it, or none of it: one IMMEDIATE transaction with its outbox entries.

export const SOLD_LOCATION = 'Sold';

/** A refusal about one stone of the list says which row it is about. */
function onRow(index: number, sku: string | null, error: unknown): never {
  if (!(error instanceof DomainError)) throw error;
  const which = sku ? `Stone ${index + 1} (${sku})` : `Stone ${index + 1}`;
  const message = error.message.startsWith('Stone ') ? error.message : `${which}: ${error.message}`;
  const field = error.field ? `stones.${index}.${error.field}` : `stones.${index}`;
  throw new DomainError(error.reason, message, field, error.existingId);
}

/** A stone in the stock by its SKU as a scanner types it, or a refusal on that row's SKU. */
function stoneIdOf(store: Store, sku: string): string {
  const stone = findBySku(store, sku);
  if (!stone) throw new DomainError('NOT_FOUND', `No stone with SKU ${sku} is in the stock.`, 'sku');
  return stone.id;
}

function existingStone(store: Store, stoneId: string) {
  const stone = stoneForConsignment.get(store, stoneId);
  if (!stone) throw new DomainError('INVALID_REFERENCE', 'That stone no longer exists.', 'gemstone');
  if (stone.location === SOLD_LOCATION) {
    throw new DomainError('STONE_NOT_FREE', `Stone ${stone.sku} is sold; it cannot come in on consignment.`);
  }
  const open = openConsignmentOfStone.get(store, stone.id);
  if (open) {
    throw new DomainError(
      'STONE_NOT_FREE',
      `Stone ${stone.sku} is already on consignment from ${open.supplier}; return it or record its settlement first.`,
    );
  }
  refuseIfOnMemo(store, stone, 'received on consignment');
  return stone;
}

export function receiveConsignment(store: Store, user: SessionUser, raw: ReceiveConsignmentInput): string[] {
  const input = receiveConsignmentInput.parse(raw);
  return store.write((scope: WriteScope) => {
    const receivedAt = new Date(scope.now).toISOString();
    const seen = new Set<string>();
    return input.stones.map((line, index) => {
      let stone: { id: string; sku: string; location: string };
      try {
        if (line.kind === 'new') {
          const id = addStone(store, scope, { ...line.stone, assignedBuyer: null }, { id: user.id, role: user.role });
          stone = { id, sku: line.stone.sku, location: stoneForConsignment.get(store, id)!.location };
        } else {
          const id = line.gemstone ?? stoneIdOf(store, line.sku!);
          if (seen.has(id)) {
            const sku = stoneForConsignment.get(store, id)!.sku;
            throw new DomainError('INVALID_VALUE', `Stone ${sku} is on the list twice.`);
          }
          stone = existingStone(store, id);
        }
      } catch (error) {
        onRow(index, line.kind === 'new' ? line.stone.sku : (line.sku ?? null), error);
      }
      seen.add(stone.id);

      const id = store.newId();
      insertConsignment.run(store, {
        id,
        now: scope.now,
        gemstone: stone.id,
        supplier: input.supplier,
        supplierReference: input.supplierReference,
        terms: input.terms,
        agreedPrice: toMinorUnits(line.agreedPrice, input.currency),
        currency: input.currency,
        receivedAt,
        dueDate: input.dueDate ?? null,
        receivedBy: user.id,
      });
      scope.enqueue('Consignment', id, 'create');
      recordCustodyEvent(store, scope, {
        gemstone: stone.id,
        fromLocation: input.supplier,
        toLocation: stone.location,
        movedBy: user.id,
        reason: `Received on consignment from ${input.supplier}`,
      });
      return id;
    });
  });
}
