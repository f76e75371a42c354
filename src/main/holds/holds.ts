import type { HoldStatus } from '../../shared/enums';
import { formatDateTime } from '../../shared/format';
import { HOLD_MAX_DAYS, HOLD_MAX_MS, extendHoldInput, placeHoldInput, type PlaceHoldInput } from '../../shared/holds';
import type { Store, WriteScope } from '../db/store';
import { refuseIfOnMemo } from '../sales/stock-claims';
import type { SessionUser } from '../trpc/context';
import { DomainError } from '../trpc/errors';
import {
  activeHoldOnStone,
  activeHoldsOnStones,
  activeHoldsPlacedBy,
  allActiveHolds,
  buyerForHold,
  endHold,
  holdById,
  holdsOfStone,
  insertHold,
  lapsedHoldsOnStone,
  setHeldUntil,
  stoneForHold,
  type HoldRow,
} from './queries';

// Timed holds of a stone for a buyer, enforced here:
//   - coordinators and administrators place holds (the router; practitioners only see them);
//   - one hold holds a stone at a time: a hold holds it while it is active and its time has not run out,
//     reckoned from the store's clock at every read, so a hold runs out by itself without a write;
//   - a sold stone, or one reserved for (or assigned to) another buyer, cannot be held;
//   - only the person who placed a hold, or an administrator, releases, extends or converts it;
//   - a hold lasts until a moment in the future, at most HOLD_MAX_DAYS ahead.
// Each change runs in one IMMEDIATE transaction with its outbox entry (Store.write), so two people holding
// the same stone at the same moment get one hold and one refusal.

export const SOLD_LOCATION = 'Sold';

/** A hold as it leaves the core. `status` is what it is now: an active hold whose time passed is `expired`. */
export interface Hold extends Omit<HoldRow, 'status'> {
  status: HoldStatus;
  /** Holds its stone right now. */
  holding: boolean;
}

export const isoNow = (store: Store) => new Date(store.clock()).toISOString();

export function toHold(row: HoldRow, nowIso: string): Hold {
  const lapsed = row.status === 'active' && row.heldUntil <= nowIso;
  return { ...row, status: lapsed ? 'expired' : row.status, holding: row.status === 'active' && !lapsed };
}

/** "Stone RB-1001 is held by Cora Diaz for Aurora Gems until 7 Dec 2026, 15:00." */
export function heldMessage(hold: HoldRow): string {
  const by = hold.placedByName ?? 'another staff member';
  return `Stone ${hold.sku} is held by ${by} for ${hold.buyerName} until ${formatDateTime(hold.heldUntil)}.`;
}

function loadHold(store: Store, id: string): HoldRow {
  const row = holdById.get(store, id);
  if (!row) throw new DomainError('NOT_FOUND', 'That hold no longer exists.');
  return row;
}

/** The moment a hold may last until: in the future, and not more than HOLD_MAX_DAYS ahead. */
function checkUntil(heldUntil: string, now: number): void {
  const until = new Date(heldUntil).getTime();
  if (until <= now) throw new DomainError('INVALID_VALUE', 'Choose a time in the future.', 'heldUntil');
  if (until - now > HOLD_MAX_MS) {
    throw new DomainError('INVALID_VALUE', `A hold lasts at most ${HOLD_MAX_DAYS} days.`, 'heldUntil');
  }
}

/** Releases, extensions and conversions belong to the person who placed the hold, or an administrator. */
export function assertMayChange(user: SessionUser, hold: HoldRow, action: string): void {
  if (user.role === 'admin' || hold.placedBy === user.id) return;
  throw new DomainError(
    'NOT_HOLD_OWNER',
    `Only ${hold.placedByName ?? 'the person who placed it'} or an administrator can ${action} this hold.`,
  );
}

/** The hold must still hold its stone. */
export function assertHolding(hold: HoldRow, nowIso: string): void {
  if (hold.status !== 'active') throw new DomainError('HOLD_ENDED', 'This hold has already ended.');
  if (hold.heldUntil <= nowIso) {
    throw new DomainError(
      'HOLD_ENDED',
      `This hold ran out at ${formatDateTime(hold.heldUntil)}; place a new hold instead.`,
    );
  }
}

/** Marks holds of a stone whose time has passed as expired, inside a write (a new hold replaces them). */
function closeLapsedHolds(store: Store, scope: WriteScope, stoneId: string, nowIso: string, by: string) {
  for (const { id } of lapsedHoldsOnStone.all(store, stoneId, nowIso)) {
    endHold.run(store, { id, status: 'expired', endedAt: nowIso, endedBy: by, reservation: null, now: scope.now });
    scope.enqueue('StoneHold', id, 'update', ['status', 'endedAt', 'endedBy']);
  }
}

