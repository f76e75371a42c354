import type { CreateStaffInput } from '../../shared/schemas';
import type { Role } from '../../shared/enums';
import type { Store } from '../db/store';
import type { SessionUser } from '../trpc/context';
import { DomainError } from '../trpc/errors';
import { toSessionUser } from './accounts';
import { hashPassword } from './password';
import { adminCount, insertUser, setUserRole, userById, userByUsername, usersByName } from './queries';

export interface StaffMember extends SessionUser {
  /** Whether this person can sign in on this workstation without the backend. */
  canSignInHere: boolean;
  /** Whether the backend knows this person (false: made here while the workstation was local only). */
  onBackend: boolean;
}

/** Everyone who can be named on a record (handled by, account manager, verified by). */
export function listStaff(store: Store): StaffMember[] {
  return usersByName.all(store).map((row) => ({
    ...toSessionUser(row),
    canSignInHere: row.passwordHash !== null,
    onBackend: row.objectId !== null,
  }));
}

export async function createStaff(store: Store, input: CreateStaffInput): Promise<StaffMember> {
  const taken = () => userByUsername.get(store, input.username) !== undefined;
  if (taken()) throw new DomainError('DUPLICATE_USERNAME', `The username ${input.username} is taken.`, 'username');
  const passwordHash = await hashPassword(input.password);
  return store.write(({ now, touched }) => {
    if (taken()) throw new DomainError('DUPLICATE_USERNAME', `The username ${input.username} is taken.`, 'username');
    const row = {
      id: store.newId(),
      objectId: null,
      createdAt: null,
      updatedAt: null,
      localUpdatedAt: now,
      username: input.username,
      email: input.email,
      fullName: input.fullName,
      role: input.role,
      passwordHash,
    };
    insertUser.run(store, row);
    touched('_User');
    return { ...toSessionUser(row), canSignInHere: true, onBackend: false };
  });
}

/** Changes a role; the last administrator cannot stop being one (nobody could manage staff after). */
export function setRole(store: Store, userId: string, role: Role): StaffMember {
  return store.write(({ now, touched }) => {
    const row = userById.get(store, userId);
    if (!row) throw new DomainError('NOT_FOUND', 'That staff member no longer exists.');
    if (row.role === 'admin' && role !== 'admin') {
      if (adminCount.get(store)!.n <= 1)
        throw new DomainError(
          'LAST_ADMIN',
          'Loupe needs at least one administrator; make someone else an administrator first.',
          'role',
        );
    }
    setUserRole.run(store, role, now, userId);
    touched('_User');
    return {
      ...toSessionUser({ ...row, role }),
      canSignInHere: row.passwordHash !== null,
      onBackend: row.objectId !== null,
    };
  });
}
