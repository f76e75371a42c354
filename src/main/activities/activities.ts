import type { ActivityType } from '../../shared/enums';
import { createActivityInput, type CreateActivityInput } from '../../shared/sales';
import { isoAt } from '../sales/rules';
import type { Store } from '../db/store';
import type { SessionUser } from '../trpc/context';
import { DomainError } from '../trpc/errors';
import {
  activityOwnership,
  activityRow,
  activityRows,
  buyerById,
  inquiryBuyer,
  insertActivity,
  setActivityCompletedAt,
} from './queries';

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

type ActivityRow = Omit<Activity, 'loggedAt'> & { createdAt: string | null; localUpdatedAt: number };

function toActivity({ createdAt, localUpdatedAt, ...row }: ActivityRow): Activity {
  return { ...row, loggedAt: createdAt ?? isoAt(localUpdatedAt) };
}

export function getActivity(store: Store, id: string): Activity {
  const row = activityRow<ActivityRow>(store, id);
  if (!row) throw new DomainError('NOT_FOUND', 'That activity no longer exists.');
  return toActivity(row);
}

/** A timeline, newest first: a buyer's (including their inquiries'), an inquiry's, or everything. */
export function listActivities(
  store: Store,
  filter: { buyer?: string; inquiry?: string; limit?: number } = {},
): Activity[] {
  return activityRows<ActivityRow>(store, filter, filter.limit ?? 500).map(toActivity);
}

/** Every staff role may log an activity; it is always about a buyer (an inquiry's activity is about its buyer too). */
export function createActivity(store: Store, user: SessionUser, rawInput: CreateActivityInput): Activity {
  const input = createActivityInput.parse(rawInput);
  const id = store.write((scope) => {
    let buyer = input.buyer ?? null;
    if (input.inquiry) {
      const inquiry = inquiryBuyer.get(store, input.inquiry);
      if (!inquiry) throw new DomainError('INVALID_REFERENCE', 'That inquiry no longer exists.', 'inquiry');
      if (buyer && buyer !== inquiry.buyer) {
        throw new DomainError('INVALID_REFERENCE', 'That inquiry belongs to another buyer.', 'buyer');
      }
      buyer = inquiry.buyer;
    } else if (!buyerById.get(store, buyer)) {
      throw new DomainError('INVALID_REFERENCE', 'That buyer no longer exists.', 'buyer');
    }
    const id = store.newId();
    insertActivity.run(store, {
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
  const row = activityOwnership.get(store, id);
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
    setActivityCompletedAt.run(store, done ? isoAt(scope.now) : null, scope.now, id);
    scope.enqueue('Activity', id, 'update', ['completedAt']);
  });
  return getActivity(store, id);
}
