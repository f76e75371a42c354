import { convertHoldInput, type ConvertHoldInput } from '../../shared/holds';
import type { Store } from '../db/store';
import { createInquiry, transitionInquiry, updateInquiry } from '../inquiries/pipeline';
import type { SessionUser } from '../trpc/context';
import { DomainError } from '../trpc/errors';
import { assertHolding, assertMayChange, getHold, type Hold } from './holds';
import { endHold, holdById, openInquiryOnStone, stoneForHold } from './queries';

// A hold becomes a reservation through the inquiry pipeline and its rules, not beside them: the buyer's
// open inquiry on the stone is moved on to reserved (new → quoted → reserved), or a new inquiry is taken
// for it. A reservation needs a quoted price, so the price given here (the hold dialog asks for it) is
// set on the inquiry first. The hold ends as `converted`, pointing at the inquiry. It all happens in one
// transaction: the pipeline's own writes run inside this one, so a refusal anywhere leaves nothing behind.

export interface ConvertResult {
  hold: Hold;
  inquiryId: string;
}

export function makeReservation(store: Store, user: SessionUser, rawInput: ConvertHoldInput): ConvertResult {
  const input = convertHoldInput.parse(rawInput);
  const inquiryId = store.write((scope) => {
    const hold = holdById.get(store, input.id);
    if (!hold) throw new DomainError('NOT_FOUND', 'That hold no longer exists.');
    const nowIso = new Date(scope.now).toISOString();
    assertMayChange(user, hold, 'make a reservation of');
    assertHolding(hold, nowIso);
    const price =
      input.quotedPrice !== undefined && input.currency
        ? { quotedPrice: input.quotedPrice, currency: input.currency }
        : null;

    let inquiry = openInquiryOnStone.get(store, hold.buyer, hold.gemstone);
    if (!inquiry) {
      if (!price) {
        throw new DomainError(
          'PRICE_REQUIRED',
          `A reservation needs a quoted price: enter the price for ${hold.buyerName}.`,
          'quotedPrice',
        );
      }
      const stone = stoneForHold.get(store, hold.gemstone)!;
      const created = createInquiry(store, user, {
        buyer: hold.buyer,
        gemstone: hold.gemstone,
        requestedCaratWeight: stone.caratWeight,
        ...price,
      });
      inquiry = {
        id: created.id,
        inquiryStatus: 'new',
        quotedPrice: created.quotedPrice ?? null,
        currency: price.currency,
      };
    } else if (price && inquiry.inquiryStatus !== 'reserved') {
      updateInquiry(store, user, inquiry.id, price);
    } else if (inquiry.quotedPrice === null) {
      throw new DomainError(
        'PRICE_REQUIRED',
        `A reservation needs a quoted price: enter the price for ${hold.buyerName}.`,
        'quotedPrice',
      );
    }
    if (inquiry.inquiryStatus === 'new') transitionInquiry(store, user, { id: inquiry.id, to: 'quoted' });
    if (inquiry.inquiryStatus !== 'reserved') transitionInquiry(store, user, { id: inquiry.id, to: 'reserved' });

    endHold.run(store, {
      id: hold.id,
      status: 'converted',
      endedAt: nowIso,
      endedBy: user.id,
      reservation: inquiry.id,
      now: scope.now,
    });
    scope.enqueue('StoneHold', hold.id, 'update', ['status', 'endedAt', 'endedBy', 'reservation']);
    return inquiry.id;
  });
  return { hold: getHold(store, input.id), inquiryId };
}
