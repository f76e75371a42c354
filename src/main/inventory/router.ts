import { z } from 'zod';
import { createStoneInput, listStonesInput, recordId, updateStoneInput } from '../../shared/schemas';
import { roleProcedure, router, staffProcedure } from '../trpc/init';
import { createStone, getStone, listStones, stoneFormOptions, updateStone } from './stones';

/** Coordinators and admins edit stones (seed 000); every staff role views them. */
const stoneEditor = roleProcedure('admin', 'coordinator');

export const inventoryRouter = router({
  list: staffProcedure.input(listStonesInput).query(({ ctx, input }) => listStones(ctx.store, input)),
  get: staffProcedure.input(z.object({ id: recordId })).query(({ ctx, input }) => getStone(ctx.store, input.id)),
  formOptions: staffProcedure.query(({ ctx }) => stoneFormOptions(ctx.store)),
  create: stoneEditor.input(createStoneInput).mutation(({ ctx, input }) => createStone(ctx.store, input)),
  update: stoneEditor
    .input(updateStoneInput)
    .mutation(({ ctx, input }) => updateStone(ctx.store, input.id, input.changes)),
});
