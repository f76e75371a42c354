// The local database's tables, in one file on purpose: drizzle-kit reads this file to generate each
// migration (drizzle.config.ts), and the tables refer to each other. Only the schema lives here.
import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';

// Local tables mirror seed 000's Parse classes: property and column names are the Parse field names, so
// the one mapping to Parse JSON (db/parse-mapping) stays mechanical. Pointers hold the *local* id of the
// row they point to. Every replicated row carries:
//   id             stable local id (UUID), also pushed as the Parse field `clientId` so creates are idempotent
//   objectId       the Parse objectId, null until the row has been pushed
//   createdAt/updatedAt  the server's timestamps (ISO), null until pushed or pulled
//   localUpdatedAt last local change (epoch ms), for ordering on this workstation
export const replicated = () => ({
  id: text('id').primaryKey(),
  objectId: text('objectId'),
  createdAt: text('createdAt'),
  updatedAt: text('updatedAt'),
  localUpdatedAt: integer('localUpdatedAt').notNull(),
});

export const users = sqliteTable(
  'users',
  {
    ...replicated(),
    username: text('username').notNull(),
    email: text('email').notNull(),
    role: text('role').notNull(),
    fullName: text('fullName').notNull(),
    /** scrypt hash for signing in on this workstation; never leaves the core. */
    passwordHash: text('passwordHash'),
  },
  (t) => [uniqueIndex('users_username').on(t.username), uniqueIndex('users_objectId').on(t.objectId)],
);

export const buyers = sqliteTable(
  'buyers',
  {
    ...replicated(),
    buyerCode: text('buyerCode').notNull(),
    companyName: text('companyName').notNull(),
    contactName: text('contactName').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    /** JSON array of gemstone type names (Parse Array). */
    preferredGemstoneTypes: text('preferredGemstoneTypes', { mode: 'json' }).$type<string[]>(),
    salesStatus: text('salesStatus').notNull(),
    accountManager: text('accountManager').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('buyers_buyerCode').on(t.buyerCode),
    uniqueIndex('buyers_objectId').on(t.objectId),
    index('buyers_email').on(t.email),
    index('buyers_accountManager').on(t.accountManager),
  ],
);

