import { query } from '../db/query';
import type { Store } from '../db/store';

// Every statement of activities and follow-ups, prepared once per store (Store.statement).

export const SELECT_ACTIVITY = `
  SELECT a.id, a.type, a.subject, a.description, a.dueDate, a.completedAt, a.relatedTo, b.companyName AS buyerName,
         a.relatedInquiry, g.sku AS inquirySku, a.createdBy, u.fullName AS createdByName, a.createdAt, a.localUpdatedAt
  FROM activities a
  LEFT JOIN buyers b ON b.id = a.relatedTo
  LEFT JOIN purchase_inquiries i ON i.id = a.relatedInquiry
  LEFT JOIN gemstones g ON g.id = i.gemstone
  LEFT JOIN users u ON u.id = a.createdBy`;

export const activityRow = <Row>(store: Store, id: string) =>
  store.statement(`${SELECT_ACTIVITY} WHERE a.id = ?`).get(id) as Row | undefined;

/** A timeline, newest first: an inquiry's, a buyer's, or everything. */
export function activityRows<Row>(store: Store, filter: { buyer?: string; inquiry?: string }, limit: number) {
  const where = filter.inquiry ? 'WHERE a.relatedInquiry = ?' : filter.buyer ? 'WHERE a.relatedTo = ?' : '';
  const params: unknown[] = filter.inquiry ? [filter.inquiry] : filter.buyer ? [filter.buyer] : [];
  return store
    .statement(
      `${SELECT_ACTIVITY} ${where} ORDER BY coalesce(a.completedAt, a.dueDate, a.createdAt) DESC, a.rowid DESC LIMIT ?`,
    )
    .all(...params, limit) as Row[];
}

export const inquiryBuyer = query<[inquiryId: string], { buyer: string }>(
  'SELECT buyer FROM purchase_inquiries WHERE id = ?',
);

export const buyerById = query<[id: string | null], { id: string }>('SELECT id FROM buyers WHERE id = ?');

export const insertActivity = query<
  [
    {
      id: string;
      now: number;
      type: string | null;
      subject: string | null;
      description: string | null;
      dueDate: string | null;
      completedAt: string | null;
      relatedTo: string | null;
      relatedInquiry: string | null;
      createdBy: string;
    },
  ]
>(
  `INSERT INTO activities (id, localUpdatedAt, type, subject, description, dueDate, completedAt, relatedTo, relatedInquiry, createdBy)
   VALUES (@id, @now, @type, @subject, @description, @dueDate, @completedAt, @relatedTo, @relatedInquiry, @createdBy)`,
);

export const activityOwnership = query<
  [id: string],
  { completedAt: string | null; dueDate: string | null; createdBy: string | null }
>('SELECT completedAt, dueDate, createdBy FROM activities WHERE id = ?');

export const setActivityCompletedAt = query<[completedAt: string | null, now: number, id: string]>(
  'UPDATE activities SET completedAt = ?, localUpdatedAt = ? WHERE id = ?',
);

/** Open inquiries with a follow-up date before `before`, soonest first. */
export const inquiryFollowUps = <Row>(store: Store, before: string, limit: number) =>
  store
    .statement(
      `SELECT 'inquiry' AS kind, i.id, i.followUpAt AS dueAt, 'inquiry' AS type, i.inquiryStatus AS title,
              i.buyer, b.companyName AS buyerName, i.id AS inquiry, g.sku, i.handledBy AS ownerId, u.fullName AS ownerName
       FROM purchase_inquiries i
       JOIN buyers b ON b.id = i.buyer JOIN gemstones g ON g.id = i.gemstone LEFT JOIN users u ON u.id = i.handledBy
       WHERE i.inquiryStatus IN ('new', 'quoted', 'reserved') AND i.followUpAt IS NOT NULL AND i.followUpAt < ?
       ORDER BY i.followUpAt LIMIT ?`,
    )
    .all(before, limit) as Row[];

/**
 * Open memos due back before `before`, soonest first: the memo's stones are to come back (or be bought).
 * Memos are a higher capability's records; this reads only what a follow-up shows. `title` is the number
 * of stones still out (follow-ups.ts words it).
 */
