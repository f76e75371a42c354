import { z } from 'zod';
import { caratWeight, recordId } from '../../shared/schemas';
import {
  checkDuplicateInput,
  createBuyerInput,
  importBuyersInput,
  listBuyersInput,
  updateBuyerInput,
} from '../../shared/sales';
import { roleProcedure, router, staffProcedure } from '../trpc/init';
import {
  buyerFormOptions,
  buyerProfile,
  checkDuplicate,
  createBuyer,
  deleteBuyer,
  getBuyer,
  listBuyers,
  updateBuyer,
} from './buyers';
import { applyBuyersImport, previewBuyersImport } from './import';
import { buyersForStone, stonesThatFit } from './matching';
import { buyersPreferring } from '../inventory/preferring-buyers';

export type { Buyer, BuyerProfile } from './buyers';
export type { BuyerImportResult, BuyerImportRow } from './import';
export type { FittingStone, InterestedBuyer } from './matching';
export type { PreferringBuyer } from '../inventory/preferring-buyers';

// Permissions (the backend's matrix): administrators create and delete buyers; a buyer is edited by its
// account manager or an administrator; every staff role reads. Practitioners never receive a buyer's
// email or phone (nor any price) from these procedures.
export const buyersRouter = router({
  list: staffProcedure.input(listBuyersInput).query(({ ctx, input }) => listBuyers(ctx.store, ctx.user.role, input)),
  get: staffProcedure
    .input(z.object({ id: recordId }))
    .query(({ ctx, input }) => getBuyer(ctx.store, ctx.user.role, input.id)),
  /** Contact card, open and past inquiries with totals, timeline, stones reserved for them. */
  profile: staffProcedure
    .input(z.object({ id: recordId }))
    .query(({ ctx, input }) => buyerProfile(ctx.store, ctx.user, input.id)),
  formOptions: staffProcedure.query(({ ctx }) => buyerFormOptions(ctx.store)),
  /** As the user types in the buyer form: the existing buyer this one would duplicate, or null. */
  checkDuplicate: roleProcedure('admin', 'coordinator')
    .input(checkDuplicateInput)
    .query(({ ctx, input }) => {
      const { exceptId, ...identity } = input;
      return checkDuplicate(ctx.store, identity, exceptId);
    }),

  create: roleProcedure('admin')
    .input(createBuyerInput)
    .mutation(({ ctx, input }) => createBuyer(ctx.store, ctx.user, input)),
  update: roleProcedure('admin', 'coordinator')
    .input(updateBuyerInput)
    .mutation(({ ctx, input }) => updateBuyer(ctx.store, ctx.user, input.id, input.changes, input.confirmSimilarName)),
  delete: roleProcedure('admin')
    .input(z.object({ id: recordId }))
    .mutation(({ ctx, input }) => deleteBuyer(ctx.store, input.id)),
  /** CSV import, read in the core: dryRun checks every row (invalid, duplicate, valid); then the clean rows are created. */
  import: roleProcedure('admin')
    .input(importBuyersInput)
    .mutation(({ ctx, input }) =>
      (input.dryRun ? previewBuyersImport : applyBuyersImport)(ctx.store, ctx.user, input.csv),
    ),

  /** On a buyer: available stones of their preferred types near the weights of their open inquiries. */
  stonesThatFit: staffProcedure
    .input(z.object({ buyerId: recordId }))
    .query(({ ctx, input }) => stonesThatFit(ctx.store, input.buyerId)),
  /**
   * On a stone: buyers who want it, each with their open inquiries. Pass { gemstoneId } for a stone in
   * stock, or { gemstoneType, caratWeight } at intake, before the stone is saved.
   */
  matchingStone: staffProcedure
    .input(
      z.union([
        z.object({ gemstoneId: recordId }),
        z.object({ gemstoneType: z.string().trim().min(1).max(40), caratWeight }),
      ]),
    )
    .query(({ ctx, input }) => buyersForStone(ctx.store, ctx.user.role, input)),
  /** Every buyer who prefers a gemstone type, by company name (a stone's "Show all"); no contact details. */
  preferringType: staffProcedure
    .input(z.object({ gemstoneType: z.string().trim().min(1).max(40) }))
    .query(({ ctx, input }) => buyersPreferring(ctx.store, input.gemstoneType)),
});
