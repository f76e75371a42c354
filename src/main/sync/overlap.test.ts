import { describe, expect, it } from 'vitest';
import { cursorWhere, overlapStart, pullStart } from './cursor';

const at = (iso: string) => new Date(iso).toISOString();

describe('where a pull starts re-reading (overlapStart)', () => {
  it('reads everything the first time', () => {
    expect(overlapStart(undefined, 5000)).toBeNull();
    expect(overlapStart({ updatedAt: null, serverReadAt: null }, 5000)).toBeNull();
  });

  it('goes back the overlap from the checkpoint when it does not know when the last pull read', () => {
    expect(overlapStart({ updatedAt: at('2026-11-27T10:00:10Z'), serverReadAt: null }, 5000)).toBe(
      at('2026-11-27T10:00:05Z'),
    );
  });

  it('starts at the checkpoint once the last read began more than the overlap after it (a quiet server)', () => {
    expect(
      overlapStart({ updatedAt: at('2026-11-27T10:00:10Z'), serverReadAt: at('2026-11-27T12:00:00Z') }, 5000),
    ).toBe(at('2026-11-27T10:00:10Z'));
  });

  it('goes back the overlap from when the last read began, when writes were still arriving then', () => {
    // A write stamped just before that read could have committed after it, behind the checkpoint.
    expect(
      overlapStart({ updatedAt: at('2026-11-27T10:00:10Z'), serverReadAt: at('2026-11-27T10:00:12Z') }, 5000),
    ).toBe(at('2026-11-27T10:00:07Z'));
  });
});

describe("where a pull's first page starts (pullStart)", () => {
  const checkpoint = { updatedAt: at('2026-11-27T10:00:10Z'), objectId: 'k3J9' };

  it('starts right after the last row read when everything up to it had settled when the last read began', () => {
    // Rows stamped in the checkpoint's own millisecond (a batch's creates often share one) are not read again.
    expect(pullStart({ ...checkpoint, serverReadAt: at('2026-11-27T12:00:00Z') }, 5000)).toEqual({
      since: null,
      after: checkpoint,
    });
  });

  it('re-reads the overlap when writes may still have been arriving behind the checkpoint', () => {
    expect(pullStart({ ...checkpoint, serverReadAt: at('2026-11-27T10:00:12Z') }, 5000)).toEqual({
      since: at('2026-11-27T10:00:07Z'),
      after: null,
    });
    expect(pullStart({ ...checkpoint, serverReadAt: at('2026-11-27T10:00:15Z') }, 5000)).toEqual({
      since: checkpoint.updatedAt,
      after: null,
    });
    expect(pullStart({ ...checkpoint, serverReadAt: null }, 5000)).toEqual({
      since: at('2026-11-27T10:00:05Z'),
      after: null,
    });
  });

  it('reads everything the first time', () => {
    expect(pullStart(undefined, 5000)).toEqual({ since: null, after: null });
  });
});

describe('the rows after a page (cursorWhere)', () => {
  const after = { updatedAt: '2026-11-27T10:00:10.000Z', objectId: 'k3J9' };
  const date = (iso: string) => ({ __type: 'Date', iso });

  it('asks for what comes after the last row in (updatedAt, objectId) order, ties by objectId', () => {
    expect(cursorWhere(null, after).$or).toEqual([
      { updatedAt: { $gt: date(after.updatedAt) } },
      { updatedAt: date(after.updatedAt), objectId: { $gt: after.objectId } },
    ]);
  });

  it('also bounds updatedAt on its own, the range the server can seek its (updatedAt, objectId) index to', () => {
    // Without it PostgreSQL walked the index from its start on every page (an $or is no index range).
    expect(cursorWhere(null, after).updatedAt).toEqual({ $gte: date(after.updatedAt) });
    expect(cursorWhere('2026-11-27T09:00:00.000Z', after).updatedAt).toEqual({ $gte: date(after.updatedAt) });
  });

  it('starts the first page at the overlap start, or at the beginning', () => {
    expect(cursorWhere('2026-11-27T09:00:00.000Z', null)).toEqual({
      updatedAt: { $gte: date('2026-11-27T09:00:00.000Z') },
    });
    expect(cursorWhere(null, null)).toEqual({});
  });
});
