import type { Store } from '../db/store';
import {
  setCountCancelled,
  countLine,
  countLines,
  countSummary,
  countTally,
  setCountFinished,
  insertCount,
  insertUnexpectedLine,
  markScanned,
  openCountAt,
  recentCounts,
  recentScans,
  type CountLines,
} from './queries';
import { DomainError } from '../trpc/errors';
import { resolveLocation } from './lists';
import { findBySku } from './stones';

// Stock counts: the stones the inventory places at a location are frozen at start (so moves during the
// count do not change what is expected); scans in any order mark them found, a second scan of the same
// SKU is ignored, a stone that was not expected is noted with where the inventory has it. Finishing
// keeps the summary; the lines stay as the report. Counting changes nothing on the stones.

export interface CountSummary {
  id: string;
  location: string;
  status: 'open' | 'finished' | 'cancelled';
  startedByName: string | null;
  startedAt: number;
  finishedByName: string | null;
  finishedAt: number | null;
  expectedStones: number;
  expectedCarats: number;
  scannedExpected: number;
  unexpectedSoFar: number;
  matchedStones: number | null;
  matchedCarats: number | null;
  missingStones: number | null;
  missingCarats: number | null;
  unexpectedStones: number | null;
  unexpectedCarats: number | null;
}

export interface CountLine {
  sku: string;
  gemstone: string | null;
  gemstoneType: string | null;
  caratWeight: number | null;
  recordedLocation: string | null;
  scannedAt: number | null;
}

export interface CountReport {
  count: CountSummary;
  /** The latest scans, newest first (for the screen during a count). */
  recentScans: (CountLine & { expected: boolean })[];
  matched: CountLine[];
  missing: CountLine[];
  unexpected: CountLine[];
  /** The lists are capped at this many lines each; the totals always cover all of them. */
  listLimit: number;
}

export type CountScanOutcome = 'matched' | 'duplicate' | 'unexpected' | 'unknown';
export interface CountScanResult {
  outcome: CountScanOutcome;
  sku: string;
  gemstoneType: string | null;
  caratWeight: number | null;
  recordedLocation: string | null;
  scannedExpected: number;
  expectedStones: number;
}

const LIST_LIMIT = 2000;
const round2 = (n: number) => Math.round(n * 100) / 100;

function countById(store: Store, countId: string): CountSummary {
  const count = countSummary.get(store, countId);
  if (!count) throw new DomainError('NOT_FOUND', 'That stock count does not exist.');
  return count;
}

function assertOpen(count: CountSummary) {
  if (count.status !== 'open') {
    throw new DomainError(
      'COUNT_CLOSED',
      `The count of ${count.location} is ${count.status}; start a new count to scan again.`,
    );
  }
}

export function startCount(store: Store, userId: string, location: string): CountSummary {
  const place = resolveLocation(store, location, { allowRetired: true });
  const id = store.write((scope) => {
    const open = openCountAt.get(store, place.name);
    if (open)
      throw new DomainError(
        'COUNT_ALREADY_OPEN',
        `A count of ${place.name} is already open; finish or cancel it first.`,
        'location',
      );
    const id = store.newId();
    insertCount(store, id, place.name, userId, scope.now);
    scope.touched('StockCount');
    return id;
  });
  return countById(store, id);
}

export function scanIntoCount(store: Store, userId: string, countId: string, code: string): CountScanResult {
  return store.write((scope) => {
    const count = countById(store, countId);
    assertOpen(count);
    const stone = findBySku(store, code);
    const sku = stone?.sku ?? code.trim();
    const line = countLine.get(store, countId, sku);
    let outcome: CountScanOutcome;
    let shown: Pick<CountLine, 'gemstoneType' | 'caratWeight' | 'recordedLocation'>;
    if (line?.scannedAt != null) {
      outcome = 'duplicate';
      shown = line;
    } else if (line) {
      markScanned.run(store, scope.now, userId, countId, sku);
      outcome = 'matched';
      shown = line;
    } else {
      shown = {
        gemstoneType: stone?.gemstoneType ?? null,
        caratWeight: stone?.caratWeight ?? null,
        recordedLocation: stone?.location ?? null,
      };
      insertUnexpectedLine.run(
        store,
        countId,
        sku,
        stone?.id ?? null,
        shown.gemstoneType,
        shown.caratWeight,
        shown.recordedLocation,
        scope.now,
        userId,
      );
      outcome = stone ? 'unexpected' : 'unknown';
    }
    if (outcome !== 'duplicate') scope.touched('StockCount');
    const progress = countById(store, countId);
    return {
      outcome,
      sku,
      gemstoneType: shown.gemstoneType,
      caratWeight: shown.caratWeight,
      recordedLocation: shown.recordedLocation,
      scannedExpected: progress.scannedExpected,
      expectedStones: progress.expectedStones,
    };
  });
}

export function finishCount(store: Store, userId: string, countId: string): CountReport {
  store.write((scope) => {
    assertOpen(countById(store, countId));
    const matched = countTally(store, countId, 'matched');
    const missing = countTally(store, countId, 'missing');
    const unexpected = countTally(store, countId, 'unexpected');
    setCountFinished.run(
      store,
      userId,
      scope.now,
      matched.n,
      round2(matched.ct),
      missing.n,
      round2(missing.ct),
      unexpected.n,
      round2(unexpected.ct),
      countId,
    );
    scope.touched('StockCount');
  });
  return countReport(store, countId);
}

export function cancelCount(store: Store, userId: string, countId: string): CountSummary {
  store.write((scope) => {
    assertOpen(countById(store, countId));
    setCountCancelled.run(store, userId, scope.now, countId);
    scope.touched('StockCount');
  });
  return countById(store, countId);
}

export function countReport(store: Store, countId: string): CountReport {
  const count = countById(store, countId);
  count.expectedCarats = round2(count.expectedCarats);
  const lines = (which: CountLines, order: 'sku' | 'scannedAt' = 'sku') =>
    countLines(store, countId, which, order, LIST_LIMIT);
  return {
    count,
    recentScans: recentScans.all(store, countId).map((l) => ({ ...l, expected: l.expected === 1 })),
    matched: lines('matched'),
    missing: lines('missing'),
    unexpected: lines('unexpected', 'scannedAt'),
    listLimit: LIST_LIMIT,
  };
}

export function listCounts(store: Store): CountSummary[] {
  return recentCounts.all(store);
}
