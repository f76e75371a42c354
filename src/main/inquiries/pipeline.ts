import type { InquiryStatus } from '../../shared/enums';
import { formatDateTime } from '../../shared/format';
import { toMajorUnits, toMinorUnits } from '../../shared/money';
import {
  createInquiryInput,
  inquiryChanges,
  isLegalTransition,
  transitionInput,
  type CreateInquiryInput,
  type InquiryChanges,
  type StatusHistoryEntry,
  type TransitionInput,
} from '../../shared/sales';
import { actorRef, assertSalesStaff, isoAt } from '../sales/rules';
import { refuseIfConsignmentUnsettled, refuseIfOnMemo } from '../sales/stock-claims';
import type { Store, WriteScope } from '../db/store';
import type { SessionUser } from '../trpc/context';
import { recordCustodyEvent } from '../inventory/stones';
import { issueInvoice } from '../invoices/issue';
import { DomainError } from '../trpc/errors';
import { getInquiry, parseHistory, type InquiryDetail } from './inquiries';
import { closeRivalInquiries } from './rivals';
import {
  buyerCompanyName,
  buyerNameAndStatus,
  holdForAnotherBuyer,
  inquiryRecord,
  insertInquiry,
  otherReservationOf,
  stoneRecord,
  updateInquiryFields,
  updateStoneFields,
} from './queries';

// The inquiry pipeline, enforced here and nowhere else:
//   new → quoted      needs a quoted price (and its currency)
//   quoted → reserved the stone must be free (not sold, not assigned to another buyer, no other inquiry
//                     reserved on it, not held for another buyer) and its certificate not in mismatch (administrators may override,
//                     with a reason kept in the history); sets the stone's assignedBuyer
//   open → closed     with an outcome (sold, lost, withdrawn) and a reason; releases the stone it reserved;
//                     sold moves the stone to the location "Sold" and closes the stone's other open
//                     inquiries as lost (rivals.ts)
//   a stone out on memo is neither reserved nor sold here (the memo records its sale), and a consigned
//   stone is not sold before its settlement is recorded (sales/stock-claims.ts)
// Each transition runs in one IMMEDIATE transaction (Store.write): the checks and the writes cannot
// interleave with another writer, so two people reserving the same stone get one reservation and one
// refusal. Every transition appends { from, to, by, at, reason? } to statusHistory in that transaction.

export const SOLD_LOCATION = 'Sold';

export interface InquiryRecord {
  id: string;
  buyer: string;
  gemstone: string;
  inquiryStatus: InquiryStatus;
  quotedPrice: number | null;
  currency: string;
  requestedCaratWeight: number;
  handledBy: string | null;
  followUpAt: string | null;
  statusHistory: string | null;
}

export interface StoneRecord {
  id: string;
  sku: string;
  location: string;
  certificateStatus: string;
  assignedBuyer: string | null;
  assignedBuyerName: string | null;
}

function loadInquiry(store: Store, id: string): InquiryRecord {
  const row = inquiryRecord.get(store, id);
  if (!row) throw new DomainError('NOT_FOUND', 'That inquiry no longer exists.');
  return row;
}

function loadStone(store: Store, id: string): StoneRecord | undefined {
  return stoneRecord.get(store, id);
}

function buyerName(store: Store, id: string): string {
  return buyerCompanyName.get(store, id)?.companyName ?? 'another buyer';
}

/** A hold of `stoneId` for another buyer than the inquiry's: a reservation or a sale waits for it to end. */
function refuseIfHeldForAnother(store: Store, stone: { id: string; sku: string }, buyerId: string, now: number) {
  const hold = holdForAnotherBuyer.get(store, stone.id, isoAt(now), buyerId);
  if (hold) {
    throw new DomainError(
      'STONE_HELD',
      `Stone ${stone.sku} is held for ${hold.buyerName} until ${formatDateTime(hold.heldUntil)}; release the hold or wait until it runs out.`,
    );
  }
}

