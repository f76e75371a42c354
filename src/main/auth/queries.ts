import type { users } from '../db/schema';
import { query } from '../db/query';

// Every statement of staff accounts, prepared once per store (Store.statement).

export type UserRow = typeof users.$inferSelect;

const USER_COLUMNS =
  'id, objectId, createdAt, updatedAt, localUpdatedAt, username, email, role, fullName, passwordHash';

/** Runs on every request (the role is read fresh each time). */
export const sessionUserById = query<[id: string], Pick<UserRow, 'id' | 'username' | 'fullName' | 'email' | 'role'>>(
  'SELECT id, username, fullName, email, role FROM users WHERE id = ?',
);

export const userById = query<[id: string], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`);

export const userByUsername = query<[username: string], UserRow>(
  `SELECT ${USER_COLUMNS} FROM users WHERE username = ?`,
);

export const anyUser = query<[], { 1: 1 }>('SELECT 1 FROM users LIMIT 1');

export const usersByName = query<[], UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY fullName`);

export const adminCount = query<[], { n: number }>("SELECT count(*) AS n FROM users WHERE role = 'admin'");

export const insertUser = query<[UserRow]>(
  `INSERT INTO users (${USER_COLUMNS})
   VALUES (@id, @objectId, @createdAt, @updatedAt, @localUpdatedAt, @username, @email, @role, @fullName, @passwordHash)`,
);

export const setUserRole = query<[role: string, now: number, id: string]>(
  'UPDATE users SET role = ?, localUpdatedAt = ? WHERE id = ?',
);
