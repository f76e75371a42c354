import type { Store } from '../db/store';

// The statements of the sales rules, prepared once per store (Store.statement).

export const staffNameAndRole = (store: Store, userId: string) =>
  store.statement('SELECT fullName, role FROM users WHERE id = ?').get(userId) as
    { fullName: string; role: string } | undefined;

export const staffObjectId = (store: Store, userId: string) =>
  (store.statement('SELECT objectId FROM users WHERE id = ?').get(userId) as { objectId: string | null } | undefined)
    ?.objectId ?? null;