/** Another inquiry holding `stone` in reserved, if any. */
function otherReservation(store: Store, stoneId: string, exceptInquiryId: string) {
  return otherReservationOf.get(store, stoneId, exceptInquiryId);
}

export function createInquiry(store: Store, user: SessionUser, rawInput: CreateInquiryInput): InquiryDetail {
  const input = createInquiryInput.parse(rawInput);
  const id = store.write((scope) => {
    const buyer = buyerNameAndStatus.get(store, input.buyer);
    if (!buyer) throw new DomainError('INVALID_REFERENCE', 'Choose a buyer: that one no longer exists.', 'buyer');
    if (buyer.salesStatus === 'blocked') {
      throw new DomainError(
        'BUYER_BLOCKED',
        `${buyer.companyName} is blocked; unblock the buyer before taking an inquiry.`,
        'buyer',
      );
    }
    const stone = loadStone(store, input.gemstone);
    if (!stone) throw new DomainError('INVALID_REFERENCE', 'That stone no longer exists.', 'gemstone');
    if (stone.location === SOLD_LOCATION)
      throw new DomainError('STONE_NOT_FREE', `Stone ${stone.sku} is sold.`, 'gemstone');
    // Whoever takes the inquiry (a coordinator or an administrator: the router allows no one else) handles it.
    const handledBy = input.handledBy ?? user.id;
    assertSalesStaff(store, handledBy, 'handledBy', 'handler');

    const id = store.newId();
    const at = isoAt(scope.now);
    const history: StatusHistoryEntry[] = [{ from: null, to: 'new', ...actorRef(store, user), at }];
    insertInquiry.run(store, {
      id,
      now: scope.now,
      buyer: input.buyer,
      gemstone: input.gemstone,
      requestedCaratWeight: input.requestedCaratWeight,
      quotedPrice: input.quotedPrice === null ? null : toMinorUnits(input.quotedPrice, input.currency),
      currency: input.currency,
      handledBy,
      followUpAt: input.followUpAt,
      history: JSON.stringify(history),
      at,
    });
    scope.enqueue('PurchaseInquiry', id, 'create');
    return id;
  });
  return getInquiry(store, user.role, id);
}

/** Edits the details of an open inquiry; its buyer and stone are fixed (close it and start another instead). */
export function updateInquiry(store: Store, user: SessionUser, id: string, rawChanges: InquiryChanges): InquiryDetail {
  const changes = inquiryChanges.parse(rawChanges);
  store.write((scope) => {
    const current = loadInquiry(store, id);
    if (current.inquiryStatus === 'closed')
      throw new DomainError('INQUIRY_CLOSED', 'This inquiry is closed; its details are final.');

    const next: Record<string, unknown> = {};
    const currency = changes.currency ?? current.currency;
    if (changes.currency !== undefined) next.currency = changes.currency;
    if (changes.quotedPrice !== undefined) {
      next.quotedPrice = changes.quotedPrice === null ? null : toMinorUnits(changes.quotedPrice, currency);
    } else if (currency !== current.currency && current.quotedPrice !== null) {
      // The amount the user sees stays the same number, now in the new currency.
      const major = toMajorUnits(current.quotedPrice, current.currency);
      try {
        next.quotedPrice = toMinorUnits(major, currency);
      } catch {
        throw new DomainError('PRICE_REQUIRED', `Enter the price again in ${currency}.`, 'quotedPrice');
      }
    }
    const price = 'quotedPrice' in next ? next.quotedPrice : current.quotedPrice;
    if (price === null && current.inquiryStatus !== 'new') {
      throw new DomainError(
        'PRICE_REQUIRED',
        `A ${current.inquiryStatus} inquiry keeps its quoted price; enter the new price instead.`,
        'quotedPrice',
      );
    }
    if (changes.requestedCaratWeight !== undefined) next.requestedCaratWeight = changes.requestedCaratWeight;
    if (changes.handledBy !== undefined) {
      assertSalesStaff(store, changes.handledBy, 'handledBy', 'handler');
      next.handledBy = changes.handledBy;
    }
    if (changes.followUpAt !== undefined) next.followUpAt = changes.followUpAt;

    const changed = Object.keys(next).filter((f) => next[f] !== current[f as keyof InquiryRecord]);
    if (changed.length === 0) return;
    const params: Record<string, unknown> = { id, now: scope.now };
    for (const f of changed) params[f] = next[f];
    updateInquiryFields(store, changed, params);
    scope.enqueue('PurchaseInquiry', id, 'update', changed);
  });
  return getInquiry(store, user.role, id);
}

