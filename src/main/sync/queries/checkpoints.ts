import type { Store } from '../../db/store';
import { query } from '../../db/query';

// Where each class's pull stands (sync_checkpoints), and what the replicator keeps in the settings table.

export interface Checkpoint {
  updatedAt: string | null;
  objectId: string | null;
  serverReadAt: string | null;
}

export const checkpointOf = query<[entity: string], Checkpoint>(
  'SELECT updatedAt, objectId, serverReadAt FROM sync_checkpoints WHERE entity = ?',
);
export const stonesCheckpoint = query<[], { 1: 1 }>("SELECT 1 FROM sync_checkpoints WHERE entity = 'Gemstone'");
/** The server's clock when the last pull of a class began reading. */
export const noteReadStart = query<[serverReadAt: string | null, entity: string]>(
  'UPDATE sync_checkpoints SET serverReadAt = ? WHERE entity = ?',
);
/** Moves a class's checkpoint forward, never back (an overlap page must not move it back). */
export const moveCheckpointForward = query<[{ entity: string; updatedAt: string; objectId: string; now: number }]>(
  `INSERT INTO sync_checkpoints (entity, updatedAt, objectId, lastPulledAt) VALUES (@entity, @updatedAt, @objectId, @now)
       ON CONFLICT (entity) DO UPDATE SET
         updatedAt = CASE WHEN sync_checkpoints.updatedAt IS NULL OR excluded.updatedAt > sync_checkpoints.updatedAt
                               OR (excluded.updatedAt = sync_checkpoints.updatedAt AND excluded.objectId > sync_checkpoints.objectId)
                          THEN excluded.updatedAt ELSE sync_checkpoints.updatedAt END,
         objectId = CASE WHEN sync_checkpoints.updatedAt IS NULL OR excluded.updatedAt > sync_checkpoints.updatedAt
                               OR (excluded.updatedAt = sync_checkpoints.updatedAt AND excluded.objectId > sync_checkpoints.objectId)
                          THEN excluded.objectId ELSE sync_checkpoints.objectId END,
         lastPulledAt = excluded.lastPulledAt`,
);
/** Forgets these classes' checkpoints: their next pull reads everything again. */
export const forgetCheckpoints = (store: Store, classes: readonly string[]) =>
  store
    .statement(`DELETE FROM sync_checkpoints WHERE entity IN (${classes.map(() => '?').join(', ')})`)
    .run(...classes);

export const settingOf = query<[key: string], { value: string }>('SELECT value FROM settings WHERE key = ?');
/** A setting's value (JSON text). */
export const writeSettingRow = query<[key: string, value: string, updatedAt: number]>(
  'INSERT INTO settings (key, value, updatedAt) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updatedAt = excluded.updatedAt',
);
export const forgetSetting = query<[key: string]>('DELETE FROM settings WHERE key = ?');
/** When the last complete sync ended (JSON text); the row's updatedAt stays that of its first write. */
export const noteLastSynced = query<[value: string, updatedAt: number]>(
  "INSERT INTO settings (key, value, updatedAt) VALUES ('lastSyncedAt', ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
);
