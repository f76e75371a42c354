import { z } from 'zod';
import { recordId } from './schemas';
import { currencyCode, instant, priceAmount } from './sales';
import { toMinorUnits } from './money';

// Timed holds of a stone for a buyer: the input schemas the core enforces and the hold dialog validates
// with, and the quick choices the dialog offers.

/** A hold lasts at most this long from the moment it is placed or extended. */
export const HOLD_MAX_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
export const HOLD_MAX_MS = HOLD_MAX_DAYS * DAY_MS;

const note = z.string().trim().max(500, 'Keep the note under 500 characters').optional();

export const placeHoldInput = z.object({
  gemstone: recordId,
  buyer: recordId,
  heldUntil: instant,
  note,
});
export type PlaceHoldInput = z.input<typeof placeHoldInput>;

export const extendHoldInput = z.object({ id: recordId, heldUntil: instant });

/** Making a hold a reservation: the price is asked for when the buyer's inquiry on the stone has none. */
export const convertHoldInput = z
  .object({
    id: recordId,
    quotedPrice: priceAmount.optional(),
    currency: currencyCode.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.quotedPrice !== undefined && !v.currency) {
      ctx.addIssue({ code: 'custom', path: ['currency'], message: 'Give the currency with the price' });
    }
    if (v.quotedPrice !== undefined && v.currency) {
      try {
        toMinorUnits(v.quotedPrice, v.currency);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['quotedPrice'], message: (error as Error).message });
      }
    }
  });
export type ConvertHoldInput = z.input<typeof convertHoldInput>;

/** Quick choices for "hold until": end of today, 24 hours, 3 days, a week (local time of the workstation). */
export function holdQuickChoices(now: Date): { label: string; until: Date }[] {
  const endOfToday = new Date(now);
  endOfToday.setHours(23, 59, 0, 0);
  const choices = [
    { label: 'End of today', until: endOfToday },
    { label: '24 hours', until: new Date(now.getTime() + DAY_MS) },
    { label: '3 days', until: new Date(now.getTime() + 3 * DAY_MS) },
    { label: '1 week', until: new Date(now.getTime() + 7 * DAY_MS) },
  ];
  // Late in the evening "end of today" has already gone by (or nearly): it is not offered.
  return choices.filter((c) => c.until.getTime() - now.getTime() > 5 * 60 * 1000);
}

/** "2 h 5 min", "3 days": how long a hold still has, for the badge's title. */
export function timeLeft(untilIso: string, now: number): string {
  const ms = new Date(untilIso).getTime() - now;
  if (ms <= 0) return 'ran out';
  const minutes = Math.ceil(ms / 60000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}