export const gemstones = sqliteTable(
  'gemstones',
  {
    ...replicated(),
    sku: text('sku').notNull(),
    gemstoneType: text('gemstoneType').notNull(),
    caratWeight: real('caratWeight').notNull(),
    clarityGrade: text('clarityGrade').notNull(),
    certificateNumber: text('certificateNumber'),
    certificateStatus: text('certificateStatus').notNull(),
    location: text('location').notNull(),
    assignedBuyer: text('assignedBuyer').references(() => buyers.id, { onDelete: 'set null' }),
    // Grading and description (Parse field names; src/shared/record-rules.ts says what each may hold).
    colour: text('colour'),
    hue: text('hue'),
    tone: text('tone'),
    saturation: text('saturation'),
    shape: text('shape'),
    cutGrade: text('cutGrade'),
    lengthMm: real('lengthMm'),
    widthMm: real('widthMm'),
    depthMm: real('depthMm'),
    origin: text('origin'),
    treatment: text('treatment'),
    fluorescence: text('fluorescence'),
    reportUrl: text('reportUrl'),
    /** Money stored exactly, in priceCurrency's minor units; Parse holds major units (a Number). */
    costPrice: integer('costPrice'),
    askingPrice: integer('askingPrice'),
    priceCurrency: text('priceCurrency'),
    /** JSON array of LocalFile (db/parse-mapping): photos and videos, first one is the thumbnail's. */
    photos: text('photos'),
  },
  (t) => [
    uniqueIndex('gemstones_sku').on(t.sku),
    uniqueIndex('gemstones_objectId').on(t.objectId),
    // The inventory grid filters on columns and sorts by carat by default. Each filterable column is
    // indexed as (column, caratWeight, then the other tallied columns), and the carat index carries them
    // too: a filtered first page walks one index in order and checks the other filters in the index
    // itself, without reading the stones it skips; a filter's carat total reads the index alone. Ties in
    // carat are broken by those trailing columns, the same fixed order in every index (src/main/inventory/queries/grid.ts,
    // query-plan tests).
    index('gemstones_caratWeight').on(t.caratWeight, t.gemstoneType, t.clarityGrade, t.certificateStatus, t.location),
    index('gemstones_type_carat').on(t.gemstoneType, t.caratWeight, t.clarityGrade, t.certificateStatus, t.location),
    index('gemstones_location_carat').on(
      t.location,
      t.caratWeight,
      t.gemstoneType,
      t.clarityGrade,
      t.certificateStatus,
    ),
    index('gemstones_status_carat').on(t.certificateStatus, t.caratWeight, t.gemstoneType, t.clarityGrade, t.location),
    index('gemstones_clarity_carat').on(t.clarityGrade, t.caratWeight, t.gemstoneType, t.certificateStatus, t.location),
    index('gemstones_certificateNumber').on(t.certificateNumber),
    index('gemstones_buyer_carat').on(
      t.assignedBuyer,
      t.caratWeight,
      t.gemstoneType,
      t.clarityGrade,
      t.certificateStatus,
      t.location,
    ),
    // Grading and prices (src/main/inventory/queries/grid.ts): the grid filters by shape, colour and
    // treatment, so they are indexed like the columns above; it sorts by every other grading field, each
    // on its own index (stones without the value last). Prices sort by amount (then currency); a currency
    // filter, with or without an asking price range, reads (priceCurrency, askingPrice) in price order.
    index('gemstones_shape_carat').on(
      t.shape,
      t.caratWeight,
      t.gemstoneType,
      t.clarityGrade,
      t.certificateStatus,
      t.location,
    ),
    index('gemstones_colour_carat').on(
      t.colour,
      t.caratWeight,
      t.gemstoneType,
      t.clarityGrade,
      t.certificateStatus,
      t.location,
    ),
    index('gemstones_treatment_carat').on(
      t.treatment,
      t.caratWeight,
      t.gemstoneType,
      t.clarityGrade,
      t.certificateStatus,
      t.location,
    ),
    index('gemstones_askingPrice').on(t.askingPrice, t.priceCurrency),
    index('gemstones_costPrice').on(t.costPrice, t.priceCurrency),
    index('gemstones_currency_asking').on(t.priceCurrency, t.askingPrice),
    index('gemstones_hue').on(t.hue),
    index('gemstones_tone').on(t.tone),
    index('gemstones_saturation').on(t.saturation),
    index('gemstones_cutGrade').on(t.cutGrade),
    index('gemstones_lengthMm').on(t.lengthMm),
    index('gemstones_widthMm').on(t.widthMm),
    index('gemstones_depthMm').on(t.depthMm),
    index('gemstones_origin').on(t.origin),
    index('gemstones_fluorescence').on(t.fluorescence),
    index('gemstones_reportUrl').on(t.reportUrl),
    // The certificates work queue: stones awaiting verification (status none or pending), oldest first
    // by when they were added (the server's createdAt once known, else the last local change: src/main/certificates/queue.ts).
    index('gemstones_status_added').on(t.certificateStatus, t.createdAt, t.localUpdatedAt),
    // The queue filtered by location walks this one in the same order; and its counts per location, lab
    // and age read it alone (the number names the lab, the id finds the latest verification).
    index('gemstones_status_location_added').on(
      t.certificateStatus,
      t.location,
      t.createdAt,
      t.localUpdatedAt,
      t.certificateNumber,
      t.id,
    ),
  ],
);

/**
 * Running totals of the stock per (type, clarity, certificate status, location), kept by triggers on
 * gemstones (see the inventory_tallies migration): the grid's count and total carats for any mix of
 * those filters read a few hundred rows here instead of counting a million stones.
 */
export const gemstoneTallies = sqliteTable(
  'gemstone_tallies',
  {
    gemstoneType: text('gemstoneType').notNull(),
    clarityGrade: text('clarityGrade').notNull(),
    certificateStatus: text('certificateStatus').notNull(),
    location: text('location').notNull(),
    stones: integer('stones').notNull(),
    carats: real('carats').notNull(),
  },
  (t) => [primaryKey({ columns: [t.gemstoneType, t.clarityGrade, t.certificateStatus, t.location] })],
);

/** Custody: who moved a stone from where to where, when and why. Append-only, replicated. */
export const custodyEvents = sqliteTable(
  'custody_events',
  {
    ...replicated(),
    gemstone: text('gemstone')
      .notNull()
      .references(() => gemstones.id),
    fromLocation: text('fromLocation').notNull(),
    toLocation: text('toLocation').notNull(),
    movedBy: text('movedBy').references(() => users.id, { onDelete: 'set null' }),
    movedAt: text('movedAt').notNull(),
    reason: text('reason'),
  },
  (t) => [
    uniqueIndex('custody_events_objectId').on(t.objectId),
    index('custody_events_gemstone').on(t.gemstone, t.movedAt),
    index('custody_events_from').on(t.fromLocation, t.movedAt),
  ],
);

