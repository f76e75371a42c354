import type { CertificateLogResult, Role } from '../../shared/enums';
import { buyersPreferring, PREFERRING_PREVIEW, type PreferringBuyer } from './preferring-buyers';
import type { Store } from '../db/store';
import { redact } from '../trpc/privacy';
import type { Stone } from './grid';
import { findBySku, getStone } from './stones';

// The desk's reads: a stone with everything about it (one round trip, so a scan shows it at once), the
// scan itself, and the command palette's search over SKUs, certificate numbers and buyers. Inquiries and
// buyers belong to the sales capability; they are read here with SQL only.

export interface CertificateEntry {
  id: string;
  certificateNumber: string;
  issuedBy: string;
  verifiedByName: string | null;
  verifiedAt: string;
  /** A verification's result, or status_change for a change of status (statusFrom → statusTo, the reason in notes). */
  verificationResult: CertificateLogResult;
  notes: string | null;
  statusFrom: string | null;
  statusTo: string | null;
  /** Noted on this workstation for another app's change that came without an entry. */
  recordedHere: boolean;
}

export interface InquiryOnStone {
  id: string;
  buyerId: string;
  buyerName: string;
  buyerCode: string;
  inquiryStatus: string;
  requestedCaratWeight: number;
  quotedPrice?: number | null;
  currency: string;
  handledByName: string | null;
  followUpAt: string | null;
}

export interface CustodyEntry {
  id: string;
  fromLocation: string;
  toLocation: string;
  movedByName: string | null;
  movedAt: string;
  reason: string | null;
}

export interface StoneDetail {
  stone: Stone;
  /** A change made here is still to be sent (a stone pulled and never edited here has none). */
  changesWaiting: boolean;
  certificates: CertificateEntry[];
  inquiries: InquiryOnStone[];
  custody: CustodyEntry[];
  /** The first few buyers who prefer the stone's type (PREFERRING_PREVIEW), and how many there are in all. */
  preferringBuyers: PreferringBuyer[];
  preferringBuyerCount: number;
}

export function stoneDetail(store: Store, id: string, role: Role): StoneDetail {
  const stone = getStone(store, id);
  const certificates = store.sqlite
    .prepare(
      `SELECT c.id, c.certificateNumber, c.issuedBy, u.fullName AS verifiedByName, c.verifiedAt, c.verificationResult, c.notes,
              c.statusFrom, c.statusTo, c.recordedHere = 1 AS recordedHere
       FROM certificate_logs c LEFT JOIN users u ON u.id = c.verifiedBy
       WHERE c.gemstone = ? ORDER BY c.verifiedAt DESC, c.rowid DESC LIMIT 100`,
    )
    .all(id)
    .map((row) => ({
      ...(row as CertificateEntry),
      recordedHere: (row as { recordedHere: number | null }).recordedHere === 1,
    }));
  const inquiries = (
    store.sqlite
      .prepare(
        `SELECT i.id, i.buyer AS buyerId, b.companyName AS buyerName, b.buyerCode, i.inquiryStatus, i.requestedCaratWeight,
                i.quotedPrice, i.currency, u.fullName AS handledByName, i.followUpAt
         FROM purchase_inquiries i JOIN buyers b ON b.id = i.buyer LEFT JOIN users u ON u.id = i.handledBy
         WHERE i.gemstone = ? ORDER BY i.localUpdatedAt DESC LIMIT 100`,
      )
      .all(id) as InquiryOnStone[]
  ).map((row) => redact('PurchaseInquiry', role, row));
  const custody = store.sqlite
    .prepare(
      `SELECT e.id, e.fromLocation, e.toLocation, u.fullName AS movedByName, e.movedAt, e.reason
       FROM custody_events e LEFT JOIN users u ON u.id = e.movedBy
       WHERE e.gemstone = ? ORDER BY e.movedAt DESC, e.rowid DESC LIMIT 200`,
    )
    .all(id) as CustodyEntry[];
  const preferring = buyersPreferring(store, stone.gemstoneType, PREFERRING_PREVIEW);
  const changesWaiting =
    store.sqlite.prepare("SELECT 1 FROM outbox WHERE entity = 'Gemstone' AND recordId = ?").get(id) !== undefined;
  return {
    stone,
    changesWaiting,
    certificates,
    inquiries,
    custody,
    preferringBuyers: preferring.buyers,
    preferringBuyerCount: preferring.total,
  };
}

