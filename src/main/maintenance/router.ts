import { z } from 'zod';
import { DomainError } from '../trpc/errors';
import { roleProcedure, router, staffProcedure } from '../trpc/init';
import { formatDoctorReport } from './doctor';
import { updateStatusStream } from './updates';

// Settings → Backups, Check the database, Diagnostics, Updates; and the banners (update ready, damage
// found by the start self-check). Administrators restore, choose the backup folder and the update
// address and export diagnostics; coordinators also back up and run the check; everyone sees the banners
// and may restart to update.

const keepers = roleProcedure('admin', 'coordinator');
const admins = roleProcedure('admin');

const folderInput = z.object({
  /** null: back to the default folder in the data folder. */
  folder: z.string().trim().min(1, 'Enter a folder').max(1000).nullable(),
});
const checkInput = z.object({ file: z.string().trim().min(1, 'Choose a backup file').max(4096) });
const restoreInput = checkInput.extend({
  /** A backup made on another desk: its unsent changes stay for that desk to send (colleague-backup.ts). */
  fromColleague: z.boolean().optional(),
});
const feedInput = z.object({
  feedUrl: z
    .string()
    .trim()
    .max(2000)
    .url('Enter the update address, e.g. https://updates.example.com/loupe')
    .refine(
      (u) => /^https:\/\//i.test(u),
      'The update address must start with https:// (an installer fetched over plain http could be swapped on the way)',
    )
    .nullable(),
});

export const maintenanceRouter = router({
  /** The start self-check, for the banner on every screen. */
  health: staffProcedure.query(({ ctx }) => ctx.app.notices),

  backups: router({
    status: keepers.query(({ ctx }) => ctx.app.backupStatus()),
    backUpNow: keepers.mutation(({ ctx }) => ctx.app.backUp('manual')),
    setFolder: admins.input(folderInput).mutation(({ ctx, input }) => ctx.app.setFolder(input.folder)),
    /** Checks the file, keeps the current database aside, swaps it in and reopens: everyone signs in again. */
    /** Checks a file first: the question whether to replace the database is asked only about one that can replace it. */
    check: admins.input(checkInput).mutation(({ ctx, input }) => ctx.app.checkRestore(input.file)),
    restore: admins
      .input(restoreInput)
      .mutation(({ ctx, input }) => ctx.app.restore(input.file, { fromColleague: input.fromColleague })),
  }),

  doctor: router({
    run: keepers.mutation(async ({ ctx }) => {
      const report = await ctx.app.doctor('full');
      return { report, text: formatDoctorReport(report) };
    }),
  }),

  diagnostics: router({
    /** A zip of the logs and the doctor report (base64), with every secret provably absent. */
    export: admins.mutation(async ({ ctx }) => {
      const bundle = await ctx.app.diagnostics();
      return {
        fileName: bundle.fileName,
        mimeType: 'application/zip' as const,
        data: Buffer.from(bundle.bytes).toString('base64'),
        files: bundle.files,
      };
    }),
  }),

  updates: router({
    status: staffProcedure.query(({ ctx }) => ({
      ...ctx.app.updates.status(),
      configuredFeedUrl: ctx.app.updateFeedSetting,
    })),
    onStatus: staffProcedure.subscription(async function* ({ ctx, signal }) {
      yield* updateStatusStream(ctx.app.updates, signal);
    }),
    check: staffProcedure.mutation(({ ctx }) => ctx.app.updates.check()),
    /** "Restart to update": pending changes are in SQLite and are sent after the restart. */
    install: staffProcedure.mutation(({ ctx }) => {
      const status = ctx.app.updates.status();
      if (status.phase !== 'downloaded') {
        throw new DomainError(
          'NOT_AVAILABLE_HERE',
          status.phase === 'unsupported'
            ? (status.message ?? 'Updates are not available here.')
            : 'No update has been downloaded yet.',
        );
      }
      ctx.app.updates.install();
      return { restarting: true as const };
    }),
    setFeedUrl: admins.input(feedInput).mutation(({ ctx, input }) => ctx.app.setUpdateFeed(input.feedUrl)),
  }),
});
