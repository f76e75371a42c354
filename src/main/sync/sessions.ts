import type { Role } from '../../shared/enums';
import type { Store } from '../db/store';
import { roleOfStaff, staffLatestFirst } from './queries';
import type { SecretStore } from './secrets';

// Backend sessions. Tokens live only in the secret store (encrypted where the host can): the connector's
// (the person who connected this workstation) and each person's who signed in online. A session the server
// refused is marked expired, so the status can say who must sign in again; their changes wait meanwhile.

const CONNECTOR = 'session:connector';
const CONNECTOR_USER = 'connector-user';
const sessionKey = (userId: string) => `session:${userId}`;
const expiredKey = (userId: string) => `expired:${userId}`;

export class BackendSessions {
  constructor(
    private readonly store: Store,
    private readonly secrets: SecretStore,
  ) {}

  /** The session a person's changes are pushed with: their own, or the connecting admin's if they never signed in online. */
  sessionFor = (userId: string | null): string | null => {
    const { secrets } = this;
    if (userId && secrets.get(sessionKey(userId)))
      return secrets.get(expiredKey(userId)) ? null : secrets.get(sessionKey(userId));
    return secrets.get(expiredKey('connector')) ? null : secrets.get(CONNECTOR);
  };

  /** Pulls run with the connecting admin's session, or with any staff session still valid. */
  pullSession(): { token: string; owner: string } | null {
    const { secrets } = this;
    if (!secrets.get(expiredKey('connector')) && secrets.get(CONNECTOR))
      return { token: secrets.get(CONNECTOR)!, owner: 'connector' };
    for (const { id } of staffLatestFirst.all(this.store)) {
      const token = secrets.get(sessionKey(id));
      if (token && !secrets.get(expiredKey(id))) return { token, owner: id };
    }
    return null;
  }

  /** The sessions these people's changes went with were refused (null: changes of no one in particular). */
  markExpired(userIds: Iterable<string | null>) {
    for (const userId of userIds) {
      const owner = userId && this.secrets.get(sessionKey(userId)) ? userId : 'connector';
      this.secrets.set(expiredKey(owner), '1');
    }
  }

  /** The session a pull ran with was refused (`owner` as {@link pullSession} named it). */
  markPullSessionExpired(owner: string) {
    this.secrets.set(expiredKey(owner), '1');
  }

  /** Who connected this workstation (asked first to sign in when nobody's session can pull). */
  connectorUser(): string | null {
    return this.secrets.get(CONNECTOR_USER);
  }

  /** A person signed in online: their session, which also stands for the connector's when that has none. */
  signedIn(userId: string, token: string) {
    this.secrets.set(sessionKey(userId), token);
    this.secrets.delete(expiredKey(userId));
    if (!this.secrets.get(CONNECTOR) || this.secrets.get(expiredKey('connector'))) {
      this.secrets.set(CONNECTOR, token);
      this.secrets.set(CONNECTOR_USER, userId);
      this.secrets.delete(expiredKey('connector'));
    }
  }

  /** Connecting: the connector's session, before it is known which local account it is. */
  connecting(token: string) {
    this.secrets.set(CONNECTOR, token);
    this.secrets.delete(expiredKey('connector'));
    this.secrets.delete(CONNECTOR_USER);
  }

  /** Connected as this local account. */
  connectedAs(userId: string) {
    this.secrets.set(CONNECTOR_USER, userId);
  }

  /** A connection that could not be completed: its session is forgotten. */
  forgetConnector() {
    this.secrets.delete(CONNECTOR);
    this.secrets.delete(CONNECTOR_USER);
  }

  /** The role of the person whose session pulls (null until their account is here). */
  roleOf(owner: string): Role | null {
    const userId = owner === 'connector' ? this.connectorUser() : owner;
    return userId ? (roleOfStaff.get(this.store, userId)?.role ?? null) : null;
  }
}
