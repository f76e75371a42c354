import type { HoldStatus } from '../../shared/enums';
import { query } from '../db/query';
import type { Store } from '../db/store';

// Every statement of holds, prepared once per store (Store.statement). A hold holds its stone while its
// status is `active` and its heldUntil is still ahead of the store's clock: `@now`/`?` below is that clock
// as ISO text, which compares with heldUntil as text (both are UTC ISO instants).

/** A hold as the screens show it (names joined in). */
export interface HoldRow {
  id: string;
  objectId: string | null;
  gemstone: string;
  sku: string;
  buyer: string;
  buyerName: string;
  buyerCode: string;
  placedBy: string | null;
  placedByName: string | null;
  heldUntil: string;
  status: HoldStatus;
  endedAt: string | null;
  endedByName: string | null;
  reservation: string | null;
  note: string | null;
  createdAt: string | null;
  localUpdatedAt: number;
}

const SELECT_HOLD = `
  SELECT h.id, h.objectId, h.gemstone, g.sku, h.buyer, b.companyName AS buyerName, b.buyerCode, h.placedBy,
         p.fullName AS placedByName, h.heldUntil, h.status, h.endedAt, e.fullName AS endedByName, h.reservation,
         h.note, h.createdAt, h.localUpdatedAt
  FROM stone_holds h
  JOIN gemstones g ON g.id = h.gemstone
  JOIN buyers b ON b.id = h.buyer
  LEFT JOIN users p ON p.id = h.placedBy
  LEFT JOIN users e ON e.id = h.endedBy`;

export const holdById = query<[id: string], HoldRow>(`${SELECT_HOLD} WHERE h.id = ?`);

/** The hold holding a stone now, if any (the (gemstone, status, heldUntil) index answers it). */
export const activeHoldOnStone = query<[stoneId: string, now: string], HoldRow>(
  `${SELECT_HOLD} WHERE h.gemstone = ? AND h.status = 'active' AND h.heldUntil > ?
   ORDER BY h.heldUntil DESC LIMIT 1`,
);

/** A stone's holds, latest first: its hold history. */
export const holdsOfStone = query<[stoneId: string], HoldRow>(
  `${SELECT_HOLD} WHERE h.gemstone = ? ORDER BY coalesce(h.createdAt, '9999') DESC, h.localUpdatedAt DESC LIMIT 20`,
);

/** The active holds on the given stones (a grid page, search hits): one look-up per stone id, by index. */
export function activeHoldsOnStones(store: Store, stoneIds: readonly string[], now: string): HoldRow[] {
  if (stoneIds.length === 0) return [];
  return store
    .statement(
      `${SELECT_HOLD} WHERE h.gemstone IN (${stoneIds.map(() => '?').join(', ')})
       AND h.status = 'active' AND h.heldUntil > ? ORDER BY h.heldUntil`,
    )
    .all(...stoneIds, now) as HoldRow[];
}

export const activeHoldsPlacedBy = query<[userId: string, now: string], HoldRow>(
  `${SELECT_HOLD} WHERE h.placedBy = ? AND h.status = 'active' AND h.heldUntil > ? ORDER BY h.heldUntil`,
);

export const allActiveHolds = query<[now: string], HoldRow>(
  `${SELECT_HOLD} WHERE h.status = 'active' AND h.heldUntil > ? ORDER BY h.heldUntil LIMIT 1000`,
);

/** Active holds of a stone whose time has passed: marked expired when a new hold is placed. */
export const lapsedHoldsOnStone = query<[stoneId: string, now: string], { id: string }>(
  `SELECT id FROM stone_holds WHERE gemstone = ? AND status = 'active' AND heldUntil <= ?`,
);

/** When the next active hold runs out (the expiry wake-up). */
export const nextExpiry = query<[now: string], { heldUntil: string | null }>(
  `SELECT min(heldUntil) AS heldUntil FROM stone_holds WHERE status = 'active' AND heldUntil > ?`,
);

/**
 * A person's holds that ran out recently and that they have not acknowledged: `settings` keeps one row
 * per dismissed notice (local to this workstation, like the rest of its settings).
 */