/** The managed list of gemstone types (local to this workstation; admins extend it). */
export const gemstoneTypes = sqliteTable('gemstone_types', {
  name: text('name').primaryKey(),
  /** Which clarity scale grades this type: 'diamond' (FL … I3) or 'coloured' (GIA types). */
  clarityScale: text('clarityScale').notNull(),
  addedBy: text('addedBy').references(() => users.id, { onDelete: 'set null' }),
  addedAt: integer('addedAt').notNull(),
});

/** The managed list of locations (local; admins manage it). A row overrides the built-in default. */
export const locations = sqliteTable('locations', {
  name: text('name').primaryKey(),
  /** 'vault' (secure storage), 'floor' (signed out: showcase, counter, memo) or 'gone' (sold). */
  kind: text('kind').notNull(),
  /** Retired locations are no longer offered; stones already there keep it. */
  retired: integer('retired', { mode: 'boolean' }).notNull().default(false),
  addedBy: text('addedBy').references(() => users.id, { onDelete: 'set null' }),
  addedAt: integer('addedAt').notNull(),
});

/** A stock count of one location: the expected list is frozen at start; the summary is kept at finish. */
export const stockCounts = sqliteTable(
  'stock_counts',
  {
    id: text('id').primaryKey(),
    location: text('location').notNull(),
    status: text('status', { enum: ['open', 'finished', 'cancelled'] }).notNull(),
    startedBy: text('startedBy').references(() => users.id, { onDelete: 'set null' }),
    startedAt: integer('startedAt').notNull(),
    finishedBy: text('finishedBy').references(() => users.id, { onDelete: 'set null' }),
    finishedAt: integer('finishedAt'),
    expectedStones: integer('expectedStones').notNull(),
    expectedCarats: real('expectedCarats').notNull(),
    matchedStones: integer('matchedStones'),
    matchedCarats: real('matchedCarats'),
    missingStones: integer('missingStones'),
    missingCarats: real('missingCarats'),
    unexpectedStones: integer('unexpectedStones'),
    unexpectedCarats: real('unexpectedCarats'),
  },
  (t) => [index('stock_counts_started').on(t.status, t.startedAt)],
);

/** One line of a count: a stone expected at start, or one scanned that was not expected. */
export const stockCountItems = sqliteTable(
  'stock_count_items',
  {
    countId: text('countId')
      .notNull()
      .references(() => stockCounts.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    /** The stone, or null for a scanned SKU that is not in the inventory at all. */
    gemstone: text('gemstone').references(() => gemstones.id, { onDelete: 'set null' }),
    gemstoneType: text('gemstoneType'),
    caratWeight: real('caratWeight'),
    /** Where the inventory had the stone when it was expected (start) or scanned (unexpected). */
    recordedLocation: text('recordedLocation'),
    expected: integer('expected', { mode: 'boolean' }).notNull(),
    scannedAt: integer('scannedAt'),
    scannedBy: text('scannedBy').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ columns: [t.countId, t.sku] }), index('stock_count_items_scanned').on(t.countId, t.scannedAt)],
);

export const certificateLogs = sqliteTable(
  'certificate_logs',
  {
    ...replicated(),
    gemstone: text('gemstone')
      .notNull()
      .references(() => gemstones.id),
    certificateNumber: text('certificateNumber').notNull(),
    issuedBy: text('issuedBy').notNull(),
    verifiedBy: text('verifiedBy').references(() => users.id, { onDelete: 'set null' }),
    verifiedAt: text('verifiedAt').notNull(),
    verificationResult: text('verificationResult').notNull(),
    notes: text('notes'),
    /** A correction is a new entry that references the one it corrects (entries are append-only). */
    corrects: text('corrects').references((): AnySQLiteColumn => certificateLogs.id),
    /** Set when a number that does not match its lab's format was confirmed on purpose. */
    formatOverride: integer('formatOverride', { mode: 'boolean' }),
    /** The scanned report (Parse File): JSON of {@link import('./parse-mapping').LocalFile}. */
    document: text('document'),
    /** A status change entry (verificationResult status_change): the stone's status before (null: a new stone) and after. */
    statusFrom: text('statusFrom'),
    statusTo: text('statusTo'),
    /**
     * Local only: written by this workstation for a status change pulled from the server that came with no
     * entry of its own (another app, a script). Never sent: every workstation notes what it saw.
     */
    recordedHere: integer('recordedHere', { mode: 'boolean' }),
  },
  (t) => [
    uniqueIndex('certificate_logs_objectId').on(t.objectId),
    index('certificate_logs_gemstone').on(t.gemstone, t.verifiedAt),
    index('certificate_logs_certificateNumber').on(t.certificateNumber),
    index('certificate_logs_verifiedAt').on(t.verifiedAt),
    // "Corrected by": the entries that correct one entry.
    index('certificate_logs_corrects').on(t.corrects),
  ],
);