const STAGE_ORDER: Record<InquiryStatus, number> = { new: 0, quoted: 1, reserved: 2, closed: 3 };

/** Why a move is not in the pipeline, in words. */
function illegalMoveMessage(from: InquiryStatus, to: InquiryStatus): string {
  if (from === to) return `This inquiry is already ${from}.`;
  if (from === 'closed') return 'This inquiry is closed; nothing moves out of closed. Start a new inquiry instead.';
  if (STAGE_ORDER[to] < STAGE_ORDER[from]) {
    return `An inquiry does not move back from ${from} to ${to}; close it (withdrawn) and start a new one.`;
  }
  return `An inquiry moves new → quoted → reserved: quote it before reserving the stone.`;
}

function setStone(
  store: Store,
  scope: WriteScope,
  stoneId: string,
  values: { assignedBuyer?: string | null; location?: string },
) {
  const fields = Object.keys(values) as (keyof typeof values)[];
  if (fields.length === 0) return;
  updateStoneFields(store, fields, { ...values, id: stoneId, now: scope.now });
  scope.enqueue('Gemstone', stoneId, 'update', fields);
}

/** Moves an inquiry along the pipeline, or refuses with the rule it breaks; nothing is written on refusal. */
export function transitionInquiry(store: Store, user: SessionUser, rawInput: TransitionInput): InquiryDetail {
  const input = transitionInput.parse(rawInput);
  if (input.mismatchOverride && user.role !== 'admin') {
    throw new DomainError(
      'FORBIDDEN_ROLE',
      'Only administrators can reserve a stone whose certificate is in mismatch.',
    );
  }
  store.write((scope) => {
    const inquiry = loadInquiry(store, input.id);
    const from = inquiry.inquiryStatus;
    const to = input.to;
    if (!isLegalTransition(from, to)) throw new DomainError('ILLEGAL_TRANSITION', illegalMoveMessage(from, to));
    const stone = loadStone(store, inquiry.gemstone);
    if (!stone) throw new DomainError('INVALID_REFERENCE', 'The stone of this inquiry no longer exists.');

    const entry: StatusHistoryEntry = { from, to, ...actorRef(store, user), at: isoAt(scope.now) };
    if (input.reason) entry.reason = input.reason;
    const next: Record<string, unknown> = { inquiryStatus: to, statusChangedAt: entry.at };

    if (to === 'quoted' && inquiry.quotedPrice === null) {
      throw new DomainError(
        'PRICE_REQUIRED',
        'Set a quoted price before moving this inquiry to quoted.',
        'quotedPrice',
      );
    }

    if (to === 'reserved') {
      if (stone.location === SOLD_LOCATION) throw new DomainError('STONE_NOT_FREE', `Stone ${stone.sku} is sold.`);
      refuseIfHeldForAnother(store, stone, inquiry.buyer, scope.now);
      refuseIfOnMemo(store, stone, 'reserved');
      const other = otherReservation(store, stone.id, inquiry.id);
      if (other) {
        throw new DomainError(
          'STONE_NOT_FREE',
          `Stone ${stone.sku} is already reserved for ${other.buyerName}; it can be reserved again once that inquiry is closed.`,
        );
      }
      if (stone.assignedBuyer && stone.assignedBuyer !== inquiry.buyer) {
        throw new DomainError(
          'STONE_NOT_FREE',
          `Stone ${stone.sku} is assigned to ${stone.assignedBuyerName ?? 'another buyer'}.`,
        );
      }
      if (stone.certificateStatus === 'mismatch') {
        if (!input.mismatchOverride) {
          throw new DomainError(
            'CERTIFICATE_MISMATCH',
            `Stone ${stone.sku} has a certificate mismatch; resolve it before reserving (an administrator can override with a reason).`,
          );
        }
        entry.override = 'certificate-mismatch';
        next.mismatchOverride = 1;
      }
      if (stone.assignedBuyer !== inquiry.buyer) setStone(store, scope, stone.id, { assignedBuyer: inquiry.buyer });
    }

    if (to === 'closed') {
      entry.outcome = input.outcome!;
      next.outcome = input.outcome;
      next.outcomeReason = input.reason;
      const stoneChanges: { assignedBuyer?: string | null; location?: string } = {};
      if (input.outcome === 'sold') {
        if (stone.location === SOLD_LOCATION)
          throw new DomainError('STONE_NOT_FREE', `Stone ${stone.sku} is already sold.`);
        refuseIfHeldForAnother(store, stone, inquiry.buyer, scope.now);
        refuseIfOnMemo(store, stone, 'sold');
        refuseIfConsignmentUnsettled(store, stone);
        const other = otherReservation(store, stone.id, inquiry.id);
        if (other) {
          throw new DomainError(
            'STONE_NOT_FREE',
            `Stone ${stone.sku} is reserved for ${other.buyerName}; it cannot be sold to ${buyerName(store, inquiry.buyer)}.`,
          );
        }
        if (stone.assignedBuyer && stone.assignedBuyer !== inquiry.buyer) {
          throw new DomainError(
            'STONE_NOT_FREE',
            `Stone ${stone.sku} is assigned to ${stone.assignedBuyerName ?? 'another buyer'}.`,
          );
        }
        if (inquiry.quotedPrice === null) {
          throw new DomainError(
            'PRICE_REQUIRED',
            'Set the price the stone sold for: the invoice is made from it.',
            'quotedPrice',
          );
        }
        stoneChanges.location = SOLD_LOCATION;
        // The sale's invoice, in the sale's own transaction (invoices/issue.ts).
        issueInvoice(store, scope, user, {
          buyer: inquiry.buyer,
          currency: inquiry.currency,
          lines: [{ gemstone: stone.id, amount: inquiry.quotedPrice }],
          inquiry: inquiry.id,
        });
        // The sale is a move like any other: it goes in the stone's custody log.
        recordCustodyEvent(store, scope, {
          gemstone: stone.id,
          fromLocation: stone.location,
          toLocation: SOLD_LOCATION,
          movedBy: user.id,
          reason: `Sold to ${buyerName(store, inquiry.buyer)} (${input.reason})`,
        });
        entry.rivalsClosed = closeRivalInquiries(store, scope, {
          inquiryId: inquiry.id,
          stoneId: stone.id,
          actor: { by: entry.by, byName: entry.byName ?? user.fullName },
          at: entry.at,
        });
      }
      // Closing releases the stone this inquiry held (a sold stone leaves the stock instead).
      if (from === 'reserved' && stone.assignedBuyer === inquiry.buyer) stoneChanges.assignedBuyer = null;
      setStone(store, scope, stone.id, stoneChanges);
    }

    const history = [...parseHistory(inquiry.statusHistory), entry];
    next.statusHistory = JSON.stringify(history);
    const fields = Object.keys(next);
    updateInquiryFields(store, fields, { ...next, id: inquiry.id, now: scope.now });
    scope.enqueue('PurchaseInquiry', inquiry.id, 'update', fields);
  });
  return getInquiry(store, user.role, input.id);
}
