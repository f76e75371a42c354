import type { Role } from '../../../shared/enums';
import type { StrandedStaff } from '../../../shared/sync';
import { query } from '../../db/query';
import { STRANDED_RECORDS_SQL, STRANDED_SQL } from '../../db/stranded';

// Staff accounts as replication sees them: who has a backend account, whose session pulls, whose changes
// cannot go (stranded).

export const staffAccount = query<
  [id: string],
  { id: string; username: string; email: string; fullName: string; role: string; objectId: string | null }
>('SELECT id, username, email, fullName, role, objectId FROM users WHERE id = ?');
export const staffMember = query<[id: string], { id: string; fullName: string; objectId: string | null }>(
  'SELECT id, fullName, objectId FROM users WHERE id = ?',
);
/** The local account becomes the backend user just created for it (unless it already is one). */
export const linkStaffAccount = query<[objectId: string, createdAt: string, updatedAt: string, id: string]>(
  'UPDATE users SET objectId = ?, createdAt = ?, updatedAt = ? WHERE id = ? AND objectId IS NULL',
);
/** The hash for signing in offline, from the last online sign-in. */
export const keepPasswordHash = query<[passwordHash: string, id: string]>(
  'UPDATE users SET passwordHash = ? WHERE id = ?',
);
export const staffByUsername = query<[], { username: string; objectId: string | null }>(
  'SELECT username, objectId FROM users ORDER BY username',
);
/** Staff, the most recently changed first: whose session is tried first for a pull. */
export const staffLatestFirst = query<[], { id: string }>('SELECT id FROM users ORDER BY localUpdatedAt DESC');
export const roleOfStaff = query<[id: string], { role: Role }>('SELECT role FROM users WHERE id = ?');
export const usernameOf = query<[id: string], { username: string }>('SELECT username FROM users WHERE id = ?');
export const fullNameOfBackendUser = query<[objectId: string], { fullName: string }>(
  'SELECT fullName FROM users WHERE objectId = ?',
);

/** Staff with no backend account, and how many waiting changes name them (db/stranded.ts). */
export const strandedStaff = query<[], StrandedStaff>(STRANDED_SQL);
/** The waiting changes that name them, and whose. */
export const strandedChangeRows = query<[], { entity: string; recordId: string; userId: string }>(STRANDED_RECORDS_SQL);
