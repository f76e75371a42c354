'use strict';
// Loupe's Cloud Code: server-side validation, the verification audit trail, the inquiry pipeline, role
// bookkeeping and tombstones. Class-level permissions (schema.json) decide WHO may write a class; these
// triggers decide WHAT a write may contain. Plain CommonJS with no npm dependencies, as Back4app expects.

const crypto = require('crypto');
const lists = require('./lists.js');
const formats = require('./formats.js');
const { ensureIndexes, hasIndex } = require('./indexes.js');

const { VALIDATION_ERROR, OPERATION_FORBIDDEN, DUPLICATE_VALUE } = Parse.Error;
const MASTER = { useMasterKey: true };
const OPEN_INQUIRY_STATUSES = ['new', 'quoted', 'reserved'];
const MAX_CARAT_WEIGHT = 100000;
/** Clock skew tolerated on event times (verifiedAt, movedAt): workstations stamp them with their own clock. */
const FUTURE_TOLERANCE_MS = 60 * 60 * 1000;

function refuse(code, message) {
  throw new Parse.Error(code, message);
}
const invalid = (message) => refuse(VALIDATION_ERROR, message);
const forbidden = (message) => refuse(OPERATION_FORBIDDEN, message);

// ---------------------------------------------------------------------------------------------------------
// Request helpers

function creating(req) {
  return !req.original;
}

/** Comparable form of a field value (pointers by class and id, dates by time). */
function normalise(value) {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return { date: value.getTime() };
  if (value instanceof Parse.Object) return { pointer: `${value.className}:${value.id}` };
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === 'object') {
    if (value.__type === 'Pointer') return { pointer: `${value.className}:${value.objectId}` };
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = normalise(value[key]);
    return out;
  }
  return value;
}

/** True when the write sets `field` (create) or changes its value (update). Re-sending a value is no change. */
function changed(req, field) {
  const next = req.object.get(field);
  if (creating(req)) return next !== undefined && next !== null;
  return JSON.stringify(normalise(req.original.get(field))) !== JSON.stringify(normalise(next));
}

function requireSignedIn(req) {
  if (!req.master && !req.user) forbidden('Sign in to make changes.');
}

/** The caller's role names (from _Role membership, which class-level permissions use too). */
async function callerRoles(req) {
  if (req.master || !req.user) return [];
  if (!req.loupeRoles) {
    const roles = await new Parse.Query(Parse.Role).equalTo('users', req.user).find(MASTER);
    req.loupeRoles = roles.map((role) => role.get('name'));
  }
  return req.loupeRoles;
}

async function isAdmin(req) {
  return req.master || (await callerRoles(req)).includes('admin');
}

/**
 * Loupe rows are readable and writable by the staff roles only (class-level permissions then narrow who
 * may write what). Set on create unless the master key chose an ACL, and restored if a client changes it.
 */
function applyStaffACL(req) {
  const object = req.object;
  const needed = creating(req) ? !(req.master && object.getACL()) : !req.master && object.dirty('ACL');
  if (!needed) return;
  const acl = new Parse.ACL();
  for (const role of lists.ROLES) {
    acl.setRoleReadAccess(role, true);
    acl.setRoleWriteAccess(role, true);
  }
  object.setACL(acl);
}

function newClientId() {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : crypto.randomBytes(16).toString('hex');
}

// ---------------------------------------------------------------------------------------------------------
// Field rules

const text = (label, options) => Object.assign({ kind: 'string', label }, options);
const oneOf = (label, values, options) => Object.assign({ kind: 'enum', label, values }, options);
const number = (label, options) => Object.assign({ kind: 'number', label }, options);
const date = (label, options) => Object.assign({ kind: 'date', label }, options);
const flag = (label) => ({ kind: 'boolean', label });
const pointer = (label, target, options) => Object.assign({ kind: 'pointer', label, target }, options);

