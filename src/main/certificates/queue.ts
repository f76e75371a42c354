import { QUEUE_AGES, UNKNOWN_LAB, type QueueFilter } from '../../shared/certificates';
import type { CertificateStatus, Lab } from '../../shared/enums';
import { AWAITING_STATUSES, LAB_FORMATS } from '../../shared/labs';
import type { Store } from '../db/store';
import { awaitingStoneCount, queueCube, queueRows, withLabOfNumber } from './queries';

// The work queue "awaiting verification": stones whose certificate status is none or pending, oldest
// first. "Oldest" is when the stone was added as far as this workstation knows: the server's createdAt
// once the stone has been pushed or pulled, else its last local change (a local-only workstation has no
// other clock). Both are read from the index gemstones_status_added (status, createdAt, localUpdatedAt):
// per status, the stones the server knows in createdAt order and the local-only ones in local order, so
// each part is an index walk that stops at the limit, never a sort of every waiting stone. Filtered by
// location, the walk takes gemstones_status_location_added, which has the location second.
//
// The queue filters by lab, location and how long stones have waited, with the number of stones behind
// each option. A pending stone's lab is that of its latest verification (a pending re-check names it);
// any other's, the lab whose number format its certificate number has (GIA, IGI, GRS), else "lab not
// known". (Only pending stones are looked up in the log: a stone with status none has no verification.) The counts
// come from one pass over the waiting stones that reads gemstones_status_location_added alone, grouped
// by location, lab and age, kept until a stone or a verification changes (or a minute passes: ages move).

export interface AwaitingStone {
  id: string;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  clarityGrade: string;
  location: string;
  certificateNumber: string | null;
  certificateStatus: CertificateStatus;
  /** ISO time the stone was added (see above). */
  addedAt: string;
  /** The latest verification of a pending stone (e.g. "pending re-check"), if any. */
  lastResult: string | null;
  lastVerifiedAt: string | null;
}

export type QueueLab = Lab | typeof UNKNOWN_LAB;

export interface QueueFacets {
  labs: { lab: QueueLab; stones: number }[];
  locations: { location: string; stones: number }[];
  /** Stones waiting more than each number of days (within the lab and location chosen). */
  ages: { olderThanDays: (typeof QUEUE_AGES)[number]; stones: number }[];
  /** Every waiting stone within the lab and location chosen, whatever its age. */
  anyAge: number;
}

export interface AwaitingQueue {
  /** The stones the filter matches. */
  total: number;
  /** Every stone awaiting verification. */
  awaiting: number;
  rows: AwaitingStone[];
  facets: QueueFacets;
}

const DAY = 86_400_000;
type Row = Omit<AwaitingStone, 'addedAt'> & { createdAt: string | null; localUpdatedAt: number };

/** The lab whose format a certificate number has, by the same patterns the verification form checks. */
export function labOfNumber(number: string | null): QueueLab {
  if (number) {
    for (const [lab, format] of Object.entries(LAB_FORMATS)) if (format.pattern.test(number)) return lab as Lab;
  }
  return UNKNOWN_LAB;
}

/** The store's connection, with the lab-of-number function the queue's SQL calls (for its plan test). */
export const sqliteOf = (store: Store) => withLabOfNumber(store, labOfNumber).sqlite;

/** Waited more than `days` days: the known stones by the server's createdAt, the local-only ones by their last change. */
const cutoff = (now: number, days: number) => ({ iso: new Date(now - days * DAY).toISOString(), ms: now - days * DAY });

interface CubeCell {
  location: string;
  lab: QueueLab;
  /** The largest of QUEUE_AGES the stones have waited more than, or 0. */
  age: number;
  n: number;
}

/** Per store: the waiting stones counted by location, lab and age, until they or their verifications change. */
const cubes = new WeakMap<Store, { minute: number; cells: CubeCell[] } | null>();
const watched = new WeakSet<Store>();

