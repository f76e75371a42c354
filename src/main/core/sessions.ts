import type { Sessions } from '../trpc/context';

/**
 * Who is signed in on which connection. Kept in memory on purpose: restarting Loupe signs everyone out,
 * and no session token ever reaches the renderer (the shell or host identifies the connection).
 */
export class MemorySessions implements Sessions {
  private readonly byConnection = new Map<string, string>();

  userIdFor(connectionId: string) {
    return this.byConnection.get(connectionId);
  }

  signIn(connectionId: string, userId: string) {
    this.byConnection.set(connectionId, userId);
  }

  signOut(connectionId: string) {
    this.byConnection.delete(connectionId);
  }
}
