import type { CertificateLogResult, Role } from '../../shared/enums';
import { gradingLine } from '../../shared/grading';
import { buyersPreferring, PREFERRING_PREVIEW, type PreferringBuyer } from './preferring-buyers';
import type { Store } from '../db/store';
import {
  buyersMatching,
  certificatesOfStone,
  custodyOfStone,
  inquiriesOnStone,
  stoneChangesWaiting,
  stonesByCertificatePrefix,
  stonesBySkuPrefix,
  type StoneHitRow,
} from './queries';
import { redact } from '../trpc/privacy';
import type { Stone } from './queries/grid';
import { findBySku, getStone } from './stones';
import { canSeeStonePrices, redactStone } from './grading';

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
  const stone = redactStone(role, getStone(store, id));
  const certificates = certificatesOfStone
    .all(store, id)
    .map((row): CertificateEntry => ({ ...row, recordedHere: row.recordedHere === 1 }));
  const inquiries = inquiriesOnStone.all(store, id).map((row) => redact('PurchaseInquiry', role, row));
  const custody = custodyOfStone.all(store, id);
  const preferring = buyersPreferring(store, stone.gemstoneType, PREFERRING_PREVIEW);
  const changesWaiting = stoneChangesWaiting(store, id);
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

/** A stone's hit in the palette: its grading in words and, for roles allowed prices, its asking price. */
interface StoneHitInfo {
  grading: string;
  askingPrice?: number | null;
  priceCurrency: string | null;
}

export type SearchHit =
  | ({ kind: 'stone'; id: string; sku: string; label: string } & StoneHitInfo)
  | ({ kind: 'certificate'; id: string; sku: string; certificateNumber: string; label: string } & StoneHitInfo)
  | { kind: 'buyer'; id: string; buyerCode: string; companyName: string; label: string };

/** The command palette: SKUs and certificate numbers that start with the text, buyers by name or code. */
export function search(store: Store, q: string, limit: number, role: Role): SearchHit[] {
  const text = q.trim();
  if (!text) return [];
  const prices = canSeeStonePrices(role);
  const info = (s: StoneHitRow): StoneHitInfo => ({
    grading: gradingLine(s),
    priceCurrency: s.priceCurrency,
    ...(prices ? { askingPrice: s.askingPrice } : {}),
  });
  const variants = [...new Set([text, text.toUpperCase()])];
  const hits: SearchHit[] = [];
  const seen = new Set<string>();
  for (const v of variants) {
    for (const s of stonesBySkuPrefix.all(store, v, `${v}\u{10FFFF}`, limit)) {
      if (seen.has(`s${s.id}`)) continue;
      seen.add(`s${s.id}`);
      hits.push({
        kind: 'stone',
        id: s.id,
        sku: s.sku,
        label: `${s.gemstoneType} · ${s.caratWeight.toFixed(2)} ct · ${s.location}`,
        ...info(s),
      });
    }
    for (const s of stonesByCertificatePrefix.all(store, v, `${v}\u{10FFFF}`, limit)) {
      if (seen.has(`c${s.id}`)) continue;
      seen.add(`c${s.id}`);
      hits.push({
        kind: 'certificate',
        id: s.id,
        sku: s.sku,
        certificateNumber: s.certificateNumber,
        label: `Certificate of ${s.sku} · ${s.gemstoneType} · ${s.caratWeight.toFixed(2)} ct`,
        ...info(s),
      });
    }
  }
  const like = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const buyers = buyersMatching.all(store, { like, word: `% ${like}`, limit });
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
