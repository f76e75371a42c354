import { addDays, startOfDay } from 'date-fns';
import { DUE_SOON_DAYS, RETURNED_TO_SUPPLIER, type ConsignmentFilter } from '../../shared/consignments';
import type { Role } from '../../shared/enums';
import { hiddenFields } from '../../shared/privacy';
import type { Store } from '../db/store';
import { DomainError } from '../trpc/errors';
import {
  consignmentById,
  consignmentsOfStone,
  inConsignmentsOnStones,
  knownSuppliers,
  listAllConsignments,
  listClosedConsignments,
  listInConsignments,
  overdueCount,
  type ConsignmentRow,
} from './queries';

// What the screens read of consignments. Practitioners never receive the agreed price (it is what we
// would pay the supplier): it is taken out here, for every procedure that returns a consignment.

export interface Consignment extends ConsignmentRow {
  /** Still here after the day it was due back. */
  overdue: boolean;
}

const named = { returnedTo: RETURNED_TO_SUPPLIER };

function startOfToday(store: Store): Date {
  return startOfDay(new Date(store.clock()));
}

function view(row: ConsignmentRow, role: Role, todayStart: string): Consignment {
  const hidden = hiddenFields('Consignment', role);
  const out: Consignment = { ...row, overdue: row.status === 'in' && row.dueDate !== null && row.dueDate < todayStart };
  if (hidden.includes('agreedPrice')) out.agreedPrice = null;
  return out;
}

export function getConsignment(store: Store, role: Role, id: string): Consignment {
  const row = consignmentById.get(store, { ...named, id });
  if (!row) throw new DomainError('NOT_FOUND', 'That consignment no longer exists.');
  return view(row, role, startOfToday(store).toISOString());
}

export function listConsignments(
  store: Store,
  role: Role,
  input: { which: ConsignmentFilter; supplier?: string },
): Consignment[] {
  const today = startOfToday(store);
  const supplier = input.supplier ? input.supplier : null;
  const todayStart = today.toISOString();
  let rows: ConsignmentRow[];
  if (input.which === 'closed') rows = listClosedConsignments.all(store, { ...named, supplier });
  else if (input.which === 'all') rows = listAllConsignments.all(store, { ...named, supplier });
  else {
    const window =
      input.which === 'overdue'
        ? { dueFrom: null, dueBy: todayStart }
        : input.which === 'dueSoon'
          ? { dueFrom: todayStart, dueBy: addDays(today, DUE_SOON_DAYS + 1).toISOString() }
          : { dueFrom: null, dueBy: null };
    rows = listInConsignments.all(store, { ...named, ...window, supplier });
  }
  return rows.map((r) => view(r, role, todayStart));
}

/** A stone's consignment now (`in`), else its latest one, and its consignment history (the stone panel). */
export function consignmentOfStone(store: Store, role: Role, stoneId: string) {
  const todayStart = startOfToday(store).toISOString();
  const history = consignmentsOfStone.all(store, { ...named, gemstone: stoneId }).map((r) => view(r, role, todayStart));
  return { current: history.find((c) => c.status === 'in') ?? null, history };
}

/** The consigned stones among these (a grid page, Ctrl+K hits): stone id → supplier. */
export function consignedStones(store: Store, stoneIds: readonly string[]) {
  return inConsignmentsOnStones(store, stoneIds);
}

export function suppliers(store: Store): string[] {
  return knownSuppliers.all(store).map((r) => r.supplier);
}

/** How many consignments are still here after their due day. */
export function overdueConsignments(store: Store): number {
  return overdueCount.get(store, startOfToday(store).toISOString())!.n;
}
