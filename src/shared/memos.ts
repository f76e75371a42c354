import { z } from 'zod';
import { MAX_PRICE } from './record-rules';
import { recordId } from './schemas';
import { currencyCode, instant } from './sales';

// Memos out: the input schemas the core enforces and the memo dialog validates with.

/** A memo is due back at most this long after it is written or extended. */
export const MEMO_MAX_DAYS = 90;
export const MEMO_MAX_STONES = 50;
const DAY_MS = 24 * 60 * 60 * 1000;
export const MEMO_MAX_MS = MEMO_MAX_DAYS * DAY_MS;

/** Minor units of the memo's currency: what the buyer may keep the stone at. */
export const memoPrice = z
  .number({ error: 'The price must be a number' })
  .int('The price is a whole number of the smallest unit of the currency')
  .positive('The price must be greater than 0')
  .max(MAX_PRICE * 100, 'The price is too large');

const memoStone = z.object({ gemstone: recordId, price: memoPrice.nullable().optional() });

export const createMemoInput = z.object({
  buyer: recordId,
  dueBack: instant,
  terms: z.string().trim().max(2000, 'Keep the terms under 2000 characters').optional(),
  note: z.string().trim().max(500, 'Keep the note under 500 characters').optional(),
  currency: currencyCode,
  stones: z
    .array(memoStone)
    .min(1, 'Add at least one stone')
    .max(MEMO_MAX_STONES, `A memo carries at most ${MEMO_MAX_STONES} stones`)
    .refine((stones) => new Set(stones.map((s) => s.gemstone)).size === stones.length, 'A stone is listed twice'),
});
export type CreateMemoInput = z.input<typeof createMemoInput>;

const lineIds = z.array(recordId).min(1, 'Choose at least one stone').max(MEMO_MAX_STONES);

export const returnMemoLinesInput = z.object({
  memo: recordId,
  lines: lineIds,
  /** Where the stones go; left out, each goes back where it came from. */
  location: z.string().trim().min(1).max(100).optional(),
});
export type ReturnMemoLinesInput = z.input<typeof returnMemoLinesInput>;

export const sellMemoLinesInput = z.object({
  memo: recordId,
  lines: z
    .array(z.object({ id: recordId, price: memoPrice.optional() }))
    .min(1, 'Choose at least one stone')
    .max(MEMO_MAX_STONES),
});
export type SellMemoLinesInput = z.input<typeof sellMemoLinesInput>;

export const extendMemoInput = z.object({ memo: recordId, dueBack: instant });

export const memoListInput = z.object({
  which: z.enum(['open', 'overdue', 'closed']),
  buyer: recordId.optional(),
});

/** "M-3F9A2C1B": the memo's reference on screen and paper, made from its id like a provisional invoice number. */
export function memoReference(id: string): string {
  return `M-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}