const RULES = {
  _User: {
    email: text('Email', { required: true, max: 254 }),
    fullName: text('Full name', { required: true, max: 120 }),
    role: oneOf('Role', lists.ROLES, { required: true }),
  },
  Buyer: {
    buyerCode: text('Buyer code', { required: true, max: 40 }),
    companyName: text('Company name', { required: true, max: 120 }),
    contactName: text('Contact name', { required: true, max: 120 }),
    email: text('Email', { required: true, max: 254, pattern: formats.EMAIL_PATTERN, hint: 'a valid email address' }),
    phone: text('Phone', { max: 40 }),
    preferredGemstoneTypes: { kind: 'strings', label: 'Preferred gemstone types', maxItems: 50, max: 40 },
    salesStatus: oneOf('Sales status', lists.SALES_STATUSES, { required: true }),
    accountManager: pointer('Account manager', '_User', { required: true }),
  },
  Gemstone: {
    sku: text('SKU', {
      required: true,
      max: 40,
      pattern: formats.SKU_PATTERN,
      hint: 'letters, digits, dot, dash, slash and underscore, starting with a letter or digit',
    }),
    gemstoneType: text('Gemstone type', { required: true, max: 40 }),
    caratWeight: number('Carat weight', { required: true, above: 0, max: MAX_CARAT_WEIGHT }),
    clarityGrade: oneOf('Clarity grade', lists.CLARITY_GRADES, { required: true }),
    certificateNumber: text('Certificate number', { max: 40 }),
    certificateStatus: oneOf('Certificate status', lists.CERTIFICATE_STATUSES, { required: true }),
    location: text('Location', { required: true, max: 60 }),
    assignedBuyer: pointer('Assigned buyer', 'Buyer'),
  },
  CertificateLog: {
    gemstone: pointer('Gemstone', 'Gemstone', { required: true }),
    certificateNumber: text('Certificate number', { required: true, max: 40 }),
    issuedBy: oneOf('Issuing lab', lists.LABS, { required: true }),
    verifiedBy: pointer('Verified by', '_User', { required: true }),
    verifiedAt: date('Verified at', { required: true, notFuture: true }),
    verificationResult: oneOf('Verification result', lists.VERIFICATION_RESULTS, { required: true }),
    notes: text('Notes', { max: 4000 }),
    corrects: pointer('Corrected entry', 'CertificateLog'),
    formatOverride: flag('Format override'),
  },
  PurchaseInquiry: {
    buyer: pointer('Buyer', 'Buyer', { required: true }),
    gemstone: pointer('Gemstone', 'Gemstone', { required: true }),
    inquiryStatus: oneOf('Inquiry status', lists.INQUIRY_STATUSES, { required: true }),
    requestedCaratWeight: number('Requested carat weight', { required: true, above: 0, max: MAX_CARAT_WEIGHT }),
    quotedPrice: number('Quoted price', { above: 0, max: 1e12 }),
    currency: text('Currency', {
      required: true,
      pattern: formats.CURRENCY_PATTERN,
      hint: 'a three-letter ISO 4217 code such as USD, EUR or CHF',
    }),
    handledBy: pointer('Handled by', '_User', { required: true }),
    followUpAt: date('Follow-up date'),
    outcome: oneOf('Outcome', lists.INQUIRY_OUTCOMES),
    outcomeReason: text('Outcome reason', { max: 1000 }),
    mismatchOverride: flag('Mismatch override'),
    statusHistory: { kind: 'entries', label: 'Status history', maxItems: 500 },
    statusChangedAt: date('Status changed at', { notFuture: true }),
  },
  CustodyEvent: {
    gemstone: pointer('Gemstone', 'Gemstone', { required: true }),
    fromLocation: text('From location', { required: true, max: 60 }),
    toLocation: text('To location', { required: true, max: 60 }),
    movedBy: pointer('Moved by', '_User'),
    movedAt: date('Moved at', { required: true, notFuture: true }),
    reason: text('Reason', { max: 1000 }),
  },
  Activity: {
    type: oneOf('Activity type', lists.ACTIVITY_TYPES, { required: true }),
    subject: text('Subject', { max: 200 }),
    description: text('Description', { max: 10000 }),
    dueDate: date('Due date'),
    completedAt: date('Completed at'),
    relatedTo: pointer('Buyer', 'Buyer'),
    relatedInquiry: pointer('Inquiry', 'PurchaseInquiry'),
    createdBy: pointer('Created by', '_User'),
  },
};