function cube(store: Store, minute: number): CubeCell[] {
  if (!watched.has(store)) {
    store.changes.subscribe((event) => {
      if (event.entities.includes('Gemstone') || event.entities.includes('CertificateLog')) cubes.set(store, null);
    });
    watched.add(store);
  }
  const hit = cubes.get(store);
  if (hit && hit.minute === minute) return hit.cells;
  const now = minute * 60_000;
  const params: Record<string, string | number> = {};
  for (const days of QUEUE_AGES) {
    const c = cutoff(now, days);
    params[`d${days}Iso`] = c.iso;
    params[`d${days}Ms`] = c.ms;
  }
  const cells = queueCube<CubeCell>(withLabOfNumber(store, labOfNumber), params);
  cubes.set(store, { minute, cells });
  return cells;
}

function facetsOf(cells: CubeCell[], filter: QueueFilter): { facets: QueueFacets; total: number } {
  const keeps = (c: CubeCell, free: 'lab' | 'location' | 'age' | null) =>
    (free === 'lab' || !filter.lab || c.lab === filter.lab) &&
    (free === 'location' || !filter.location || c.location === filter.location) &&
    (free === 'age' || !filter.olderThanDays || c.age >= filter.olderThanDays);
  const tally = <K extends string>(key: (c: CubeCell) => K, free: 'lab' | 'location') => {
    const out = new Map<K, number>();
    for (const c of cells) if (keeps(c, free)) out.set(key(c), (out.get(key(c)) ?? 0) + c.n);
    return out;
  };
  const labs = tally((c) => c.lab, 'lab');
  const locations = tally((c) => c.location, 'location');
  const sum = (pick: (c: CubeCell) => boolean) => cells.reduce((n, c) => n + (pick(c) ? c.n : 0), 0);
  return {
    total: sum((c) => keeps(c, null)),
    facets: {
      labs: [...labs]
        .map(([lab, stones]) => ({ lab, stones }))
        .sort((a, b) => (a.lab === UNKNOWN_LAB ? 1 : b.lab === UNKNOWN_LAB ? -1 : a.lab.localeCompare(b.lab))),
      locations: [...locations]
        .map(([location, stones]) => ({ location, stones }))
        .sort((a, b) => a.location.localeCompare(b.location)),
      ages: QUEUE_AGES.map((olderThanDays) => ({
        olderThanDays,
        stones: sum((c) => keeps(c, 'age') && c.age >= olderThanDays),
      })),
      anyAge: sum((c) => keeps(c, 'age')),
    },
  };
}

export function awaitingQueue(store: Store, limit: number, filter: QueueFilter = {}): AwaitingQueue {
  const minute = Math.floor(store.clock() / 60_000);
  const params: Record<string, string | number> = { limit };
  if (filter.location) params.location = filter.location;
  if (filter.lab) params.lab = filter.lab;
  if (filter.olderThanDays) {
    const c = cutoff(minute * 60_000, filter.olderThanDays);
    Object.assign(params, { oldIso: c.iso, oldMs: c.ms });
  }
  withLabOfNumber(store, labOfNumber);
  const rows: AwaitingStone[] = [];
  for (const status of AWAITING_STATUSES) {
    for (const known of [true, false]) {
      for (const { createdAt, localUpdatedAt, ...row } of queueRows<Row>(store, filter, known, { ...params, status })) {
        rows.push({ ...row, addedAt: createdAt ?? new Date(localUpdatedAt).toISOString() });
      }
    }
  }
  rows.sort((a, b) => (a.addedAt < b.addedAt ? -1 : a.addedAt > b.addedAt ? 1 : a.sku.localeCompare(b.sku)));
  const { facets, total } = facetsOf(cube(store, minute), filter);
  return { total, awaiting: awaitingCount(store), rows: rows.slice(0, limit), facets };
}

/** How many stones await verification: read from the running tallies (a few hundred rows at most). */
export function awaitingCount(store: Store): number {
  return awaitingStoneCount.get(store, ...AWAITING_STATUSES)!.n;
}
