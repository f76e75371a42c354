import { describeStatusChange, STATUS_CHANGE } from '../../shared/certificate-status';
import { listLogInput, logFilter, type LogFilterInput } from '../../shared/certificates';
import { toCsv } from '../../shared/csv';
import { VERIFICATION_RESULT_LABELS } from '../../shared/labs';
import type { Store } from '../db/store';
import { DomainError } from '../trpc/errors';
import { findStone, toEntry, type CertificateEntry } from './certificates';
import { entries, entriesOfStone, entryCount } from './queries';

// Reading the certificate log: the global log and one stone's timeline, filtered, and the CSV export.

function compileFilter(raw: LogFilterInput | undefined) {
  const filter = logFilter.parse(raw);
  // Each filter given adds its condition and its one parameter.
  const conditions: [condition: string, name: string, value: unknown][] = [
    ['c.gemstone = @gemstone', 'gemstone', filter.gemstone],
    ['c.verifiedAt >= @from', 'from', filter.from],
    ['c.verifiedAt < @to', 'to', filter.to],
    ['c.issuedBy = @issuedBy', 'issuedBy', filter.issuedBy],
    ['c.verificationResult = @result', 'result', filter.verificationResult],
    ['c.verifiedBy = @verifiedBy', 'verifiedBy', filter.verifiedBy],
  ];
  const given = conditions.filter(([, , value]) => value);
  const where = given.map(([condition]) => condition);
  const params: Record<string, unknown> = Object.fromEntries(given.map(([, name, value]) => [name, value]));
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** The global log (or one stone's), newest first, filtered by date, lab, result and verifier. */
export function listLog(store: Store, raw: unknown): { rows: CertificateEntry[]; total: number } {
  const input = listLogInput.parse(raw);
  const { sql, params } = compileFilter(input.filter);
  const total = entryCount(store, { sql, params });
  const rows = entries(store, { sql, params }, { limit: input.limit, offset: input.offset });
  return { rows: rows.map(toEntry), total };
}

/** One stone with every verification of it, newest first. */
export function stoneTimeline(store: Store, gemstone: string) {
  const stone = findStone(store, gemstone);
  if (!stone) throw new DomainError('NOT_FOUND', 'That stone does not exist.');
  return { stone, entries: entriesOfStone.all(store, gemstone).map(toEntry) };
}

export const CSV_COLUMNS = [
  'verifiedAt',
  'sku',
  'gemstoneType',
  'caratWeight',
  'issuedBy',
  'certificateNumber',
  'verificationResult',
  'result',
  'verifiedBy',
  'notes',
  'formatOverride',
  'corrects',
  'document',
  'entryId',
] as const;

/** The current filter of the log as CSV (every matching entry, newest first). */
export function exportLog(
  store: Store,
  raw: LogFilterInput | undefined,
): { fileName: string; csv: string; rows: number } {
  const { sql, params } = compileFilter(raw);
  const rows = entries(store, { sql, params }).map(toEntry);
  const csv = toCsv(
    CSV_COLUMNS,
    rows.map((e) => [
      e.verifiedAt,
      e.sku ?? '',
      e.gemstoneType ?? '',
      e.caratWeight ?? '',
      e.issuedBy,
      e.certificateNumber,
      e.verificationResult,
      e.verificationResult === STATUS_CHANGE
        ? describeStatusChange(e)
        : (VERIFICATION_RESULT_LABELS[e.verificationResult] ?? e.verificationResult),
      e.verifiedByName ?? '',
      e.notes ?? '',
      e.formatOverride ? 'yes' : '',
      e.corrects ?? '',
      e.document?.fileName ?? '',
      e.id,
    ]),
  );
  const day = new Date(store.clock()).toISOString().slice(0, 10);
  return { fileName: `certificate-log-${day}.csv`, csv, rows: rows.length };
}
