import { createFirstAdminInput, createStaffInput, setRoleInput, signInInput } from '../../shared/schemas';
import { publicProcedure, roleProcedure, router, staffProcedure } from '../trpc/init';
import { createStaff, listStaff, setRole, type StaffMember } from './staff';
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
    const user = await checkCredentials(ctx.store, input, ctx.sync);
    ctx.sessions.signIn(ctx.connectionId, user.id);
    return user;
  }),

  /** Staff for pickers and the Staff settings; admins add people and change roles (seed 000). */
  staff: router({
    list: staffProcedure.query(({ ctx }) => listStaff(ctx.store)),
    /**
     * On a connected workstation the new person gets their backend account at once, with the password just
     * typed; if the backend cannot be reached, the local account stands and `backendProblem` says why (the
     * Staff screen offers to create it later).
     */
    create: roleProcedure('admin')
      .input(createStaffInput)
      .mutation(async ({ ctx, input }): Promise<StaffMember & { backendProblem: string | null }> => {
        const member = await createStaff(ctx.store, input);
        if (!ctx.sync.connected) return { ...member, backendProblem: null };
        try {
          await ctx.sync.createBackendAccount(member.id, input.password, ctx.user.id);
          return { ...member, onBackend: true, backendProblem: null };
        } catch (error) {
          return { ...member, backendProblem: (error as Error).message };
        }
      }),
    setRole: roleProcedure('admin')
      .input(setRoleInput)
      .mutation(({ ctx, input }) => setRole(ctx.store, input.userId, input.role)),
  }),

  signOut: publicProcedure.mutation(({ ctx }) => {
    ctx.sessions.signOut(ctx.connectionId);
    return { signedOut: true as const };
  }),
});
