import { createFirstAdminInput, signInInput } from '../../shared/schemas';
import { publicProcedure, router } from '../trpc/init';
import { checkCredentials, createFirstAdmin, needsFirstAdmin } from './accounts';

export const authRouter = router({
  /** What the first screen needs: set up, sign in, or the signed-in user. */
  status: publicProcedure.query(({ ctx }) => ({
    needsFirstAdmin: needsFirstAdmin(ctx.store),
    user: ctx.user,
  })),

  createFirstAdmin: publicProcedure.input(createFirstAdminInput).mutation(async ({ ctx, input }) => {
    const user = await createFirstAdmin(ctx.store, input);
    ctx.sessions.signIn(ctx.connectionId, user.id);
    return user;
  }),

  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    const user = await checkCredentials(ctx.store, input);
    ctx.sessions.signIn(ctx.connectionId, user.id);
    return user;
  }),

  signOut: publicProcedure.mutation(({ ctx }) => {
    ctx.sessions.signOut(ctx.connectionId);
    return { signedOut: true as const };
  }),
});
