import { followUpWindow, snoozedDue } from '../../shared/calendar';
import type { Role } from '../../shared/enums';
import { inquiryStatusLabel } from '../../shared/format';
import { SALES_ROLES, isoAt } from '../sales/rules';
import type { Store } from '../db/store';
import type { SessionUser } from '../trpc/context';
import { DomainError } from '../trpc/errors';
import { activityForChange } from './activities';

// Follow-ups are what someone must do next: an open inquiry's followUpAt, and an open activity's dueDate.
// Buckets use the screen's day (the user's time zone): overdue before today began, due today, and this
// week = the six days after today (calendar days: src/shared/calendar).

export interface FollowUp {
  kind: 'inquiry' | 'activity';
  id: string;
  dueAt: string;
  /** The activity type, or "inquiry" for an inquiry's follow-up date. */
  type: string;
  title: string;
  buyer: string | null;
  buyerName: string | null;
  /** The inquiry it concerns (the inquiry itself, or an activity's inquiry). */
  inquiry: string | null;
  sku: string | null;
  /** Who is on it: the inquiry's handler, or whoever logged the activity. */
  ownerId: string | null;
  ownerName: string | null;
}

export interface FollowUpBuckets {
  overdue: FollowUp[];
  today: FollowUp[];
  thisWeek: FollowUp[];
}

const windowOf = followUpWindow;

const LIMIT = 1000;

export function listFollowUps(store: Store, todayStart: string): FollowUpBuckets {
  const w = windowOf(todayStart);
  const inquiries = store.sqlite
    .prepare(
      `SELECT 'inquiry' AS kind, i.id, i.followUpAt AS dueAt, 'inquiry' AS type, i.inquiryStatus AS title,
              i.buyer, b.companyName AS buyerName, i.id AS inquiry, g.sku, i.handledBy AS ownerId, u.fullName AS ownerName
       FROM purchase_inquiries i
       JOIN buyers b ON b.id = i.buyer JOIN gemstones g ON g.id = i.gemstone LEFT JOIN users u ON u.id = i.handledBy
       WHERE i.inquiryStatus IN ('new', 'quoted', 'reserved') AND i.followUpAt IS NOT NULL AND i.followUpAt < ?
       ORDER BY i.followUpAt LIMIT ?`,
    )
    .all(w.weekEnd, LIMIT) as FollowUp[];
  // The title names the stage in the staff's words (the query read the status into it).
  for (const f of inquiries) f.title = `Follow up: ${f.sku} (${inquiryStatusLabel(f.title)})`;
  const activities = store.sqlite
    .prepare(
      `SELECT 'activity' AS kind, a.id, a.dueDate AS dueAt, coalesce(a.type, 'note') AS type, coalesce(a.subject, '') AS title,
              a.relatedTo AS buyer, b.companyName AS buyerName, a.relatedInquiry AS inquiry, g.sku, a.createdBy AS ownerId, u.fullName AS ownerName
       FROM activities a
       LEFT JOIN buyers b ON b.id = a.relatedTo
       LEFT JOIN purchase_inquiries i ON i.id = a.relatedInquiry LEFT JOIN gemstones g ON g.id = i.gemstone
       LEFT JOIN users u ON u.id = a.createdBy
       WHERE a.completedAt IS NULL AND a.dueDate IS NOT NULL AND a.dueDate < ?
       ORDER BY a.dueDate LIMIT ?`,
    )
    .all(w.weekEnd, LIMIT) as FollowUp[];
  const all = [...inquiries, ...activities].sort(
    (a, b) => a.dueAt.localeCompare(b.dueAt) || a.title.localeCompare(b.title),
  );
  return {
    overdue: all.filter((f) => f.dueAt < w.todayStart),
    today: all.filter((f) => f.dueAt >= w.todayStart && f.dueAt < w.tomorrowStart),
    thisWeek: all.filter((f) => f.dueAt >= w.tomorrowStart),
  };
}