export const memoFollowUps = <Row>(store: Store, before: string, limit: number) =>
  store
    .statement(
      `SELECT 'memo' AS kind, m.id, m.dueBack AS dueAt, 'memo' AS type,
              (SELECT count(*) FROM memo_lines l WHERE l.memo = m.id AND l.status = 'out') AS title,
              m.buyer, b.companyName AS buyerName, NULL AS inquiry, NULL AS sku, m.issuedBy AS ownerId, u.fullName AS ownerName
       FROM memos m JOIN buyers b ON b.id = m.buyer LEFT JOIN users u ON u.id = m.issuedBy
       WHERE m.status = 'open' AND m.dueBack < ?
       ORDER BY m.dueBack LIMIT ?`,
    )
    .all(before, limit) as Row[];

/** Open activities due before `before`, soonest first. */
export const activityFollowUps = <Row>(store: Store, before: string, limit: number) =>
  store
    .statement(
      `SELECT 'activity' AS kind, a.id, a.dueDate AS dueAt, coalesce(a.type, 'note') AS type, coalesce(a.subject, '') AS title,
              a.relatedTo AS buyer, b.companyName AS buyerName, a.relatedInquiry AS inquiry, g.sku, a.createdBy AS ownerId, u.fullName AS ownerName
       FROM activities a
       LEFT JOIN buyers b ON b.id = a.relatedTo
       LEFT JOIN purchase_inquiries i ON i.id = a.relatedInquiry LEFT JOIN gemstones g ON g.id = i.gemstone
       LEFT JOIN users u ON u.id = a.createdBy
       WHERE a.completedAt IS NULL AND a.dueDate IS NOT NULL AND a.dueDate < ?
       ORDER BY a.dueDate LIMIT ?`,
    )
    .all(before, limit) as Row[];

/** Follow-ups (inquiries' and activities') due in [from, to). */
export function followUpsDueBetween(store: Store, from: string, to: string): number {
  const { n: inquiries } = store
    .statement(
      `SELECT count(*) AS n FROM purchase_inquiries
       WHERE inquiryStatus IN ('new', 'quoted', 'reserved') AND followUpAt IS NOT NULL AND followUpAt >= ? AND followUpAt < ?`,
    )
    .get(from, to) as { n: number };
  const { n: activities } = store
    .statement(
      'SELECT count(*) AS n FROM activities WHERE completedAt IS NULL AND dueDate IS NOT NULL AND dueDate >= ? AND dueDate < ?',
    )
    .get(from, to) as { n: number };
  const { n: memos } = store
    .statement("SELECT count(*) AS n FROM memos WHERE status = 'open' AND dueBack >= ? AND dueBack < ?")
    .get(from, to) as { n: number };
  return inquiries + activities + memos;
}

export const inquiryFollowUp = query<[id: string], { followUpAt: string | null; inquiryStatus: string }>(
  'SELECT followUpAt, inquiryStatus FROM purchase_inquiries WHERE id = ?',
);

export const clearInquiryFollowUp = query<[now: number, id: string]>(
  'UPDATE purchase_inquiries SET followUpAt = NULL, localUpdatedAt = ? WHERE id = ?',
);

/** Where a follow-up's due date lives: an inquiry's followUpAt or an activity's dueDate. */
const DUE = {
  inquiry: { table: 'purchase_inquiries', column: 'followUpAt', status: 'inquiryStatus' },
  activity: { table: 'activities', column: 'dueDate', status: "'open'" },
} as const;

export const dueColumn = (kind: keyof typeof DUE) => DUE[kind].column;

export const followUpDue = (store: Store, kind: keyof typeof DUE, id: string) =>
  store
    .statement(`SELECT ${DUE[kind].column} AS due, ${DUE[kind].status} AS status FROM ${DUE[kind].table} WHERE id = ?`)
    .get(id) as { due: string | null; status: string } | undefined;

export const setFollowUpDue = (store: Store, kind: keyof typeof DUE, id: string, due: string, now: number) =>
  store
    .statement(`UPDATE ${DUE[kind].table} SET ${DUE[kind].column} = ?, localUpdatedAt = ? WHERE id = ?`)
    .run(due, now, id);