export const ranOutHoldsOf = query<[userId: string, now: string, since: string], HoldRow>(
  `${SELECT_HOLD} WHERE h.placedBy = ? AND h.heldUntil <= ? AND h.heldUntil > ?
     AND h.status IN ('active', 'expired')
     AND NOT EXISTS (SELECT 1 FROM settings s WHERE s.key = 'holdNoticeSeen:' || h.id)
   ORDER BY h.heldUntil DESC LIMIT 50`,
);

export const acknowledgeNotice = query<[holdId: string, now: number]>(
  `INSERT INTO settings (key, value, updatedAt) VALUES ('holdNoticeSeen:' || ?, 'true', ?)
   ON CONFLICT (key) DO NOTHING`,
);

// ── Writes ──

export interface StoneForHold {
  id: string;
  sku: string;
  location: string;
  assignedBuyer: string | null;
  assignedBuyerName: string | null;
  caratWeight: number;
  reservedFor: string | null;
  reservedForName: string | null;
}

export const stoneForHold = query<[id: string], StoneForHold>(
  `SELECT g.id, g.sku, g.location, g.assignedBuyer, ab.companyName AS assignedBuyerName, g.caratWeight,
          r.buyer AS reservedFor, rb.companyName AS reservedForName
   FROM gemstones g
   LEFT JOIN buyers ab ON ab.id = g.assignedBuyer
   LEFT JOIN purchase_inquiries r ON r.id = (SELECT id FROM purchase_inquiries
       WHERE gemstone = g.id AND inquiryStatus = 'reserved' LIMIT 1)
   LEFT JOIN buyers rb ON rb.id = r.buyer
   WHERE g.id = ?`,
);

export const buyerForHold = query<[id: string], { companyName: string; salesStatus: string }>(
  'SELECT companyName, salesStatus FROM buyers WHERE id = ?',
);

export const insertHold = query<
  [
    {
      id: string;
      now: number;
      gemstone: string;
      buyer: string;
      placedBy: string;
      heldUntil: string;
      note: string | null;
    },
  ]
>(
  `INSERT INTO stone_holds (id, localUpdatedAt, gemstone, buyer, placedBy, heldUntil, status, note)
   VALUES (@id, @now, @gemstone, @buyer, @placedBy, @heldUntil, 'active', @note)`,
);

export const endHold = query<
  [{ id: string; status: HoldStatus; endedAt: string; endedBy: string | null; reservation: string | null; now: number }]
>(
  `UPDATE stone_holds SET status = @status, endedAt = @endedAt, endedBy = @endedBy,
     reservation = coalesce(@reservation, reservation), localUpdatedAt = @now WHERE id = @id`,
);

export const setHeldUntil = query<[heldUntil: string, now: number, id: string]>(
  'UPDATE stone_holds SET heldUntil = ?, localUpdatedAt = ? WHERE id = ?',
);

/** A hold the server refused ends here without being sent: it never held the stone anywhere else. */
export const endRefusedHold = query<[{ id: string; endedAt: string; note: string; now: number }]>(
  `UPDATE stone_holds SET status = 'released', endedAt = @endedAt, note = @note, localUpdatedAt = @now
   WHERE id = @id AND status = 'active'`,
);

export const holdForRefusal = query<[id: string], { objectId: string | null; note: string | null; status: string }>(
  'SELECT objectId, note, status FROM stone_holds WHERE id = ?',
);

/** The buyer's open inquiry on a stone, reserved first: what "make it a reservation" moves along. */
export const openInquiryOnStone = query<
  [buyer: string, stone: string],
  { id: string; inquiryStatus: string; quotedPrice: number | null; currency: string }
>(
  `SELECT id, inquiryStatus, quotedPrice, currency FROM purchase_inquiries
   WHERE buyer = ? AND gemstone = ? AND inquiryStatus IN ('new', 'quoted', 'reserved')
   ORDER BY inquiryStatus = 'reserved' DESC, inquiryStatus = 'quoted' DESC, rowid DESC LIMIT 1`,
);
