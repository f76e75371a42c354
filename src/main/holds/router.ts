import { z } from 'zod';
import { convertHoldInput, extendHoldInput, placeHoldInput } from '../../shared/holds';
import { recordId } from '../../shared/schemas';
import { roleProcedure, router, staffProcedure } from '../trpc/init';
import { makeReservation } from './convert';
import { dismissNotice, ranOutNotices } from './expiry';
import { extendHold, holdsForStone, holdsOnStones, listHolds, placeHold, releaseHold } from './holds';

export type { Hold } from './holds';

/** Coordinators and administrators place and end holds (the backend's matrix); every staff role sees them. */
const holdEditor = roleProcedure('admin', 'coordinator');

export const holdsRouter = router({
  /** A stone's hold now, and its hold history. */
  forStone: staffProcedure
    .input(z.object({ gemstone: recordId }))
    .query(({ ctx, input }) => holdsForStone(ctx.store, input.gemstone)),
  /** The holds holding these stones now: the grid asks for its page's stones beside its own query. */
  onStones: staffProcedure
    .input(z.object({ gemstones: z.array(recordId).max(1000) }))
    .query(({ ctx, input }) => holdsOnStones(ctx.store, input.gemstones)),
  list: staffProcedure
    .input(z.object({ which: z.enum(['mine', 'all']) }))
    .query(({ ctx, input }) => listHolds(ctx.store, ctx.user, input.which)),
  /** My holds that ran out, until I dismiss them. */
  notices: staffProcedure.query(({ ctx }) => ranOutNotices(ctx.store, ctx.user.id)),
  dismissNotice: staffProcedure
    .input(z.object({ id: recordId }))
    .mutation(({ ctx, input }) => dismissNotice(ctx.store, input.id)),

  place: holdEditor.input(placeHoldInput).mutation(({ ctx, input }) => placeHold(ctx.store, ctx.user, input)),
  release: holdEditor
    .input(z.object({ id: recordId }))
    .mutation(({ ctx, input }) => releaseHold(ctx.store, ctx.user, input.id)),
  extend: holdEditor.input(extendHoldInput).mutation(({ ctx, input }) => extendHold(ctx.store, ctx.user, input)),
  /** Makes the hold a reservation through the inquiry pipeline (asks for a price when there is none). */
  makeReservation: holdEditor
    .input(convertHoldInput)
    .mutation(({ ctx, input }) => makeReservation(ctx.store, ctx.user, input)),
});
