import type { CreateFirstAdminInput, SignInInput } from '../../shared/schemas';
import { ROLES, type Role } from '../../shared/enums';
import type { Store } from '../db/store';
import type { SessionUser, SyncService } from '../trpc/context';
import { DomainError } from '../trpc/errors';
import { decoyHash, hashPassword, verifyPassword } from './password';
import { anyUser, insertUser, sessionUserById, userByUsername, type UserRow } from './queries';

export function toSessionUser(row: Pick<UserRow, 'id' | 'username' | 'fullName' | 'email' | 'role'>): SessionUser {
  const role = (ROLES as readonly string[]).includes(row.role) ? (row.role as Role) : 'practitioner';
  return { id: row.id, username: row.username, fullName: row.fullName, email: row.email, role };
}

/** Runs on every request: the role is read fresh each time. */
export function findUser(store: Store, id: string): SessionUser | null {
  const row = sessionUserById.get(store, id);
  return row ? toSessionUser(row) : null;
}

/** True until the first administrator exists: the only time the setup screen is offered. */
export function needsFirstAdmin(store: Store): boolean {
  return !anyUser.get(store);
}

export async function createFirstAdmin(store: Store, input: CreateFirstAdminInput): Promise<SessionUser> {
  if (!needsFirstAdmin(store)) throw alreadySetUp();
  // Hash outside the transaction (it is deliberately slow), then re-check inside it: two windows racing
  // through setup cannot both create an administrator.
  const passwordHash = await hashPassword(input.password);
  return store.write(({ now }) => {
    if (!needsFirstAdmin(store)) throw alreadySetUp();
    const row: UserRow = {
      id: store.newId(),
      objectId: null,
      createdAt: null,
      updatedAt: null,
      localUpdatedAt: now,
      username: input.username,
      email: input.email,
      fullName: input.fullName,
      role: 'admin',
      passwordHash,
    };
    insertUser.run(store, row);
    return toSessionUser(row);
  });
}

const alreadySetUp = () => new DomainError('ALREADY_SET_UP', 'Loupe already has an administrator; sign in instead.');

/**
 * Checks a username and password; the refusal never says which of the two was wrong. On a connected
 * workstation the backend decides (and its role is taken); when it cannot be reached, the slow hash kept
 * from the last online sign-in lets the person in (offline sign-in).
 */
export async function checkCredentials(store: Store, input: SignInInput, sync?: SyncService): Promise<SessionUser> {
  if (sync?.connected) {
    const online = await sync.signInOnline(input.username, input.password);
    // Someone added here while the workstation was local only has no backend account yet: they sign in
    // here, with their password here, until they get one.
    const localOnly = userByUsername.get(store, input.username);
    if (online === 'wrong' && !(localOnly && localOnly.objectId === null && localOnly.passwordHash)) {
      throw new DomainError('WRONG_CREDENTIALS', 'Wrong username or password.');
    }
    if (online !== 'offline' && online !== 'wrong' && 'unusable' in online)
      throw new DomainError('ACCOUNT_NOT_USABLE', online.unusable);
    if (online !== 'offline' && online !== 'wrong') return findUser(store, online.userId)!;
  }
  const row = userByUsername.get(store, input.username);
  const ok = row?.passwordHash
    ? await verifyPassword(input.password, row.passwordHash)
    : (await verifyPassword(input.password, await decoyHash()), false);
  if (!row || !ok) throw new DomainError('WRONG_CREDENTIALS', 'Wrong username or password.');
  return toSessionUser(row);
}