/** The counts for the navigation badge and the dashboard (without loading the items). */
export function followUpCounts(store: Store, todayStart: string) {
  const w = windowOf(todayStart);
  const count = (from: string | null, to: string) => {
    const { n: a } = store.sqlite
      .prepare(
        `SELECT count(*) AS n FROM purchase_inquiries
         WHERE inquiryStatus IN ('new', 'quoted', 'reserved') AND followUpAt IS NOT NULL AND followUpAt >= ? AND followUpAt < ?`,
      )
      .get(from ?? '', to) as { n: number };
    const { n: b } = store.sqlite
      .prepare(
        'SELECT count(*) AS n FROM activities WHERE completedAt IS NULL AND dueDate IS NOT NULL AND dueDate >= ? AND dueDate < ?',
      )
      .get(from ?? '', to) as { n: number };
    return a + b;
  };
  const overdue = count(null, w.todayStart);
  const today = count(w.todayStart, w.tomorrowStart);
  const thisWeek = count(w.tomorrowStart, w.weekEnd);
  return { overdue, today, thisWeek, due: overdue + today };
}

function assertMayEditInquiries(role: Role) {
  if (!SALES_ROLES.includes(role)) {
    throw new DomainError('FORBIDDEN_ROLE', 'Only administrators or coordinators can change an inquiry’s follow-up.');
  }
}

/** Done: an activity is completed; an inquiry's follow-up date is cleared (the inquiry stays open). */
export function markFollowUpDone(
  store: Store,
  user: SessionUser,
  ref: { kind: 'inquiry' | 'activity'; id: string },
): void {
  if (ref.kind === 'inquiry') assertMayEditInquiries(user.role);
  store.write((scope) => {
    if (ref.kind === 'activity') {
      const row = activityForChange(store, user, ref.id);
      if (row.completedAt) return;
      store.sqlite
        .prepare('UPDATE activities SET completedAt = ?, localUpdatedAt = ? WHERE id = ?')
        .run(isoAt(scope.now), scope.now, ref.id);
      scope.enqueue('Activity', ref.id, 'update', ['completedAt']);
      return;
    }
    const row = store.sqlite
      .prepare('SELECT followUpAt, inquiryStatus FROM purchase_inquiries WHERE id = ?')
      .get(ref.id) as { followUpAt: string | null; inquiryStatus: string } | undefined;
    if (!row) throw new DomainError('NOT_FOUND', 'That inquiry no longer exists.');
    if (row.inquiryStatus === 'closed')
      throw new DomainError('INQUIRY_CLOSED', 'This inquiry is closed; its details are final.');
    if (row.followUpAt === null) return;
    store.sqlite
      .prepare('UPDATE purchase_inquiries SET followUpAt = NULL, localUpdatedAt = ? WHERE id = ?')
      .run(scope.now, ref.id);
    scope.enqueue('PurchaseInquiry', ref.id, 'update', ['followUpAt']);
  });
}

/**
 * Snooze by a day or a week, counted from the later of the due date and the start of today, so an
 * overdue follow-up snoozed "+1 day" is due tomorrow rather than still overdue.
 */
export function snoozeFollowUp(
  store: Store,
  user: SessionUser,
  input: { kind: 'inquiry' | 'activity'; id: string; days: number; todayStart: string },
): string {
  if (input.kind === 'inquiry') assertMayEditInquiries(user.role);
  return store.write((scope) => {
    if (input.kind === 'activity') activityForChange(store, user, input.id);
    const table = input.kind === 'inquiry' ? 'purchase_inquiries' : 'activities';
    const column = input.kind === 'inquiry' ? 'followUpAt' : 'dueDate';
    const row = store.sqlite
      .prepare(
        `SELECT ${column} AS due, ${input.kind === 'inquiry' ? 'inquiryStatus' : "'open'"} AS status FROM ${table} WHERE id = ?`,
      )
      .get(input.id) as { due: string | null; status: string } | undefined;
    if (!row) throw new DomainError('NOT_FOUND', `That ${input.kind} no longer exists.`);
    if (row.status === 'closed')
      throw new DomainError('INQUIRY_CLOSED', 'This inquiry is closed; its details are final.');
    const due = snoozedDue(row.due, input.todayStart, input.days);
    store.sqlite
      .prepare(`UPDATE ${table} SET ${column} = ?, localUpdatedAt = ? WHERE id = ?`)
      .run(due, scope.now, input.id);
    scope.enqueue(input.kind === 'inquiry' ? 'PurchaseInquiry' : 'Activity', input.id, 'update', [column]);
    return due;
  });
}
