import { CERTIFICATE_STATUSES, type CertificateStatus, type Role } from './enums';

// The one rule for changing a stone's certificate status without recording a verification (the stone
// form, a CSV import). A status says what the certificate paperwork shows, so a change may not claim a
// verification the log does not hold:
//   - Verified only when the stone's latest recorded verification found the certificate verified;
//   - out of Mismatch only by an administrator's override with a reason (or by recording a new
//     verification, which is not this path);
//   - anything else (none, pending, and flagging a mismatch, which only stops sales) by anyone who edits
//     stones. Every change is written to the stone's certificate history: who, when, from → to and why.
// The core applies it (src/main/certificates/status-changes.ts), the stone form offers only what it
// allows, and Cloud Code holds other apps to the same rule (resources/back4app/cloud/main.js).

/** CertificateLog.verificationResult of an entry that records a status change (see enums.ts). */
export const STATUS_CHANGE = 'status_change';

/** Status words for sentences ("from Mismatch to Pending"); the badges use the same words. */
export const CERTIFICATE_STATUS_WORDS: Record<CertificateStatus, string> = {
  none: 'No certificate',
  pending: 'Pending',
  verified: 'Verified',
  mismatch: 'Mismatch',
};

export const statusWords = (status: string | null | undefined): string =>
  status ? (CERTIFICATE_STATUS_WORDS[status as CertificateStatus] ?? status) : 'not recorded';

export interface StatusChangeRequest {
  from: CertificateStatus | null;
  to: CertificateStatus;
  role: Role;
  /** Why, in the person's words (required to lift a mismatch). */
  reason: string | null;
  /** The stone's latest recorded verification found the certificate verified. */
  lastVerificationVerified: boolean;
}

export type StatusRefusal = {
  code: 'CERTIFICATE_NOT_VERIFIED' | 'CERTIFICATE_MISMATCH' | 'FORBIDDEN_ROLE';
  message: string;
};

/** Why this change may not be made from a form or an import, or null when it may. */
export function statusChangeProblem(request: StatusChangeRequest): StatusRefusal | null {
  const { from, to, role, reason, lastVerificationVerified } = request;
  if (from === to) return null;
  if (from === 'mismatch') {
    if (role !== 'admin') {
      return {
        code: 'FORBIDDEN_ROLE',
        message:
          'This stone’s certificate is in mismatch. It leaves mismatch when a practitioner records a new verification of the certificate, ' +
          'or when an administrator overrides it with a reason.',
      };
    }
    if (!reason?.trim()) {
      return {
        code: 'CERTIFICATE_MISMATCH',
        message: 'Say why you lift the mismatch: the reason is kept in the stone’s certificate history.',
      };
    }
  }
  if (to === 'verified' && !lastVerificationVerified) {
    return {
      code: 'CERTIFICATE_NOT_VERIFIED',
      message:
        'A stone is Verified only by a recorded verification of its certificate. Keep it Pending and have a practitioner record the ' +
        'verification under Certificates.',
    };
  }
  return null;
}

/** The statuses a form may offer for this stone (its own status always stays choosable). */
export function statusChoices(request: Omit<StatusChangeRequest, 'to' | 'reason'>): CertificateStatus[] {
  // The reason is asked for once a status is chosen; here only whether the status can be chosen at all.
  return CERTIFICATE_STATUSES.filter(
    (to) => to === request.from || !statusChangeProblem({ ...request, to, reason: 'given' }),
  );
}

export interface StatusChangeWords {
  statusFrom: string | null;
  statusTo: string | null;
  verifiedByName: string | null;
  notes: string | null;
  /** Recorded on this workstation for a change another app made without an entry of its own. */
  recordedHere?: boolean;
}

/** "Status changed from Mismatch to Pending by Carla Coordinator — reason: …" */
export function describeStatusChange(entry: StatusChangeWords): string {
  const change = entry.statusFrom
    ? `Status changed from ${statusWords(entry.statusFrom)} to ${statusWords(entry.statusTo)}`
    : `Added with status ${statusWords(entry.statusTo)}`;
  const reason = entry.notes?.trim() ? ` — reason: ${entry.notes.trim()}` : '';
  if (entry.recordedHere && !entry.verifiedByName)
    return reason ? `${change}${reason}` : `${change} in another app, which did not record who or why`;
  return `${change}${entry.verifiedByName ? ` by ${entry.verifiedByName}` : ''}${reason}`;
}