export function placeHold(store: Store, user: SessionUser, rawInput: PlaceHoldInput): Hold {
  const input = placeHoldInput.parse(rawInput);
  const id = store.write((scope) => {
    const nowIso = new Date(scope.now).toISOString();
    checkUntil(input.heldUntil, scope.now);
    const stone = stoneForHold.get(store, input.gemstone);
    if (!stone) throw new DomainError('INVALID_REFERENCE', 'That stone no longer exists.', 'gemstone');
    const buyer = buyerForHold.get(store, input.buyer);
    if (!buyer) throw new DomainError('INVALID_REFERENCE', 'Choose a buyer: that one no longer exists.', 'buyer');
    if (buyer.salesStatus === 'blocked') {
      throw new DomainError('BUYER_BLOCKED', `${buyer.companyName} is blocked; unblock the buyer first.`, 'buyer');
    }
    if (stone.location === SOLD_LOCATION) throw new DomainError('STONE_NOT_FREE', `Stone ${stone.sku} is sold.`);
    if (stone.reservedFor && stone.reservedFor !== input.buyer) {
      throw new DomainError('STONE_NOT_FREE', `Stone ${stone.sku} is reserved for ${stone.reservedForName}.`);
    }
    if (stone.assignedBuyer && stone.assignedBuyer !== input.buyer) {
      throw new DomainError('STONE_NOT_FREE', `Stone ${stone.sku} is assigned to ${stone.assignedBuyerName}.`);
    }
    const current = activeHoldOnStone.get(store, stone.id, nowIso);
    if (current) throw new DomainError('STONE_HELD', heldMessage(current));
    refuseIfOnMemo(store, stone, 'held');
    closeLapsedHolds(store, scope, stone.id, nowIso, user.id);

    const id = store.newId();
    insertHold.run(store, {
      id,
      now: scope.now,
      gemstone: stone.id,
      buyer: input.buyer,
      placedBy: user.id,
      heldUntil: input.heldUntil,
      note: input.note || null,
    });
    scope.enqueue('StoneHold', id, 'create');
    return id;
  });
  return getHold(store, id);
}

export function releaseHold(store: Store, user: SessionUser, id: string): Hold {
  store.write((scope) => {
    const hold = loadHold(store, id);
    const nowIso = new Date(scope.now).toISOString();
    assertMayChange(user, hold, 'release');
    assertHolding(hold, nowIso);
    endHold.run(store, {
      id,
      status: 'released',
      endedAt: nowIso,
      endedBy: user.id,
      reservation: null,
      now: scope.now,
    });
    scope.enqueue('StoneHold', id, 'update', ['status', 'endedAt', 'endedBy']);
  });
  return getHold(store, id);
}

export function extendHold(store: Store, user: SessionUser, rawInput: { id: string; heldUntil: string }): Hold {
  const input = extendHoldInput.parse(rawInput);
  store.write((scope) => {
    const hold = loadHold(store, input.id);
    assertMayChange(user, hold, 'extend');
    assertHolding(hold, new Date(scope.now).toISOString());
    checkUntil(input.heldUntil, scope.now);
    if (input.heldUntil === hold.heldUntil) return;
    setHeldUntil.run(store, input.heldUntil, scope.now, hold.id);
    scope.enqueue('StoneHold', hold.id, 'update', ['heldUntil']);
  });
  return getHold(store, input.id);
}

export function getHold(store: Store, id: string): Hold {
  return toHold(loadHold(store, id), isoNow(store));
}

/** A stone's hold now (or null) and its hold history. */
export function holdsForStone(store: Store, stoneId: string) {
  const nowIso = isoNow(store);
  const current = activeHoldOnStone.get(store, stoneId, nowIso);
  return {
    current: current ? toHold(current, nowIso) : null,
    history: holdsOfStone.all(store, stoneId).map((r) => toHold(r, nowIso)),
  };
}

/** The holds holding the given stones now (a grid page, Ctrl+K hits): a second small query beside theirs. */
export function holdsOnStones(store: Store, stoneIds: readonly string[]): Hold[] {
  const nowIso = isoNow(store);
  return activeHoldsOnStones(store, stoneIds, nowIso).map((r) => toHold(r, nowIso));
}

export function listHolds(store: Store, user: SessionUser, which: 'mine' | 'all'): Hold[] {
  const nowIso = isoNow(store);
  const rows = which === 'mine' ? activeHoldsPlacedBy.all(store, user.id, nowIso) : allActiveHolds.all(store, nowIso);
  return rows.map((r) => toHold(r, nowIso));
}