export const purchaseInquiries = sqliteTable(
  'purchase_inquiries',
  {
    ...replicated(),
    buyer: text('buyer')
      .notNull()
      .references(() => buyers.id),
    gemstone: text('gemstone')
      .notNull()
      .references(() => gemstones.id),
    inquiryStatus: text('inquiryStatus').notNull(),
    requestedCaratWeight: real('requestedCaratWeight').notNull(),
    /** Money stored exactly, in the currency's minor units; Parse holds major units (a Number). */
    quotedPrice: integer('quotedPrice'),
    currency: text('currency').notNull(),
    handledBy: text('handledBy').references(() => users.id, { onDelete: 'set null' }),
    followUpAt: text('followUpAt'),
    /** How a closed inquiry ended (INQUIRY_OUTCOMES) and why, in the closer's words. */
    outcome: text('outcome'),
    outcomeReason: text('outcomeReason'),
    /** Reserved although the stone's certificate was in mismatch: an administrator's recorded override. */
    mismatchOverride: integer('mismatchOverride', { mode: 'boolean' }),
    /** Every transition, oldest first: JSON array of { from, to, by (user id), at (ISO), reason? }. */
    statusHistory: text('statusHistory', { mode: 'json' }).$type<unknown[]>(),
    /** When the inquiry entered its current status (ISO): aging per stage on the pipeline board. */
    statusChangedAt: text('statusChangedAt'),
  },
  (t) => [
    uniqueIndex('purchase_inquiries_objectId').on(t.objectId),
    index('purchase_inquiries_status').on(t.inquiryStatus),
    index('purchase_inquiries_gemstone').on(t.gemstone, t.inquiryStatus),
    index('purchase_inquiries_buyer').on(t.buyer),
    index('purchase_inquiries_followUpAt').on(t.followUpAt),
  ],
);

export const activities = sqliteTable(
  'activities',
  {
    ...replicated(),
    type: text('type'),
    subject: text('subject'),
    description: text('description'),
    dueDate: text('dueDate'),
    completedAt: text('completedAt'),
    /** The buyer the activity is about (Parse: Pointer<Buyer>). */
    relatedTo: text('relatedTo').references(() => buyers.id, { onDelete: 'set null' }),
    /** The inquiry, when the activity is about one (Parse: Pointer<PurchaseInquiry>). */
    relatedInquiry: text('relatedInquiry').references(() => purchaseInquiries.id, { onDelete: 'set null' }),
    createdBy: text('createdBy').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('activities_objectId').on(t.objectId),
    index('activities_relatedTo').on(t.relatedTo),
    index('activities_relatedInquiry').on(t.relatedInquiry),
    index('activities_dueDate').on(t.dueDate),
  ],
);

/**
 * Timed holds of a stone for a buyer (Parse: StoneHold). One active hold per stone is the core's rule
 * (and Cloud Code's), not a unique index: another app may have written two, and a pull must still store them.
 */
export const stoneHolds = sqliteTable(
  'stone_holds',
  {
    ...replicated(),
    gemstone: text('gemstone')
      .notNull()
      .references(() => gemstones.id),
    buyer: text('buyer')
      .notNull()
      .references(() => buyers.id),
    placedBy: text('placedBy').references(() => users.id, { onDelete: 'set null' }),
    /** ISO: the hold ends by itself at this moment. */
    heldUntil: text('heldUntil').notNull(),
    status: text('status').notNull(),
    endedAt: text('endedAt'),
    endedBy: text('endedBy').references(() => users.id, { onDelete: 'set null' }),
    /** The inquiry the hold became, when it was made a reservation. */
    reservation: text('reservation').references(() => purchaseInquiries.id, { onDelete: 'set null' }),
    note: text('note'),
  },
  (t) => [
    uniqueIndex('stone_holds_objectId').on(t.objectId),
    index('stone_holds_gemstone').on(t.gemstone, t.status, t.heldUntil),
    index('stone_holds_placedBy').on(t.placedBy, t.status, t.heldUntil),
    index('stone_holds_buyer').on(t.buyer),
  ],
);

