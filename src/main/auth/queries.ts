import type { users } from '../db/schema';
import type { Store } from '../db/store';

// Every statement of staff accounts, prepared once per store (Store.statement).

export type UserRow = typeof users.$inferSelect;

const USER_COLUMNS =
  'id, objectId, createdAt, updatedAt, localUpdatedAt, username, email, role, fullName, passwordHash';

/** Runs on every request (the role is read fresh each time). */
export const sessionUserById = (store: Store, id: string) =>
  store.statement('SELECT id, username, fullName, email, role FROM users WHERE id = ?').get(id) as
    Pick<UserRow, 'id' | 'username' | 'fullName' | 'email' | 'role'> | undefined;

export const userById = (store: Store, id: string) =>
  store.statement(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id) as UserRow | undefined;

export const userByUsername = (store: Store, username: string) =>
  store.statement(`SELECT ${USER_COLUMNS} FROM users WHERE username = ?`).get(username) as UserRow | undefined;

export const anyUser = (store: Store) => store.statement('SELECT 1 FROM users LIMIT 1').get() !== undefined;

export const usersByName = (store: Store) =>
  store.statement(`SELECT ${USER_COLUMNS} FROM users ORDER BY fullName`).all() as UserRow[];

export const adminCount = (store: Store) =>
  (store.statement("SELECT count(*) AS n FROM users WHERE role = 'admin'").get() as { n: number }).n;

export const insertUser = (store: Store, row: UserRow) =>
  store
    .statement(
      `INSERT INTO users (${USER_COLUMNS})
       VALUES (@id, @objectId, @createdAt, @updatedAt, @localUpdatedAt, @username, @email, @role, @fullName, @passwordHash)`,
    )
    .run(row);

export const setUserRole = (store: Store, id: string, role: string, now: number) =>
  store.statement('UPDATE users SET role = ?, localUpdatedAt = ? WHERE id = ?').run(role, now, id);
