import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore } from '../test-support/core';
import { invoicesIssued, memosOut, paymentsReceived, stockGroups } from './queries';

// The reports' main queries read the paperwork through the indexes migrations 0014 and 0015 made: memo
// lines out by status, invoices by issue date, payments by the day received, a stone's consignments by
// stone and status. The stock itself is
// read whole (every stone in stock is summed), but never the paperwork tables.

let t: TestCore;
beforeEach(async () => (t = await startTestCore()));
afterEach(() => t.dispose());

function plan(sql: string): string[] {
  const named = { gone: '[]', now: '2026-01-01T00:00:00.000Z', from: '2026-01-01', to: '2027-01-01' };
  const params = sql.includes('@gone')
    ? { gone: named.gone, b1: 4, b2: 3, b3: 2, b4: 1 }
    : sql.includes('@now')
      ? { now: named.now }
      : { from: named.from, to: named.to };
  return (t.core.store.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map(
    (r) => r.detail,
  );
}

describe('report query plans (EXPLAIN QUERY PLAN)', () => {
  it('memo outstanding finds the lines out by the memo_lines_status index and their memos by id', () => {
    const detail = plan(memosOut.sql);
    expect(detail).toContainEqual(expect.stringMatching(/SEARCH l USING INDEX memo_lines_status \(status=\?\)/));
    expect(detail).toContainEqual(expect.stringMatching(/SEARCH m USING INDEX sqlite_autoindex_memos_1 \(id=\?\)/));
    expect(detail.join('\n')).not.toMatch(/SCAN (l|m)\b/);
  });

  it('sales read the invoices of the period by the invoices_issuedAt index', () => {
    expect(plan(invoicesIssued.sql)).toContainEqual(
      expect.stringMatching(/SEARCH invoices USING INDEX invoices_issuedAt \(issuedAt>\? AND issuedAt<\?\)/),
    );
    // The payments of the period by the payments_receivedAt index (migration 0015), each invoice by its id.
    const payments = plan(paymentsReceived.sql);
    expect(payments).toContainEqual(
      expect.stringMatching(/SEARCH p USING INDEX payments_receivedAt \(receivedAt>\? AND receivedAt<\?\)/),
    );
    expect(payments).toContainEqual(expect.stringMatching(/SEARCH i USING INDEX sqlite_autoindex_invoices_1/));
  });

  it("stock valuation checks a stone's consignments by the consignments_gemstone index", () => {
    const detail = plan(stockGroups.sql);
    expect(
      detail.filter((d) => /consignments_gemstone \(gemstone=\? AND status=\?\)/.test(d)).length,
    ).toBeGreaterThanOrEqual(2);
    expect(detail.join('\n')).not.toMatch(/SCAN (c|r|i)\b/);
    // Every stone in stock is summed: the table is read straight through, not through an index.
    expect(detail).toContainEqual(expect.stringMatching(/^SCAN g$/));
  });
});
