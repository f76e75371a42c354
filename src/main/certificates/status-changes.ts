import { STATUS_FOR_RESULT } from '../../shared/labs';
import { STATUS_CHANGE, statusChangeProblem, statusChoices } from '../../shared/certificate-status';
import type { CertificateStatus, Role, VerificationResult } from '../../shared/enums';
import type { Store, WriteScope } from '../db/store';
import { DomainError } from '../trpc/errors';
import {
  entryOutcome,
  insertStatusChange,
  latestVerification,
  statusChangeRefusedHere,
  stoneCertificateNumber,
  stoneStatus,
  verificationOnItsWay,
} from './queries';

// Changes of a stone's certificate status that are not a verification (the stone form, a CSV import,
// another app) and the certificate-history entries that record them. The rule is
// src/shared/certificate-status.ts. An entry is a CertificateLog row with verificationResult
// `status_change`, statusFrom → statusTo, who and when, and the reason in its notes.
//
// These entries are not queued: coordinators may not write CertificateLog on the server. The stone's push
// names the entry (Gemstone.lastCertificateLog, with the reason in certificateStatusReason) and Cloud Code
// writes it there under that id, so the copy pulled back is this one (see sync/push.ts).

/** What a status change entry carries where a verification has its certificate number or lab, when the stone has none. */
export const NOT_RECORDED = '(not recorded)';

interface Verification {
  id: string;
  issuedBy: string;
  verificationResult: VerificationResult;
}

/** The stone's latest recorded verification (status changes are not verifications). */
export function lastVerification(store: Store, gemstone: string): Verification | undefined {
  return latestVerification.get(store, gemstone);
}

export interface StatusChange {
  /** null for a stone being added. */
  gemstone: string | null;
  from: CertificateStatus | null;
  to: CertificateStatus;
  role: Role;
  reason: string | null;
}

/** Refuses a status change the rule does not allow, with the reason in staff words. */
export function assertStatusChange(store: Store, change: StatusChange): void {
  const verification = change.gemstone ? lastVerification(store, change.gemstone) : undefined;
  const problem = statusChangeProblem({
    ...change,
    lastVerificationVerified: verification?.verificationResult === 'verified',
  });
  if (problem)
    throw new DomainError(
      problem.code,
      problem.message,
      problem.code === 'CERTIFICATE_MISMATCH' ? 'statusReason' : 'certificateStatus',
    );
}

/** The statuses the stone form offers this person for this stone (or for a stone being added). */
export function formStatusChoices(store: Store, role: Role, gemstone: string | null): CertificateStatus[] {
  const stone = gemstone ? stoneStatus.get(store, gemstone) : undefined;
  const verification = stone ? lastVerification(store, gemstone!) : undefined;
  return statusChoices({
    from: stone?.certificateStatus ?? null,
    role,
    lastVerificationVerified: verification?.verificationResult === 'verified',
  });
}

export interface StatusChangeEntry {
  gemstone: string;
  from: CertificateStatus | null;
  to: CertificateStatus;
  by: string | null;
  reason: string | null;
  /** ISO time of the change (default: the write's clock). */
  at?: string;
  /** Written for a change pulled from the server without an entry (never sent). */
  recordedHere?: boolean;
}

/** Writes the history entry of a status change inside the caller's write; returns its id. */
export function recordStatusChange(
  store: Store,
  scope: WriteScope | { now: number },
  entry: StatusChangeEntry,
): string {
  const stone = stoneCertificateNumber.get(store, entry.gemstone)!;
  const id = store.newId();
  insertStatusChange.run(store, {
    id,
    now: scope.now,
    gemstone: entry.gemstone,
    certificateNumber: stone.certificateNumber ?? NOT_RECORDED,
    issuedBy: lastVerification(store, entry.gemstone)?.issuedBy ?? NOT_RECORDED,
    by: entry.by,
    at: entry.at ?? new Date(scope.now).toISOString(),
    notes: entry.reason?.trim() || null,
    from: entry.from,
    to: entry.to,
    recordedHere: entry.recordedHere ? 1 : null,
  });
  return id;
}

/**
 * A stone pulled from the server whose certificate status differs from the one here. Unless an entry
 * explains the change (the server wrote one, named by the stone's lastCertificateLog, or a verification
 * recorded here is still on its way), one is written here: "changed in another app". Never throws: one
 * stone must not stop a sync.
 */
export function notePulledStatusChange(
  store: Store,
  change: {
    gemstone: string;
    from: CertificateStatus;
    to: CertificateStatus;
    lastCertificateLog: unknown;
    at: string | null;
    now: number;
  },
): void {
  try {
    const named =
      typeof change.lastCertificateLog === 'string' && change.lastCertificateLog ? change.lastCertificateLog : null;
    if (named) {
      const entry = entryOutcome.get(store, named, named);
      // Not here yet: the server wrote it and it comes with this pull or the next.
      if (!entry) return;
      const leadsTo =
        entry.verificationResult === STATUS_CHANGE
          ? entry.statusTo
          : STATUS_FOR_RESULT[entry.verificationResult as VerificationResult];
      if (leadsTo === change.to) return;
    }
    const onItsWay = verificationOnItsWay(store, change.gemstone);
    if (onItsWay) return;
    // The backend refused this workstation's own change of status: the stone is back to the server's.
    const refusedHere = statusChangeRefusedHere(store, change.gemstone);
    recordStatusChange(
      store,
      { now: change.now },
      {
        gemstone: change.gemstone,
        from: change.from,
        to: change.to,
        by: null,
        reason: refusedHere
          ? 'The backend refused the change made on this workstation; the stone is back to its status there.'
          : null,
        // When the other app made it; a refusal is noticed now (the server's stone predates the change refused).
        at: (!refusedHere && change.at) || new Date(change.now).toISOString(),
        recordedHere: true,
      },
    );
  } catch (error) {
    console.warn(
      `Could not note the certificate status change of stone ${change.gemstone}: ${(error as Error).message}`,
    );
  }
}
