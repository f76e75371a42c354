import { followUpWindow, snoozedDue } from '../../shared/calendar';
import type { Role } from '../../shared/enums';
import { inquiryStatusLabel } from '../../shared/format';
import { SALES_ROLES, isoAt } from '../sales/rules';
import type { Store } from '../db/store';
import type { SessionUser } from '../trpc/context';
import { DomainError } from '../trpc/errors';
import { activityForChange } from './activities';
import {
  activityFollowUps,
  clearInquiryFollowUp,
  dueColumn,
  followUpDue,
  followUpsDueBetween,
  inquiryFollowUp,
  inquiryFollowUps,
  memoFollowUps,
  setActivityCompletedAt,
  setFollowUpDue,
} from './queries';

// Follow-ups are what someone must do next: an open inquiry's followUpAt, an open activity's dueDate, and
// an open memo's due-back date (the memo screen takes the stones back or sells them; Done and snooze do
// not apply to a memo).
// Buckets use the screen's day (the user's time zone): overdue before today began, due today, and this
// week = the six days after today (calendar days: src/shared/calendar).

export interface FollowUp {
  kind: 'inquiry' | 'activity' | 'memo';
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
  const inquiries = inquiryFollowUps<FollowUp>(store, w.weekEnd, LIMIT);
  // The title names the stage in the staff's words (the query read the status into it).
  for (const f of inquiries) f.title = `Follow up: ${f.sku} (${inquiryStatusLabel(f.title)})`;
  const activities = activityFollowUps<FollowUp>(store, w.weekEnd, LIMIT);
  const memos = memoFollowUps<FollowUp>(store, w.weekEnd, LIMIT);
  for (const f of memos) {
    const out = Number(f.title);
    f.title = `Memo due back: ${out} ${out === 1 ? 'stone' : 'stones'} out`;
  }
  const all = [...inquiries, ...activities, ...memos].sort(
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
  const count = (from: string | null, to: string) => followUpsDueBetween(store, from ?? '', to);
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
      setActivityCompletedAt.run(store, isoAt(scope.now), scope.now, ref.id);
      scope.enqueue('Activity', ref.id, 'update', ['completedAt']);
      return;
    }
    const row = inquiryFollowUp.get(store, ref.id);
    if (!row) throw new DomainError('NOT_FOUND', 'That inquiry no longer exists.');
    if (row.inquiryStatus === 'closed')
      throw new DomainError('INQUIRY_CLOSED', 'This inquiry is closed; its details are final.');
    if (row.followUpAt === null) return;
    clearInquiryFollowUp.run(store, scope.now, ref.id);
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
    const column = dueColumn(input.kind);
    const row = followUpDue(store, input.kind, input.id);
    if (!row) throw new DomainError('NOT_FOUND', `That ${input.kind} no longer exists.`);
    if (row.status === 'closed')
      throw new DomainError('INQUIRY_CLOSED', 'This inquiry is closed; its details are final.');
    const due = snoozedDue(row.due, input.todayStart, input.days);
    setFollowUpDue(store, input.kind, input.id, due, scope.now);
    scope.enqueue(input.kind === 'inquiry' ? 'PurchaseInquiry' : 'Activity', input.id, 'update', [column]);
    return due;
  });
}
