import { z } from 'zod';
import { toMinorUnits } from './money';
import { currencyCode, instant } from './sales';
import { recordId, stoneFields } from './schemas';

// Consignments in: stones another dealer (the supplier) lent us on memo. The input schemas the core
// enforces and the Consignments screen's forms validate with.

/** Where a stone goes when it is given back to its supplier: it has left the stock. */
export const RETURNED_TO_SUPPLIER = 'Returned to supplier';

/** How far ahead a consignment counts as due soon. */
export const DUE_SOON_DAYS = 7;

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .nullable()
    .optional()
    .transform((s) => (s ? s : null));

/** What we pay the supplier if we keep the stone, in major units as typed (12500.50). */
export const agreedPrice = z
  .number({ error: 'Agreed price must be a number' })
  .refine((n) => Number.isFinite(n), 'Agreed price must be a number')
  .refine((n) => n > 0, 'Agreed price must be greater than 0')
  .refine((n) => n <= 1e12, 'Agreed price must be at most 1,000,000,000,000');

/**
 * A stone that arrives with the consignment and is not in the stock yet: the stone form's own fields,
 * without prices or an assigned buyer (the agreed price is the consignment's; the cost price follows
 * from it once the stone is bought).
 */
export const consignedNewStone = stoneFields
  .omit({ costPrice: true, askingPrice: true, priceCurrency: true, assignedBuyer: true })
  .extend({
    certificateStatus: stoneFields.shape.certificateStatus.optional().transform((s) => s ?? 'none'),
  });
export type ConsignedNewStone = z.input<typeof consignedNewStone>;

export const consignedStone = z.discriminatedUnion(
  'kind',
  [
    // A stone in the stock, by its id (a stone panel) or its SKU as scanned or typed (the receive form).
    z
      .object({
        kind: z.literal('existing'),
        gemstone: recordId.optional(),
        sku: z.string().trim().max(40, 'SKU must be at most 40 characters').optional(),
        agreedPrice,
      })
      .refine((v) => v.gemstone || v.sku, { message: 'Scan or type the SKU', path: ['sku'] }),
    z.object({ kind: z.literal('new'), stone: consignedNewStone, agreedPrice }),
  ],
  { error: 'Say whether the stone is new or already in the stock' },
);
export type ConsignedStone = z.input<typeof consignedStone>;

export const receiveConsignmentInput = z
  .object({
    supplier: text('Supplier', 120),
    supplierReference: optionalText("Supplier's memo no.", 60),
    terms: optionalText('Terms', 500),
    dueDate: instant.nullable().optional(),
    currency: currencyCode,
    stones: z.array(consignedStone).min(1, 'Add at least one stone').max(200, 'At most 200 stones on one consignment'),
  })
  .superRefine((v, ctx) => {
    v.stones.forEach((line, i) => {
      try {
        toMinorUnits(line.agreedPrice, v.currency);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['stones', i, 'agreedPrice'], message: (error as Error).message });
      }
    });
  });
export type ReceiveConsignmentInput = z.input<typeof receiveConsignmentInput>;

export const returnConsignmentInput = z.object({
  id: recordId,
  reason: optionalText('Note', 200),
});

export const settleConsignmentInput = z.object({
  id: recordId,
  settlementReference: optionalText('Settlement reference', 60),
});

export const CONSIGNMENT_FILTERS = ['in', 'dueSoon', 'overdue', 'closed', 'all'] as const;
export type ConsignmentFilter = (typeof CONSIGNMENT_FILTERS)[number];
export const CONSIGNMENT_FILTER_LABELS: Record<ConsignmentFilter, string> = {
  in: 'On consignment',
  dueSoon: 'Due back soon',
  overdue: 'Overdue',
  closed: 'Returned or bought',
  all: 'All',
};

export const listConsignmentsInput = z.object({
  which: z.enum(CONSIGNMENT_FILTERS, { error: 'Choose which consignments to list' }),
  supplier: z.string().trim().max(120).optional(),
});
