import { z } from 'zod';
import { attachMediaInput, mediaItemInput, reorderMediaInput } from '../../shared/media';
import { recordId } from '../../shared/schemas';
import { roleProcedure, router, staffProcedure } from '../trpc/init';
import { attachMedia, listMedia, removeMedia, reorderMedia } from './photos';
import { mediaPass } from './serve';

/** Coordinators and admins attach, remove and order a stone's photos; every staff role sees them. */
const mediaEditor = roleProcedure('admin', 'coordinator');

export const mediaRouter = router({
  /** The connection's pass for media URLs (/media/…?s=pass): see media/serve.ts. */
  pass: staffProcedure.query(({ ctx }) => mediaPass(ctx.store, ctx.connectionId)),
  list: staffProcedure
    .input(z.object({ stone: recordId }))
    .query(({ ctx, input }) => listMedia(ctx.store, input.stone, mediaPass(ctx.store, ctx.connectionId))),
  attach: mediaEditor
    .input(attachMediaInput)
    .mutation(({ ctx, input }) =>
      attachMedia(ctx.store, input.stone, input.files, mediaPass(ctx.store, ctx.connectionId)),
    ),
  remove: mediaEditor
    .input(mediaItemInput)
    .mutation(({ ctx, input }) =>
      removeMedia(ctx.store, input.stone, input.key, mediaPass(ctx.store, ctx.connectionId)),
    ),
  reorder: mediaEditor
    .input(reorderMediaInput)
    .mutation(({ ctx, input }) =>
      reorderMedia(ctx.store, input.stone, input.keys, mediaPass(ctx.store, ctx.connectionId)),
    ),
});
