import type { ActivityType } from '../../shared/enums';
import { createActivityInput, type CreateActivityInput } from '../../shared/sales';
import { isoAt } from '../sales/rules';
import type { Store } from '../db/store';
import type { SessionUser } from '../trpc/context';
import { DomainError } from '../trpc/errors';

/** A call, email, meeting or note on a buyer (and maybe one of their inquiries), as the timelines show it. */
export interface Activity {
  id: string;
  type: ActivityType | null;
  subject: string | null;
  description: string | null;
  dueDate: string | null;
  completedAt: string | null;
  relatedTo: string | null;
  buyerName: string | null;
  relatedInquiry: string | null;
  /** The SKU of the inquiry's stone, for "call about RB-1001". */
  inquirySku: string | null;
  createdBy: string | null;
  createdByName: string | null;
  /** When it was logged: the server's createdAt once pushed, else the local write time. */
  loggedAt: string;
}

const SELECT_ACTIVITY = `
  SELECT a.id, a.type, a.subject, a.description, a.dueDate, a.completedAt, a.relatedTo, b.companyName AS buyerName,
         a.relatedInquiry, g.sku AS inquirySku, a.createdBy, u.fullName AS createdByName, a.createdAt, a.localUpdatedAt
  FROM activities a
  LEFT JOIN buyers b ON b.id = a.relatedTo
  LEFT JOIN purchase_inquiries i ON i.id = a.relatedInquiry
  LEFT JOIN gemstones g ON g.id = i.gemstone
  LEFT JOIN users u ON u.id = a.createdBy`;

type ActivityRow = Omit<Activity, 'loggedAt'> & { createdAt: string | null; localUpdatedAt: number };

function toActivity({ createdAt, localUpdatedAt, ...row }: ActivityRow): Activity {
  return { ...row, loggedAt: createdAt ?? isoAt(localUpdatedAt) };
}

export function getActivity(store: Store, id: string): Activity {
  const row = store.sqlite.prepare(`${SELECT_ACTIVITY} WHERE a.id = ?`).get(id) as ActivityRow | undefined;
  if (!row) throw new DomainError('NOT_FOUND', 'That activity no longer exists.');
  return toActivity(row);
}

/** A timeline, newest first: a buyer's (including their inquiries'), an inquiry's, or everything. */
export function listActivities(
  store: Store,
  filter: { buyer?: string; inquiry?: string; limit?: number } = {},
): Activity[] {
  const where = filter.inquiry ? 'WHERE a.relatedInquiry = ?' : filter.buyer ? 'WHERE a.relatedTo = ?' : '';
  const params: unknown[] = filter.inquiry ? [filter.inquiry] : filter.buyer ? [filter.buyer] : [];
  const rows = store.sqlite
    .prepare(
      `${SELECT_ACTIVITY} ${where} ORDER BY coalesce(a.completedAt, a.dueDate, a.createdAt) DESC, a.rowid DESC LIMIT ?`,
    )
    .all(...params, filter.limit ?? 500) as ActivityRow[];
  return rows.map(toActivity);
}

/** Every staff role may log an activity; it is always about a buyer (an inquiry's activity is about its buyer too). */
export function createActivity(store: Store, user: SessionUser, rawInput: CreateActivityInput): Activity {
  const input = createActivityInput.parse(rawInput);
  const id = store.write((scope) => {
    let buyer = input.buyer ?? null;
    if (input.inquiry) {
      const inquiry = store.sqlite.prepare('SELECT buyer FROM purchase_inquiries WHERE id = ?').get(input.inquiry) as
        { buyer: string } | undefined;
      if (!inquiry) throw new DomainError('INVALID_REFERENCE', 'That inquiry no longer exists.', 'inquiry');
      if (buyer && buyer !== inquiry.buyer) {
        throw new DomainError('INVALID_REFERENCE', 'That inquiry belongs to another buyer.', 'buyer');
      }
      buyer = inquiry.buyer;
    } else if (!store.sqlite.prepare('SELECT 1 FROM buyers WHERE id = ?').get(buyer)) {
      throw new DomainError('INVALID_REFERENCE', 'That buyer no longer exists.', 'buyer');
    }
    const id = store.newId();
    store.sqlite
      .prepare(
        `INSERT INTO activities (id, localUpdatedAt, type, subject, description, dueDate, completedAt, relatedTo, relatedInquiry, createdBy)
         VALUES (@id, @now, @type, @subject, @description, @dueDate, @completedAt, @relatedTo, @relatedInquiry, @createdBy)`,
      )
      .run({
        id,
        now: scope.now,
        type: input.type,
        subject: input.subject,
        description: input.description,
        dueDate: input.dueDate,
        completedAt: input.done ? isoAt(scope.now) : null,
        relatedTo: buyer,
        relatedInquiry: input.inquiry ?? null,
        createdBy: user.id,
      });
    scope.enqueue('Activity', id, 'create');
    return id;
  });
  return getActivity(store, id);
}

/**
 * The person who logged an activity, or an administrator, changes it (completes, snoozes) — the same rule
 * as the backend. Returns the activity's completion and due date.
 */
export function activityForChange(store: Store, user: SessionUser, id: string) {
  const row = store.sqlite.prepare('SELECT completedAt, dueDate, createdBy FROM activities WHERE id = ?').get(id) as
    { completedAt: string | null; dueDate: string | null; createdBy: string | null } | undefined;
  if (!row) throw new DomainError('NOT_FOUND', 'That activity no longer exists.');
  if (user.role !== 'admin' && row.createdBy !== user.id) {
    throw new DomainError(
      'NOT_ACTIVITY_OWNER',
      'Only the person who logged this activity or an administrator can change it.',
    );
  }
  return row;
}

/** Marks an activity done (or open again). */
export function setActivityDone(store: Store, user: SessionUser, id: string, done: boolean): Activity {
  store.write((scope) => {
    const row = activityForChange(store, user, id);
    if ((row.completedAt !== null) === done) return;
    store.sqlite
      .prepare('UPDATE activities SET completedAt = ?, localUpdatedAt = ? WHERE id = ?')
      .run(done ? isoAt(scope.now) : null, scope.now, id);
    scope.enqueue('Activity', id, 'update', ['completedAt']);
  });
  return getActivity(store, id);
}