const CLASS_LABELS = {
  _User: 'user',
  Buyer: 'buyer',
  Gemstone: 'stone',
  CustodyEvent: 'custody event',
  CertificateLog: 'certificate log entry',
  PurchaseInquiry: 'inquiry',
  Activity: 'activity',
};

function list(values) {
  return values.join(', ');
}

/** Problem with a present value, or null. */
function valueProblem(rule, value) {
  switch (rule.kind) {
    case 'string':
      if (typeof value !== 'string') return `${rule.label} must be text.`;
      if (rule.max && value.length > rule.max) return `${rule.label} must be at most ${rule.max} characters.`;
      if (rule.pattern && !rule.pattern.test(value)) return `${rule.label} "${value}" is not valid: use ${rule.hint}.`;
      return null;
    case 'enum':
      return rule.values.includes(value) ? null : `${rule.label} must be one of ${list(rule.values)} (got "${value}").`;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${rule.label} must be a number.`;
      if (rule.above !== undefined && !(value > rule.above)) return `${rule.label} must be greater than ${rule.above}.`;
      if (rule.max !== undefined && value > rule.max) return `${rule.label} must be at most ${rule.max}.`;
      return null;
    case 'date':
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) return `${rule.label} must be a date.`;
      if (rule.notFuture && value.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
        return `${rule.label} cannot be in the future (check the computer's clock).`;
      }
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${rule.label} must be true or false.`;
    case 'pointer': {
      const className = value instanceof Parse.Object ? value.className : null;
      return className === rule.target && value.id ? null : `${rule.label} must point to a ${rule.target}.`;
    }
    case 'entries':
      if (!Array.isArray(value)) return `${rule.label} must be a list.`;
      if (value.length > rule.maxItems) return `${rule.label} can hold at most ${rule.maxItems} entries.`;
      for (const item of value) {
        if (!item || typeof item !== 'object' || Array.isArray(item)) return `${rule.label} must be a list of entries.`;
      }
      return null;
    case 'strings':
      if (!Array.isArray(value)) return `${rule.label} must be a list.`;
      if (value.length > rule.maxItems) return `${rule.label} can hold at most ${rule.maxItems} entries.`;
      for (const item of value) {
        if (typeof item !== 'string' || item.trim() === '' || item.length > rule.max) {
          return `${rule.label} must be names of at most ${rule.max} characters.`;
        }
      }
      return null;
    default:
      return null;
  }
}

function isBlank(rule, value) {
  return value === undefined || value === null || (rule.kind === 'string' && typeof value === 'string' && value.trim() === '');
}

/** Fetches a pointer's target with the master key; refuses when it does not exist. Cached per request. */
async function target(req, field, rule) {
  req.loupeTargets = req.loupeTargets || {};
  const value = req.object.get(field);
  if (!value) return null;
  if (!req.loupeTargets[field]) {
    const query = rule.target === '_User' ? new Parse.Query(Parse.User) : new Parse.Query(rule.target);
    try {
      req.loupeTargets[field] = await query.get(value.id, MASTER);
    } catch (error) {
      if (error && error.code === Parse.Error.OBJECT_NOT_FOUND) {
        invalid(`${rule.label} points to a ${rule.target} that does not exist (objectId ${value.id}).`);
      }
      throw error;
    }
  }
  return req.loupeTargets[field];
}

/** Checks every field the write sets or changes (all of them on create). */
async function validateFields(req, className) {
  const rules = RULES[className];
  for (const field of Object.keys(rules)) {
    const rule = rules[field];
    if (!creating(req) && !req.object.dirty(field)) continue;
    const value = req.object.get(field);
    if (isBlank(rule, value)) {
      if (rule.required) invalid(`${rule.label} is required.`);
      continue;
    }
    const problem = valueProblem(rule, value);
    if (problem) invalid(problem);
    if (rule.kind === 'pointer' && changed(req, field)) await target(req, field, rule);
  }
}

/** clientId: the workstation's stable local id, so a retried create cannot make a second row. */
async function clientIdRule(req, className) {
  const object = req.object;
  if (!creating(req)) {
    if (changed(req, 'clientId')) invalid('clientId is set when a record is created and cannot be changed.');
    return;
  }
  const clientId = object.get('clientId');
  if (clientId === undefined || clientId === null || clientId === '') {
    // Mobile clients do not send one; every row gets one so the unique index never sees a gap.
    object.set('clientId', newClientId());
    return;
  }
  if (typeof clientId !== 'string' || !formats.CLIENT_ID_PATTERN.test(clientId)) {
    invalid('clientId must be up to 64 letters, digits, dots, dashes, underscores or colons.');
  }
  // The unique index refuses a second row with this clientId by itself (DUPLICATE_VALUE, which workstations
  // answer by adopting the row that landed); a query before every create is only the fallback without it.
  if (await hasIndex(className, `${className}_unique_clientId`)) return;
  const query = className === '_User' ? new Parse.Query(Parse.User) : new Parse.Query(className);
  const existing = await query.equalTo('clientId', clientId).first(MASTER);
  if (existing) {
    refuse(
      DUPLICATE_VALUE,
      `This ${CLASS_LABELS[className]} was already created (clientId ${clientId}, objectId ${existing.id}).`,
    );
  }
}

/**
 * A business key (SKU, buyer code) is taken by another record. Refused as a validation error, not
 * DUPLICATE_VALUE: 137 is kept for "a row with this clientId exists", which clients answer by adopting that
 * row. A row with the same clientId is the same record (a retried create whose first answer was lost), so it
 * does not count: the clientId rule and its unique index answer that case.
 */
async function mustBeUnique(req, className, field, describe) {
  if (!changed(req, field)) return;
  const value = req.object.get(field);
  const taken = await takenBy(className, field, {
    value,
    objectId: req.object.id || null,
    clientId: creating(req) ? req.object.get('clientId') || null : null,
  });
  if (taken) invalid(describe(value));
}

/**
 * Uniqueness look-ups are gathered over one turn of the event loop and asked as one query per class and field.
 * The sub-requests of a /batch run in parallel, so a batch of 50 new stones costs one query instead of 50,
 * and two creates in the same turn that want the same key are caught too (the later one is refused), where
 * 50 separate queries would have let both through.
 */
const uniquenessWaiting = new Map();
const sameRecord = (a, b) => (a.objectId !== null && a.objectId === b.objectId) || (a.clientId !== null && a.clientId === b.clientId);

function takenBy(className, field, asker) {
  const key = `${className}.${field}`;
  return new Promise((resolve, reject) => {
    let waiting = uniquenessWaiting.get(key);
    if (!waiting) {
      const gathered = (waiting = []);
      uniquenessWaiting.set(key, gathered);
      setImmediate(() => {
        uniquenessWaiting.delete(key);
        answerTaken(className, field, gathered).catch((error) => gathered.forEach((w) => w.reject(error)));
      });
    }
    waiting.push(Object.assign({ resolve, reject }, asker));
  });
}

async function answerTaken(className, field, waiting) {
  const values = [...new Set(waiting.map((w) => w.value))];
  // Room for rows that are the askers themselves (updates, retried creates) and for old duplicates.
  const limit = values.length * 2 + 100;
  let rows = await new Parse.Query(className).containedIn(field, values).select(field, 'clientId').limit(limit).find(MASTER);
  if (rows.length >= limit) rows = null; // more rows than expected: ask value by value instead
  const claimed = new Map(); // value → the first asker in this turn that wants it
  for (const w of waiting) {
    const own = (row) => sameRecord(w, { objectId: row.id, clientId: row.get('clientId') || null });
    const others = rows
      ? rows.filter((row) => row.get(field) === w.value && !own(row))
      : (await new Parse.Query(className).equalTo(field, w.value).select('clientId').limit(2).find(MASTER)).filter((row) => !own(row));
    const first = claimed.get(w.value);
    if (others.length > 0 || (first && !sameRecord(first, w))) {
      w.resolve(true);
    } else {
      if (!first) claimed.set(w.value, w);
      w.resolve(false);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Users and roles

const ROLE_ACL = () => {
  const acl = new Parse.ACL();
  for (const role of lists.ROLES) acl.setRoleReadAccess(role, true);
  return acl;
};

async function adminCount(exceptUserId) {
  const query = new Parse.Query(Parse.User).equalTo('role', 'admin');
  if (exceptUserId) query.notEqualTo('objectId', exceptUserId);
  return query.count(MASTER);
}

Parse.Cloud.beforeSave(Parse.User, async (req) => {
  if (creating(req) && !req.master && !(await isAdmin(req))) {
    forbidden('User accounts are created by an admin.');
  }
  requireSignedIn(req);
  await clientIdRule(req, '_User');
  await validateFields(req, '_User');
  if (changed(req, 'role') && !(await isAdmin(req))) forbidden("Only an admin can change a user's role.");
  if (!creating(req) && changed(req, 'role') && req.original.get('role') === 'admin') {
    if ((await adminCount(req.object.id)) === 0) {
      invalid(`${req.original.get('username')} is the only admin; make another user an admin first.`);
    }
  }
  if (creating(req)) {
    // Staff see each other (names on logs and inquiries); admins manage accounts. Parse adds the user itself.
    const acl = req.object.getACL() || new Parse.ACL();
    for (const role of lists.ROLES) acl.setRoleReadAccess(role, true);
    acl.setRoleWriteAccess('admin', true);
    req.object.setACL(acl);
  }
});

/** Keeps _Role membership in step with the user's `role` field (class-level permissions use the roles). */
Parse.Cloud.afterSave(Parse.User, async (req) => {
  const user = req.object;
  const wanted = user.get('role');
  const roles = await new Parse.Query(Parse.Role).containedIn('name', lists.ROLES).find(MASTER);
  if (lists.ROLES.includes(wanted) && !roles.some((role) => role.get('name') === wanted)) {
    roles.push(new Parse.Role(wanted, ROLE_ACL()));
  }
  for (const role of roles) {
    const member = role.id
      ? await role.getUsers().query().equalTo('objectId', user.id).first(MASTER)
      : undefined;
    if (role.get('name') === wanted && !member) {
      role.getUsers().add(user);
      await role.save(null, MASTER);
    } else if (role.get('name') !== wanted && member) {
      role.getUsers().remove(user);
      await role.save(null, MASTER);
    }
  }
});

Parse.Cloud.beforeDelete(Parse.User, async (req) => {
  requireSignedIn(req);
  if (req.object.get('role') === 'admin' && (await adminCount(req.object.id)) === 0) {
    invalid(`${req.object.get('username')} is the only admin and cannot be deleted.`);
  }
});

// ---------------------------------------------------------------------------------------------------------
// Buyers

Parse.Cloud.beforeSave('Buyer', async (req) => {
  requireSignedIn(req);
  if (!creating(req) && !(await isAdmin(req))) {
    const manager = req.original.get('accountManager');
    if (!manager || manager.id !== req.user.id) {
      forbidden("Only the buyer's account manager or an admin can update this buyer.");
    }
    if (changed(req, 'accountManager')) forbidden("Only an admin can reassign a buyer's account manager.");
  }
  await clientIdRule(req, 'Buyer');
  applyStaffACL(req);
  await validateFields(req, 'Buyer');
  await mustBeUnique(req, 'Buyer', 'buyerCode', (code) => `Buyer code ${code} is already used by another buyer.`);
});

Parse.Cloud.beforeDelete('Buyer', async (req) => {
  requireSignedIn(req);
  if (!(await isAdmin(req))) forbidden('Only an admin can delete buyers.');
  const open = await new Parse.Query('PurchaseInquiry')
    .equalTo('buyer', req.object)
    .containedIn('inquiryStatus', OPEN_INQUIRY_STATUSES)
    .count(MASTER);
  if (open > 0) {
    invalid(`Buyer ${req.object.get('buyerCode')} has ${open} open inquiries; close them before deleting the buyer.`);
  }
});

// ---------------------------------------------------------------------------------------------------------
// Gemstones

Parse.Cloud.beforeSave('Gemstone', async (req) => {
  requireSignedIn(req);
  await clientIdRule(req, 'Gemstone');
  applyStaffACL(req);
  await validateFields(req, 'Gemstone');
  await mustBeUnique(req, 'Gemstone', 'sku', (sku) => `SKU ${sku} is already used by another stone.`);
});

Parse.Cloud.beforeDelete('Gemstone', async (req) => {
  requireSignedIn(req);
  if (!(await isAdmin(req))) forbidden('Only an admin can delete stones.');
  const sku = req.object.get('sku');
  const open = await new Parse.Query('PurchaseInquiry')
    .equalTo('gemstone', req.object)
    .containedIn('inquiryStatus', OPEN_INQUIRY_STATUSES)
    .count(MASTER);
  if (open > 0) invalid(`Stone ${sku} has ${open} open inquiries; close them before deleting the stone.`);
  const logs = await new Parse.Query('CertificateLog').equalTo('gemstone', req.object).count(MASTER);
  if (logs > 0) {
    invalid(
      `Stone ${sku} has certificate log entries, the audit trail of its verification, so it cannot be deleted. ` +
        'Move it to another location (e.g. Sold) instead.',
    );
  }
});

// ---------------------------------------------------------------------------------------------------------
// Custody events: the append-only record of who moved a stone where

Parse.Cloud.beforeSave('CustodyEvent', async (req) => {
  requireSignedIn(req);
  if (!creating(req) && !req.master) forbidden('Custody events are an append-only record; record a new move instead.');
  if (creating(req) && !req.object.get('movedBy') && req.user) req.object.set('movedBy', req.user);
  await clientIdRule(req, 'CustodyEvent');
  applyStaffACL(req);
  await validateFields(req, 'CustodyEvent');
});

Parse.Cloud.beforeDelete('CustodyEvent', (req) => {
  if (!req.master) forbidden('Custody events are an append-only record and cannot be deleted.');
});

// ---------------------------------------------------------------------------------------------------------
// Certificate logs: the append-only audit trail of verification events

const VERIFICATION_FIELDS = ['gemstone', 'certificateNumber', 'issuedBy', 'verifiedBy', 'verifiedAt', 'verificationResult'];
/** Fields that describe the event and therefore never change either. */
const FIXED_FIELDS = VERIFICATION_FIELDS.concat(['corrects', 'formatOverride']);

const STATUS_FOR_RESULT = {
  verified: 'verified',
  mismatch: 'mismatch',
  not_found: 'mismatch',
  pending_recheck: 'pending',
};

function hasOverrideNote(object) {
  const notes = object.get('notes');
  return object.get('formatOverride') === true && typeof notes === 'string' && notes.trim() !== '';
}

Parse.Cloud.beforeSave('CertificateLog', async (req) => {
  requireSignedIn(req);
  if (!creating(req) && !req.master) {
    const fixed = FIXED_FIELDS.filter((field) => changed(req, field));
    if (fixed.length > 0) {
      forbidden(
        `Certificate log entries are the audit trail of verification: ${list(fixed)} cannot be changed. ` +
          'Record a new entry that corrects this one instead.',
      );
    }
  }
  await clientIdRule(req, 'CertificateLog');
  applyStaffACL(req);
  await validateFields(req, 'CertificateLog');
  const log = req.object;
  if (creating(req)) {
    const problem = formats.certificateNumberProblem(log.get('issuedBy'), log.get('certificateNumber'));
    if (problem && !hasOverrideNote(log)) {
      invalid(
        `${problem} (got "${log.get('certificateNumber')}"). Check the number, or record a format override: ` +
          'set formatOverride and say why in the notes.',
      );
    }
    if (log.get('corrects')) {
      const corrected = await target(req, 'corrects', RULES.CertificateLog.corrects);
      if (corrected.get('gemstone').id !== log.get('gemstone').id) {
        invalid('A correction must be about the same stone as the entry it corrects.');
      }
    }
  } else if (req.original.get('formatOverride') === true && !hasOverrideNote(log)) {
    invalid('This entry records a format override; its notes must keep saying why.');
  }
});

/** The stone follows its most recent verification (so a practitioner's log moves a stone they cannot edit). */
Parse.Cloud.afterSave('CertificateLog', async (req) => {
  if (req.original) return;
  const log = req.object;
  const latest = await new Parse.Query('CertificateLog')
    .equalTo('gemstone', log.get('gemstone'))
    .descending('verifiedAt')
    .addDescending('createdAt')
    .first(MASTER);
  if (latest && latest.id !== log.id) return; // an older verification synced late does not win
  const stone = await new Parse.Query('Gemstone').get(log.get('gemstone').id, MASTER);
  const status = STATUS_FOR_RESULT[log.get('verificationResult')];
  if (stone.get('certificateNumber') === log.get('certificateNumber') && stone.get('certificateStatus') === status) return;
  stone.set('certificateNumber', log.get('certificateNumber'));
  stone.set('certificateStatus', status);
  await stone.save(null, MASTER);
});

Parse.Cloud.beforeDelete('CertificateLog', (req) => {
  if (!req.master) {
    forbidden(
      'Certificate log entries are the audit trail of verification and cannot be deleted; ' +
        'record a new entry that corrects this one instead.',
    );
  }
});

// ---------------------------------------------------------------------------------------------------------
// Purchase inquiries: new -> quoted -> reserved -> closed

const NEXT_STATUSES = { new: ['quoted', 'closed'], quoted: ['reserved', 'closed'], reserved: ['closed'], closed: [] };

function transitionProblem(from, to) {
  if (NEXT_STATUSES[from].includes(to)) return null;
  if (from === 'closed') return 'This inquiry is closed and cannot be reopened; create a new inquiry instead.';
  if (from === 'new' && to === 'reserved') return 'Quote a price before reserving the stone (new → quoted → reserved).';
  return `An inquiry moves new → quoted → reserved → closed; it cannot go from ${from} back to ${to}.`;
}

async function checkReservation(req) {
  const inquiry = req.object;
  const stone = await target(req, 'gemstone', RULES.PurchaseInquiry.gemstone);
  const sku = stone.get('sku');
  if (stone.get('certificateStatus') === 'mismatch') {
    if (inquiry.get('mismatchOverride') !== true) {
      invalid(
        `Stone ${sku} has a certificate mismatch and cannot be reserved until its certificate is verified ` +
          '(an admin may override).',
      );
    }
    if (!(await isAdmin(req))) forbidden(`Only an admin can reserve stone ${sku} while its certificate is a mismatch.`);
  }
  const query = new Parse.Query('PurchaseInquiry').equalTo('gemstone', stone).equalTo('inquiryStatus', 'reserved');
  if (inquiry.id) query.notEqualTo('objectId', inquiry.id);
  const other = await query.include('buyer').first(MASTER);
  if (other) {
    const buyer = other.get('buyer');
    const holder = buyer && buyer.get('buyerCode') ? ` for buyer ${buyer.get('buyerCode')}` : '';
    invalid(`Stone ${sku} is already reserved${holder} (inquiry ${other.id}); close that inquiry before reserving it again.`);
  }
}

Parse.Cloud.beforeSave('PurchaseInquiry', async (req) => {
  requireSignedIn(req);
  await clientIdRule(req, 'PurchaseInquiry');
  applyStaffACL(req);
  await validateFields(req, 'PurchaseInquiry');
  const inquiry = req.object;
  const status = inquiry.get('inquiryStatus');
  if (!creating(req) && changed(req, 'inquiryStatus')) {
    const problem = transitionProblem(req.original.get('inquiryStatus'), status);
    if (problem) invalid(problem);
  }
  if (status === 'quoted' || status === 'reserved') {
    if (typeof inquiry.get('quotedPrice') !== 'number') invalid(`A ${status} inquiry needs a quoted price.`);
  }
  if (inquiry.get('outcome') && status !== 'closed') invalid('An outcome is recorded when the inquiry is closed.');
  if (status === 'reserved' && (changed(req, 'inquiryStatus') || changed(req, 'gemstone'))) await checkReservation(req);
});

// ---------------------------------------------------------------------------------------------------------
// Activities

async function checkActivityOwner(req, action) {
  if (await isAdmin(req)) return;
  const by = (req.original || req.object).get('createdBy');
  if (!by || by.id !== req.user.id) forbidden(`Only the person who logged this activity or an admin can ${action} it.`);
}

Parse.Cloud.beforeSave('Activity', async (req) => {
  requireSignedIn(req);
  const activity = req.object;
  if (creating(req)) {
    if (!activity.get('createdBy') && req.user) activity.set('createdBy', req.user);
  } else {
    await checkActivityOwner(req, 'change');
    if (changed(req, 'createdBy') && !(await isAdmin(req))) forbidden('Only an admin can change who logged an activity.');
  }
  await clientIdRule(req, 'Activity');
  applyStaffACL(req);
  await validateFields(req, 'Activity');
  if (activity.get('relatedInquiry') && (changed(req, 'relatedInquiry') || changed(req, 'relatedTo'))) {
    const inquiry = await target(req, 'relatedInquiry', RULES.Activity.relatedInquiry);
    const buyer = inquiry.get('buyer');
    if (!activity.get('relatedTo')) activity.set('relatedTo', buyer);
    else if (activity.get('relatedTo').id !== buyer.id) {
      invalid("The activity's buyer must be the buyer of the inquiry it is about.");
    }
  }
});

Parse.Cloud.beforeDelete('Activity', async (req) => {
  requireSignedIn(req);
  await checkActivityOwner(req, 'delete');
});

// ---------------------------------------------------------------------------------------------------------
// Tombstones: deletions become rows that workstations pull like any other change

Parse.Cloud.beforeSave('Tombstone', (req) => {
  if (!req.master) forbidden('Tombstones are written by the server when a record is deleted.');
});

for (const className of lists.REPLICATED_CLASSES) {
  Parse.Cloud.afterDelete(className === '_User' ? Parse.User : className, async (req) => {
    const tombstone = new Parse.Object('Tombstone');
    tombstone.set('targetClass', className);
    tombstone.set('targetId', req.object.id);
    const clientId = req.object.get('clientId');
    if (clientId) tombstone.set('targetClientId', clientId);
    if (req.user) tombstone.set('deletedBy', req.user);
    await tombstone.save(null, MASTER);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Functions

Parse.Cloud.define(
  'loupeEnsureIndexes',
  (req) => {
    if (!req.master) forbidden('loupeEnsureIndexes needs the master key.');
    return ensureIndexes(req.params);
  },
  { requireMaster: true },
);
