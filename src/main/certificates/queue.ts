import type { CertificateStatus } from '../../shared/enums';
import { AWAITING_STATUSES } from '../../shared/labs';
import type { Store } from '../db/store';

// The work queue "awaiting verification": stones whose certificate status is none or pending, oldest
// first. "Oldest" is when the stone was added as far as this workstation knows: the server's createdAt
// once the stone has been pushed or pulled, else its last local change (a local-only workstation has no
// other clock). Both are read from the index gemstones_status_added (status, createdAt, localUpdatedAt):
// per status, the stones the server knows in createdAt order and the local-only ones in local order, so
// each part is an index walk that stops at the limit, never a sort of every waiting stone.

export interface AwaitingStone {
  id: string;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  clarityGrade: string;
  location: string;
  certificateNumber: string | null;
  certificateStatus: CertificateStatus;
  /** ISO time the stone was added (see above). */
  addedAt: string;
  /** The latest verification of a pending stone (e.g. "pending re-check"), if any. */
  lastResult: string | null;
  lastVerifiedAt: string | null;
}

const COLUMNS = `id, sku, gemstoneType, caratWeight, clarityGrade, location, certificateNumber, certificateStatus, createdAt, localUpdatedAt,
  (SELECT verificationResult FROM certificate_logs c WHERE c.gemstone = gemstones.id AND c.verificationResult <> 'status_change' ORDER BY verifiedAt DESC LIMIT 1) AS lastResult,
  (SELECT verifiedAt FROM certificate_logs c WHERE c.gemstone = gemstones.id AND c.verificationResult <> 'status_change' ORDER BY verifiedAt DESC LIMIT 1) AS lastVerifiedAt`;

type Row = Omit<AwaitingStone, 'addedAt'> & { createdAt: string | null; localUpdatedAt: number };

/** How many stones await verification: read from the running tallies (a few hundred rows at most). */
export function awaitingCount(store: Store): number {
  const marks = AWAITING_STATUSES.map(() => '?').join(', ');
  return (
    store.sqlite.prepare(`SELECT coalesce(sum(stones), 0) AS n FROM gemstone_tallies WHERE certificateStatus IN (${marks})`).get(...AWAITING_STATUSES) as {
      n: number;
    }
  ).n;
}

export function awaitingQueue(store: Store, limit: number): { total: number; rows: AwaitingStone[] } {
  const known = store.sqlite.prepare(
    `SELECT ${COLUMNS} FROM gemstones WHERE certificateStatus = ? AND createdAt IS NOT NULL ORDER BY createdAt, localUpdatedAt LIMIT ?`,
  );
  const localOnly = store.sqlite.prepare(
    `SELECT ${COLUMNS} FROM gemstones WHERE certificateStatus = ? AND createdAt IS NULL ORDER BY localUpdatedAt LIMIT ?`,
  );
  const rows: AwaitingStone[] = [];
  for (const status of AWAITING_STATUSES) {
    for (const statement of [known, localOnly]) {
      for (const { createdAt, localUpdatedAt, ...row } of statement.all(status, limit) as Row[]) {
        rows.push({ ...row, addedAt: createdAt ?? new Date(localUpdatedAt).toISOString() });
      }
    }
  }
  rows.sort((a, b) => (a.addedAt < b.addedAt ? -1 : a.addedAt > b.addedAt ? 1 : a.sku.localeCompare(b.sku)));
  return { total: awaitingCount(store), rows: rows.slice(0, limit) };
}