export type ScanResult = { found: true; detail: StoneDetail } | { found: false; code: string };

/** A scanned SKU → the stone with everything about it, or "not found" with the code to add it. */
export function scan(store: Store, code: string, role: Role): ScanResult {
  const stone = findBySku(store, code);
  if (!stone) return { found: false, code: code.trim() };
  return { found: true, detail: stoneDetail(store, stone.id, role) };
}

export type SearchHit =
  | { kind: 'stone'; id: string; sku: string; label: string }
  | { kind: 'certificate'; id: string; sku: string; certificateNumber: string; label: string }
  | { kind: 'buyer'; id: string; buyerCode: string; companyName: string; label: string };

/** The command palette: SKUs and certificate numbers that start with the text, buyers by name or code. */
export function search(store: Store, q: string, limit: number): SearchHit[] {
  const text = q.trim();
  if (!text) return [];
  const variants = [...new Set([text, text.toUpperCase()])];
  const hits: SearchHit[] = [];
  const seen = new Set<string>();
  const bySku = store.sqlite.prepare(
    `SELECT id, sku, gemstoneType, caratWeight, location FROM gemstones WHERE sku >= ? AND sku < ? ORDER BY sku LIMIT ?`,
  );
  const byCertificate = store.sqlite.prepare(
    `SELECT id, sku, certificateNumber, gemstoneType, caratWeight FROM gemstones
     WHERE certificateNumber >= ? AND certificateNumber < ? ORDER BY certificateNumber LIMIT ?`,
  );
  for (const v of variants) {
    for (const s of bySku.all(v, `${v}\u{10FFFF}`, limit) as {
      id: string;
      sku: string;
      gemstoneType: string;
      caratWeight: number;
      location: string;
    }[]) {
      if (seen.has(`s${s.id}`)) continue;
      seen.add(`s${s.id}`);
      hits.push({
        kind: 'stone',
        id: s.id,
        sku: s.sku,
        label: `${s.gemstoneType} · ${s.caratWeight.toFixed(2)} ct · ${s.location}`,
      });
    }
    for (const s of byCertificate.all(v, `${v}\u{10FFFF}`, limit) as {
      id: string;
      sku: string;
      certificateNumber: string;
      gemstoneType: string;
      caratWeight: number;
    }[]) {
      if (seen.has(`c${s.id}`)) continue;
      seen.add(`c${s.id}`);
      hits.push({
        kind: 'certificate',
        id: s.id,
        sku: s.sku,
        certificateNumber: s.certificateNumber,
        label: `Certificate of ${s.sku} · ${s.gemstoneType} · ${s.caratWeight.toFixed(2)} ct`,
      });
    }
  }
  const like = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const buyers = store.sqlite
    .prepare(
      `SELECT id, buyerCode, companyName, contactName FROM buyers
       WHERE companyName LIKE @like ESCAPE '\\' OR contactName LIKE @like ESCAPE '\\' OR buyerCode LIKE @like ESCAPE '\\'
          OR companyName LIKE @word ESCAPE '\\'
       ORDER BY companyName LIMIT @limit`,
    )
    .all({ like, word: `% ${like}`, limit }) as {
    id: string;
    buyerCode: string;
    companyName: string;
    contactName: string;
  }[];
  for (const b of buyers) {
    hits.push({
      kind: 'buyer',
      id: b.id,
      buyerCode: b.buyerCode,
      companyName: b.companyName,
      label: `${b.contactName} · ${b.buyerCode}`,
    });
  }
  return hits.slice(0, limit * 3);
}
