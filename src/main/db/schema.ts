import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Local tables mirror seed 000's Parse classes: property and column names are the Parse field names, so
// the one mapping to Parse JSON (db/parse-mapping) stays mechanical. Pointers hold the *local* id of the
// row they point to. Every replicated row carries:
//   id             stable local id (UUID), also pushed as the Parse field `clientId` so creates are idempotent
//   objectId       the Parse objectId, null until the row has been pushed
//   createdAt/updatedAt  the server's timestamps (ISO), null until pushed or pulled
//   localUpdatedAt last local change (epoch ms), for ordering on this workstation
const replicated = () => ({
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
  },
  (t) => [
    uniqueIndex('gemstones_sku').on(t.sku),
    uniqueIndex('gemstones_objectId').on(t.objectId),
    index('gemstones_caratWeight').on(t.caratWeight),
    index('gemstones_type_carat').on(t.gemstoneType, t.caratWeight),
    index('gemstones_location').on(t.location),
    index('gemstones_certificateStatus').on(t.certificateStatus),
    index('gemstones_certificateNumber').on(t.certificateNumber),
    index('gemstones_assignedBuyer').on(t.assignedBuyer),
  ],
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
  },
  (t) => [
    uniqueIndex('certificate_logs_objectId').on(t.objectId),
    index('certificate_logs_gemstone').on(t.gemstone, t.verifiedAt),
    index('certificate_logs_certificateNumber').on(t.certificateNumber),
    index('certificate_logs_verifiedAt').on(t.verifiedAt),
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
  },
  (t) => [
    uniqueIndex('outbox_record').on(t.entity, t.recordId),
    index('outbox_due').on(t.nextAttemptAt, t.id),
  ],
);

/** Per-class pull cursor on (updatedAt, objectId). */
export const syncCheckpoints = sqliteTable('sync_checkpoints', {
  entity: text('entity').primaryKey(),
  updatedAt: text('updatedAt'),
  objectId: text('objectId'),
  lastPulledAt: integer('lastPulledAt'),
});

/** Workstation settings (JSON values), e.g. the backend connection. Secrets never live here. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  updatedAt: integer('updatedAt')
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});
