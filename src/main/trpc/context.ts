import type { Role } from '../../shared/enums';
import type { Store } from '../db/store';

/** The signed-in staff member, as the core knows them (never includes the password hash). */
export interface SessionUser {
  id: string;
  username: string;
  fullName: string;
  email: string;
  role: Role;
}

/** Who is signed in on each connection (an Electron window or a browser-host client). */
export interface Sessions {
  userIdFor(connectionId: string): string | undefined;
  signIn(connectionId: string, userId: string): void;
  signOut(connectionId: string): void;
}

export interface Context {
  store: Store;
  sessions: Sessions;
  connectionId: string;
  /** Resolved from the session on every request, so a role change takes effect at once. */
  user: SessionUser | null;
}
