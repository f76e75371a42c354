import type { ReplicatedClass, Role } from '../../shared/enums';
import type { BackendSettings, ConnectReport, RequestsThisMonth, SyncReport, SyncStatus } from '../../shared/sync';
import type { Store } from '../db/store';
import type { Maintenance } from '../maintenance/services';

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

/** Replication as the procedures see it (implemented by sync/replicator; declared here so imports run downward). */
export interface SyncService {
  readonly connected: boolean;
  status(): SyncStatus;
  /** Requests this workstation sent to the backend this calendar month (hosted plans bill by them). */
  requestsThisMonth(): RequestsThisMonth;
  syncNow(): Promise<SyncReport>;
  connect(settings: BackendSettings, username: string, password: string): Promise<ConnectReport>;
  /**
   * 'offline': the backend cannot be reached (check the local hash); 'wrong': the backend refused;
   * `unusable`: the password is right but the account cannot be stored here (no role, say), and why.
   */
  signInOnline(
    username: string,
    password: string,
  ): Promise<{ userId: string } | { unusable: string } | 'offline' | 'wrong'>;
  /**
   * Gives a staff member made here while the workstation was local only their backend account, with their
   * role, through the signed-in administrator's backend session; their waiting changes can then go.
   */
  createBackendAccount(userId: string, password: string, byUserId: string): Promise<void>;
  /**
   * The bytes of a replicated file (e.g. a certificate's scanned report): kept here, or downloaded from
   * the backend and kept from then on. Null when neither has it (or the backend cannot be reached).
   */
  fetchDocument(entity: ReplicatedClass, recordId: string, field: string): Promise<Buffer | null>;
}

export interface Context {
  store: Store;
  sync: SyncService;
  sessions: Sessions;
  /** Backups, restore, self-check, doctor, diagnostics, updates (src/main/maintenance). */
  app: Maintenance;
  connectionId: string;
  /** Resolved from the session on every request, so a role change takes effect at once. */
  user: SessionUser | null;
}