/**
 * Changes waiting to be pushed, written in the same transaction as the domain write. One row per record:
 * a second edit before the push coalesces into it (fields are unioned, `seq` goes up so a push that
 * raced an edit does not delete the newer change).
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entity: text('entity').notNull(),
    recordId: text('recordId').notNull(),
    op: text('op', { enum: ['create', 'update', 'delete'] }).notNull(),
    /** JSON array of changed field names; null means every field (a create). */
    fields: text('fields', { mode: 'json' }).$type<string[] | null>(),
    seq: integer('seq').notNull().default(1),
    enqueuedAt: integer('enqueuedAt').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('nextAttemptAt').notNull().default(0),
    lastError: text('lastError'),
    /** Who made the change: replication pushes it with that person's backend session. */
    userId: text('userId'),
    /** For a delete: the server's id of the record, which is gone from its table by then. */
    objectId: text('objectId'),
  },
  (t) => [uniqueIndex('outbox_record').on(t.entity, t.recordId), index('outbox_due').on(t.nextAttemptAt, t.id)],
);

/** Per-class pull cursor on (updatedAt, objectId). */
export const syncCheckpoints = sqliteTable('sync_checkpoints', {
  entity: text('entity').primaryKey(),
  updatedAt: text('updatedAt'),
  objectId: text('objectId'),
  lastPulledAt: integer('lastPulledAt'),
  /**
   * The server's clock (its Date header) when the last pull of this class began. Every row stamped more
   * than the overlap before it had committed by then, so the next pull re-reads from there, not from far
   * behind a checkpoint that a quiet server has not moved for hours.
   */
  serverReadAt: text('serverReadAt'),
});

/** Workstation settings (JSON values), e.g. the backend connection. Secrets never live here. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  updatedAt: integer('updatedAt')
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});

// ── Replication bookkeeping (src/main/sync) ─────────────────────────────────────────────────────────

/** The server's values of each record as last seen (local representation): the base for conflict checks. */
export const syncBase = sqliteTable(
  'sync_base',
  {
    entity: text('entity').notNull(),
    recordId: text('recordId').notNull(),
    values: text('values', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
    serverUpdatedAt: text('serverUpdatedAt'),
  },
  (t) => [primaryKey({ columns: [t.entity, t.recordId] })],
);

/** Two places changed the same field: the winner is applied, the other value is kept here to re-apply. */
export const syncConflicts = sqliteTable(
  'sync_conflicts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entity: text('entity').notNull(),
    recordId: text('recordId').notNull(),
    field: text('field').notNull(),
    winner: text('winner', { enum: ['local', 'remote'] }).notNull(),
    localValue: text('localValue', { mode: 'json' }),
    remoteValue: text('remoteValue', { mode: 'json' }),
    localBy: text('localBy'),
    localAt: integer('localAt'),
    remoteBy: text('remoteBy'),
    remoteAt: text('remoteAt'),
    detectedAt: integer('detectedAt').notNull(),
    resolvedAt: integer('resolvedAt'),
    resolvedBy: text('resolvedBy'),
  },
  (t) => [index('sync_conflicts_open').on(t.resolvedAt, t.detectedAt)],
);

/** Changes the server refused for good, set aside with its message so they never block the rest. */
export const syncDeadLetters = sqliteTable(
  'sync_dead_letters',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entity: text('entity').notNull(),
    recordId: text('recordId').notNull(),
    op: text('op').notNull(),
    fields: text('fields', { mode: 'json' }).$type<string[] | null>(),
    /** The values that were refused, so nothing typed is lost and they can be re-applied. */
    values: text('values', { mode: 'json' }).$type<Record<string, unknown>>(),
    code: integer('code'),
    message: text('message').notNull(),
    userId: text('userId'),
    createdAt: integer('createdAt').notNull(),
    resolvedAt: integer('resolvedAt'),
  },
  (t) => [
    index('sync_dead_letters_open').on(t.resolvedAt, t.createdAt),
    index('sync_dead_letters_record').on(t.entity, t.recordId),
  ],
);

/**
 * Secondary indexes and triggers set aside while a first download bulk-loads a table (db/bulk-load.ts).
 * A row here means "put this back": the download does so when it ends, and opening the database does so
 * if Loupe stopped in between.
 */
export const bulkLoadSuspended = sqliteTable('bulk_load_suspended', {
  name: text('name').primaryKey(),
  tableName: text('tableName').notNull(),
  type: text('type').notNull(),
  sql: text('sql').notNull(),
});
