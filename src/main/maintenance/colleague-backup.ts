import Database from 'better-sqlite3';
import { FOLDER_SETTING } from './backups';
import { deleteSettingOn, emptyTableOn, tableNamesOn, unsentChangesOn } from './queries';

// Starting a desk from a colleague's backup: the restore path (stageRestore, the core holder's swap) with
// one step more on the staged copy, before it is swapped in. What belongs to the colleague's desk alone is
// left behind:
// - the changes it had not sent yet (outbox): that desk sends them itself; sent again from here they would
//   be sent twice, under the colleague's name. They arrive here with the next pulls once it has.
// - the changes the server refused there (dead letters) and its open conflicts: the colleague settles them.
// - its backup folder (a path on that computer): this desk backs up into its own.
// Kept: the records, the sync checkpoints (so the first sync asks only for what changed since the backup,
// from a little before each class's checkpoint), the backend connection, and staff accounts with their
// local sign-in (password hashes), so staff sign in here as they do there. Session tokens never travel:
// they are kept in the secret store beside the database (secrets.ts), never in it; this desk signs in to
// the backend with sessions of its own.

/** Tables of the colleague's desk's own sync work, emptied on the copy. */
const DESK_ONLY_TABLES = ['outbox', 'sync_dead_letters', 'sync_conflicts'] as const;

export interface HandOver {
  /** Changes the colleague's desk had not sent yet, left for it to send. */
  unsentLeftBehind: number;
}

/** Leaves behind, in a staged copy of a colleague's backup, what only the colleague's desk may act on. */
export function handOverToThisDesk(staged: string, nativeBinding?: string): HandOver {
  const db = new Database(staged, nativeBinding ? { nativeBinding } : {});
  try {
    const tables = tableNamesOn(db);
    const unsent = unsentChangesOn(db);
    db.transaction(() => {
      for (const table of DESK_ONLY_TABLES) if (tables.has(table)) emptyTableOn(db, table);
      deleteSettingOn(db, FOLDER_SETTING);
    })();
    return { unsentLeftBehind: unsent };
  } finally {
    db.close();
  }
}
