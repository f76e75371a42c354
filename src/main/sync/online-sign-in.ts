import { hashPassword } from '../auth/password';
import type { Store } from '../db/store';
import { applyRemote } from './merge';
import { PermanentError, TransientError, type ParseClient } from './parse-client';
import { keepPasswordHash, localIdOf } from './queries';
import type { BackendSessions } from './sessions';

type LoggedIn = Awaited<ReturnType<ParseClient['login']>>;

/**
 * Signs a person in with the backend: their role and name come from the server, their session is kept
 * (encrypted) for pushing their changes, and a slow hash of the password lets them sign in offline later.
 * Returns 'offline' when the backend cannot be reached (the caller then checks the local hash).
 */
export async function signInOnline(
  store: Store,
  sessions: BackendSessions,
  client: ParseClient,
  username: string,
  password: string,
): Promise<{ userId: string } | { unusable: string } | 'offline' | 'wrong'> {
  // The offline sign-in hash is worked out (in the thread pool) while the server checks the password;
  // it is kept only if the server accepts it.
  const hashing = hashPassword(password);
  hashing.catch(() => undefined);
  let remote: LoggedIn;
  try {
    remote = await client.login(username, password);
  } catch (error) {
    if (error instanceof TransientError) return 'offline';
    if (error instanceof PermanentError) return 'wrong';
    throw error;
  }
  return takeSignIn(store, sessions, remote, hashing);
}

/** Keeps what an online sign-in gives: the account, its session, and the hash for signing in offline. */
export async function takeSignIn(
  store: Store,
  sessions: BackendSessions,
  remote: LoggedIn,
  hashing: Promise<string>,
): Promise<{ userId: string } | { unusable: string }> {
  const passwordHash = await hashing;
  const now = store.clock();
  const taken = store.sqlite
    .transaction(() => {
      const applied = applyRemote(store, '_User', remote as unknown as Record<string, unknown>, now);
      const row = localIdOf('_User').get(store, remote.objectId);
      if (!row) return { unusable: applied.reason ?? 'it cannot be stored on this workstation' };
      keepPasswordHash.run(store, passwordHash, row.id);
      return { userId: row.id };
    })
    .immediate();
  if ('unusable' in taken) {
    return {
      unusable: `Your backend account cannot be used on this workstation: ${taken.unusable}. An administrator can correct it on the backend.`,
    };
  }
  sessions.signedIn(taken.userId, remote.sessionToken);
  return taken;
}
