import type { Store } from '../db/store';
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

const SELECT_COUNT = `
  SELECT c.*, su.fullName AS startedByName, fu.fullName AS finishedByName,
    (SELECT count(*) FROM stock_count_items i WHERE i.countId = c.id AND i.expected = 1 AND i.scannedAt IS NOT NULL) AS scannedExpected,
    (SELECT count(*) FROM stock_count_items i WHERE i.countId = c.id AND i.scannedAt IS NOT NULL AND i.expected = 0) AS unexpectedSoFar
  FROM stock_counts c LEFT JOIN users su ON su.id = c.startedBy LEFT JOIN users fu ON fu.id = c.finishedBy`;

function countById(store: Store, countId: string): CountSummary {
  const count = store.sqlite.prepare(`${SELECT_COUNT} WHERE c.id = ?`).get(countId) as CountSummary | undefined;
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
    const open = store.sqlite
      .prepare("SELECT id FROM stock_counts WHERE status = 'open' AND location = ?")
      .get(place.name);
    if (open)
      throw new DomainError(
        'COUNT_ALREADY_OPEN',
        `A count of ${place.name} is already open; finish or cancel it first.`,
        'location',
      );
    const id = store.newId();
    store.sqlite
      .prepare(
        `INSERT INTO stock_counts (id, location, status, startedBy, startedAt, expectedStones, expectedCarats)
         VALUES (?, ?, 'open', ?, ?, 0, 0)`,
      )
      .run(id, place.name, userId, scope.now);
    // The expected list, frozen now.
    store.sqlite
      .prepare(
        `INSERT INTO stock_count_items (countId, sku, gemstone, gemstoneType, caratWeight, recordedLocation, expected)
         SELECT ?, sku, id, gemstoneType, caratWeight, location, 1 FROM gemstones WHERE location = ?`,
      )
      .run(id, place.name);
    store.sqlite
      .prepare(
        `UPDATE stock_counts SET (expectedStones, expectedCarats) =
           (SELECT count(*), coalesce(sum(caratWeight), 0) FROM stock_count_items WHERE countId = @id) WHERE id = @id`,
      )
      .run({ id });
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
    const line = store.sqlite
      .prepare('SELECT * FROM stock_count_items WHERE countId = ? AND sku = ?')
      .get(countId, sku) as (CountLine & { expected: number }) | undefined;
    let outcome: CountScanOutcome;
    let shown: Pick<CountLine, 'gemstoneType' | 'caratWeight' | 'recordedLocation'>;
    if (line?.scannedAt != null) {
      outcome = 'duplicate';
      shown = line;
    } else if (line) {
      store.sqlite
        .prepare('UPDATE stock_count_items SET scannedAt = ?, scannedBy = ? WHERE countId = ? AND sku = ?')
        .run(scope.now, userId, countId, sku);
      outcome = 'matched';
      shown = line;
    } else {
      shown = {
        gemstoneType: stone?.gemstoneType ?? null,
        caratWeight: stone?.caratWeight ?? null,
        recordedLocation: stone?.location ?? null,
      };
      store.sqlite
        .prepare(
          `INSERT INTO stock_count_items (countId, sku, gemstone, gemstoneType, caratWeight, recordedLocation, expected, scannedAt, scannedBy)
           VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
        )
        .run(
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
    const tally = (where: string) =>
      store.sqlite
        .prepare(
          `SELECT count(*) AS n, coalesce(sum(caratWeight), 0) AS ct FROM stock_count_items WHERE countId = ? AND ${where}`,
        )
        .get(countId) as { n: number; ct: number };
    const matched = tally('expected = 1 AND scannedAt IS NOT NULL');
    const missing = tally('expected = 1 AND scannedAt IS NULL');
    const unexpected = tally('expected = 0');
    store.sqlite
      .prepare(
        `UPDATE stock_counts SET status = 'finished', finishedBy = ?, finishedAt = ?,
           matchedStones = ?, matchedCarats = ?, missingStones = ?, missingCarats = ?, unexpectedStones = ?, unexpectedCarats = ?
         WHERE id = ?`,
      )
      .run(
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
    store.sqlite
      .prepare("UPDATE stock_counts SET status = 'cancelled', finishedBy = ?, finishedAt = ? WHERE id = ?")
      .run(userId, scope.now, countId);
    scope.touched('StockCount');
  });
  return countById(store, countId);
}

export function countReport(store: Store, countId: string): CountReport {
  const count = countById(store, countId);
  count.expectedCarats = round2(count.expectedCarats);
  const lines = (where: string, order = 'sku') =>
    store.sqlite
      .prepare(
        `SELECT sku, gemstone, gemstoneType, caratWeight, recordedLocation, scannedAt FROM stock_count_items
         WHERE countId = ? AND ${where} ORDER BY ${order} LIMIT ${LIST_LIMIT}`,
      )
      .all(countId) as CountLine[];
  const recentScans = (
    store.sqlite
      .prepare(
        `SELECT sku, gemstone, gemstoneType, caratWeight, recordedLocation, scannedAt, expected FROM stock_count_items
         WHERE countId = ? AND scannedAt IS NOT NULL ORDER BY scannedAt DESC, rowid DESC LIMIT 50`,
      )
      .all(countId) as (CountLine & { expected: number })[]
  ).map((l) => ({ ...l, expected: l.expected === 1 }));
  return {
    count,
    recentScans,
    matched: lines('expected = 1 AND scannedAt IS NOT NULL'),
    missing: lines('expected = 1 AND scannedAt IS NULL'),
    unexpected: lines('expected = 0', 'scannedAt'),
    listLimit: LIST_LIMIT,
  };
}

export function listCounts(store: Store): CountSummary[] {
  return store.sqlite
    .prepare(`${SELECT_COUNT} ORDER BY c.status = 'open' DESC, c.startedAt DESC LIMIT 100`)
    .all() as CountSummary[];
}
