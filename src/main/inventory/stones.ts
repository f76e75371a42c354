import type { ListStonesInput, StoneSortColumn, StoneValues } from '../../shared/schemas';
import { listStonesInput } from '../../shared/schemas';
import { CERTIFICATE_STATUSES, CLARITY_GRADES, DEFAULT_GEMSTONE_TYPES, DEFAULT_LOCATIONS } from '../../shared/enums';
import type { Store, WriteScope } from '../db/store';
import { DomainError } from '../trpc/errors';

/** A stone as the screens show it. */
export interface Stone {
  id: string;
  objectId: string | null;
  sku: string;
  gemstoneType: string;
  caratWeight: number;
  clarityGrade: string;
  certificateNumber: string | null;
  certificateStatus: string;
  location: string;
  assignedBuyer: string | null;
  /** The assigned buyer's company, for display. */
  assignedBuyerName: string | null;
  localUpdatedAt: number;
}

export interface StonePage {
  rows: Stone[];
  total: number;
  totalCarats: number;
}

const EDITABLE_FIELDS = [
  'sku', 'gemstoneType', 'caratWeight', 'clarityGrade', 'certificateNumber', 'certificateStatus', 'location', 'assignedBuyer',
] as const satisfies readonly (keyof StoneValues)[];

const SELECT_STONE = `
  SELECT g.id, g.objectId, g.sku, g.gemstoneType, g.caratWeight, g.clarityGrade, g.certificateNumber,
         g.certificateStatus, g.location, g.assignedBuyer, b.companyName AS assignedBuyerName, g.localUpdatedAt
  FROM gemstones g LEFT JOIN buyers b ON b.id = g.assignedBuyer`;

// The sort column comes from a fixed list (validated by zod), never from the user's text.
const ORDER_COLUMN: Record<StoneSortColumn, string> = {
  sku: 'g.sku',
  gemstoneType: 'g.gemstoneType',
  caratWeight: 'g.caratWeight',
  clarityGrade: 'g.clarityGrade',
  certificateNumber: 'g.certificateNumber',
  certificateStatus: 'g.certificateStatus',
  location: 'g.location',
};

/** One page of stones, sorted in SQLite; ties break on insertion order in the same direction (index-friendly). */
export function listStones(store: Store, rawInput: ListStonesInput = {}): StonePage {
  const input = listStonesInput.parse(rawInput);
  const direction = input.direction === 'asc' ? 'ASC' : 'DESC';
  const rows = store.sqlite
    .prepare(`${SELECT_STONE} ORDER BY ${ORDER_COLUMN[input.sort]} ${direction}, g.rowid ${direction} LIMIT ? OFFSET ?`)
    .all(input.limit, input.offset) as Stone[];
  const totals = store.sqlite
    .prepare('SELECT count(*) AS total, coalesce(sum(caratWeight), 0) AS totalCarats FROM gemstones')
    .get() as { total: number; totalCarats: number };
  return { rows, total: totals.total, totalCarats: Math.round(totals.totalCarats * 100) / 100 };
}

export function getStone(store: Store, id: string): Stone {
  const stone = store.sqlite.prepare(`${SELECT_STONE} WHERE g.id = ?`).get(id) as Stone | undefined;
  if (!stone) throw new DomainError('NOT_FOUND', 'That stone no longer exists.');
  return stone;
}

function assertSkuFree(store: Store, sku: string, exceptId?: string) {
  const clash = store.sqlite.prepare('SELECT id FROM gemstones WHERE sku = ?').get(sku) as { id: string } | undefined;
  if (clash && clash.id !== exceptId) {
    throw new DomainError('DUPLICATE_SKU', `A stone with SKU ${sku} already exists.`, 'sku');
  }
}

function assertBuyerExists(store: Store, buyerId: string | null) {
  if (buyerId === null) return;
  if (!store.sqlite.prepare('SELECT 1 FROM buyers WHERE id = ?').get(buyerId)) {
    throw new DomainError('INVALID_REFERENCE', 'The assigned buyer does not exist.', 'assignedBuyer');
  }
}

export function createStone(store: Store, values: StoneValues): Stone {
  const id = store.write((scope) => {
    assertSkuFree(store, values.sku);
    assertBuyerExists(store, values.assignedBuyer);
    const id = store.newId();
    store.sqlite
      .prepare(
        `INSERT INTO gemstones (id, localUpdatedAt, sku, gemstoneType, caratWeight, clarityGrade, certificateNumber,
           certificateStatus, location, assignedBuyer)
         VALUES (@id, @now, @sku, @gemstoneType, @caratWeight, @clarityGrade, @certificateNumber,
           @certificateStatus, @location, @assignedBuyer)`,
      )
      .run({ ...values, id, now: scope.now });
    scope.enqueue('Gemstone', id, 'create');
    return id;
  });
  return getStone(store, id);
}

/** Applies only the fields that really changed, and queues exactly those for replication. */
export function updateStone(store: Store, id: string, changes: Partial<StoneValues>): Stone {
  store.write((scope: WriteScope) => {
    const current = getStone(store, id);
    const changed = EDITABLE_FIELDS.filter((f) => changes[f] !== undefined && changes[f] !== current[f]);
    if (changed.length === 0) return;
    if (changed.includes('sku')) assertSkuFree(store, changes.sku!, id);
    if (changed.includes('assignedBuyer')) assertBuyerExists(store, changes.assignedBuyer ?? null);
    const assignments = changed.map((f) => `${f} = @${f}`).join(', ');
    const params: Record<string, unknown> = { id, now: scope.now };
    for (const f of changed) params[f] = changes[f];
    store.sqlite.prepare(`UPDATE gemstones SET ${assignments}, localUpdatedAt = @now WHERE id = @id`).run(params);
    scope.enqueue('Gemstone', id, 'update', changed);
  });
  return getStone(store, id);
}

/** The choices the stone form offers: the documented lists plus whatever is already in stock. */
export function stoneFormOptions(store: Store) {
  const distinct = (column: 'gemstoneType' | 'location') =>
    (store.sqlite.prepare(`SELECT DISTINCT ${column} AS v FROM gemstones ORDER BY 1`).all() as { v: string }[]).map(
      (r) => r.v,
    );
  const merge = (base: readonly string[], extra: string[]) => [...new Set([...base, ...extra])];
  return {
    gemstoneTypes: merge(DEFAULT_GEMSTONE_TYPES, distinct('gemstoneType')),
    locations: merge(DEFAULT_LOCATIONS, distinct('location')),
    clarityGrades: [...CLARITY_GRADES],
    certificateStatuses: [...CERTIFICATE_STATUSES],
  };
}
