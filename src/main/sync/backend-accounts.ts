import type { Store } from '../db/store';
import { DomainError } from '../trpc/errors';
import { SessionExpiredError, TransientError, type ParseClient } from './parse-client';
import { linkStaffAccount, staffAccount } from './queries';

/**
 * A backend account for a staff member made here while the workstation was local only, through Cloud
 * Code's loupeCreateStaff (admins only; the role is set on the server, the local id becomes its clientId),
 * with the signed-in administrator's session. The local account is then that backend user: changes that
 * name them can go.
 */
export async function createBackendAccount(
  store: Store,
  client: ParseClient,
  adminSession: string | null,
  userId: string,
  password: string,
) {
  const person = staffAccount.get(store, userId);
  if (!person) throw new DomainError('NOT_FOUND', 'That staff member no longer exists.');
  if (person.objectId) throw new DomainError('ALREADY_SET_UP', `${person.fullName} already has a backend account.`);
  if (!adminSession)
    throw new DomainError('NO_BACKEND_ACCOUNT', 'Sign out and sign in again with your backend password first.');
  let created: { objectId: string; createdAt: string; updatedAt: string };
  try {
    ({ result: created } = await client.request<{ result: typeof created }>('POST', 'functions/loupeCreateStaff', {
      sessionToken: adminSession,
      body: {
        username: person.username,
        email: person.email,
        fullName: person.fullName,
        role: person.role,
        password,
        clientId: person.id,
      },
    }));
  } catch (error) {
    if (error instanceof TransientError)
      throw new DomainError('BACKEND_UNREACHABLE', `The backend could not be reached: ${error.message}`);
    if (error instanceof SessionExpiredError)
      throw new DomainError('NO_BACKEND_ACCOUNT', 'Your backend session has expired: sign out and sign in again.');
    throw new DomainError('INVALID_VALUE', `The backend refused: ${(error as Error).message}`, 'password');
  }
  store.write(({ touched }) => {
    linkStaffAccount.run(store, created.objectId, created.createdAt, created.updatedAt, person.id);
    touched('_User');
    touched('sync');
  });
}
