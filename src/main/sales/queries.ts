import { query } from '../db/query';

// The statements of the sales rules, prepared once per store (Store.statement).

export const staffNameAndRole = query<[userId: string], { fullName: string; role: string }>(
  'SELECT fullName, role FROM users WHERE id = ?',
);

export const staffObjectId = query<[userId: string], { objectId: string | null }>(
  'SELECT objectId FROM users WHERE id = ?',
);
