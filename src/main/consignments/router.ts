import { z } from 'zod';
import {
  listConsignmentsInput,
  receiveConsignmentInput,
  returnConsignmentInput,
  settleConsignmentInput,
} from '../../shared/consignments';
import { recordId } from '../../shared/schemas';
import { roleProcedure, router, staffProcedure } from '../trpc/init';
import { returnToSupplier, settleConsignment } from './close';
import {
  consignedStones,
  consignmentOfStone,
  getConsignment,
  listConsignments,
  overdueConsignments,
  suppliers,
} from './consignments';
import { receiveConsignment } from './receive';

export type { Consignment } from './consignments';

/** Coordinators and administrators write paperwork; every staff role sees it (without the agreed price). */
const paperwork = roleProcedure('admin', 'coordinator');

export const consignmentsRouter = router({
  list: staffProcedure
    .input(listConsignmentsInput)
    .query(({ ctx, input }) => listConsignments(ctx.store, ctx.user.role, input)),
  get: staffProcedure
    .input(z.object({ id: recordId }))
    .query(({ ctx, input }) => getConsignment(ctx.store, ctx.user.role, input.id)),
  /** A stone's consignment now, and its consignment history (the stone panel). */
  forStone: staffProcedure
    .input(z.object({ gemstone: recordId }))
    .query(({ ctx, input }) => consignmentOfStone(ctx.store, ctx.user.role, input.gemstone)),
  /** The consigned stones among these: the grid and Ctrl+K ask beside their own query. */
  onStones: staffProcedure
    .input(z.object({ gemstones: z.array(recordId).max(1000) }))
    .query(({ ctx, input }) => consignedStones(ctx.store, input.gemstones)),
  /** Suppliers named on earlier consignments, for the receive form. */
  suppliers: paperwork.query(({ ctx }) => suppliers(ctx.store)),
  overdueCount: staffProcedure.query(({ ctx }) => overdueConsignments(ctx.store)),

  receive: paperwork.input(receiveConsignmentInput).mutation(({ ctx, input }) => {
    const ids = receiveConsignment(ctx.store, ctx.user, input);
    return ids.map((id) => getConsignment(ctx.store, ctx.user.role, id));
  }),
  returnToSupplier: paperwork.input(returnConsignmentInput).mutation(({ ctx, input }) => {
    returnToSupplier(ctx.store, ctx.user, input);
    return getConsignment(ctx.store, ctx.user.role, input.id);
  }),
  settle: paperwork.input(settleConsignmentInput).mutation(({ ctx, input }) => {
    settleConsignment(ctx.store, ctx.user, input);
    return getConsignment(ctx.store, ctx.user.role, input.id);
  }),
});
