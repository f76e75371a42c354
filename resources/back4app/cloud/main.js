'use strict';
// Loupe's Cloud Code: server-side validation, the verification audit trail, the inquiry pipeline, role
// bookkeeping and tombstones. Class-level permissions (schema.json) decide WHO may write a class; these
// triggers decide WHAT a write may contain. Plain CommonJS with no npm dependencies, as Back4app expects.

const crypto = require('crypto');
const lists = require('./lists.js');
const formats = require('./formats.js');
const rules = require('./rules.js');
const { ensureIndexes, hasIndex } = require('./indexes.js');

const { VALIDATION_ERROR, OPERATION_FORBIDDEN, DUPLICATE_VALUE } = Parse.Error;
const MASTER = { useMasterKey: true };
const OPEN_INQUIRY_STATUSES = ['new', 'quoted', 'reserved'];

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
// Field rules: the workstation's record rules (rules.js), so a record is held to the same rules whichever app
// writes it. Value lists Loupe's forms offer (clarity grades, labs) are not enforced here: other apps may
// write other values of the right type. Only what breaks the seed's types, a required field, a pointer or a
// rule Loupe runs on (roles, statuses, the append-only logs, one reservation per stone) is refused.

const RULES = rules.RECORD_RULES;

const CLASS_LABELS = {
  _User: 'user',
  Buyer: 'buyer',
  Gemstone: 'stone',
  CustodyEvent: 'custody event',
  CertificateLog: 'certificate log entry',
  PurchaseInquiry: 'inquiry',
  Activity: 'activity',
  StoneHold: 'hold',
  Memo: 'memo',
  Invoice: 'invoice',
  MemoLine: 'memo line',
  Payment: 'payment',
  Consignment: 'consignment',
};

function list(values) {
  return values.join(', ');
}

/** A Parse value in the plain form the rules check (see record-rules.ts): pointers and files as plain objects. */
function plain(value) {
  if (value instanceof Parse.Object) return { className: value.className, objectId: value.id };
  if (value instanceof Parse.File) return { name: value.name() };
  if (Array.isArray(value)) return value.map((item) => (item instanceof Parse.File ? { name: item.name() } : item));
  if (value && typeof value === 'object' && value.__type === 'Pointer')
    return { className: value.className, objectId: value.objectId };
  return value;
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
        invalid(
          `${req.object.className}.${field} (${rule.label}) points to a ${rule.target} that does not exist (objectId ${value.id}).`,
        );
      }
      throw error;
    }
  }
  return req.loupeTargets[field];
}

/** Checks every field the write sets or changes (all of them on create). */
async function validateFields(req, className) {
  const classRules = RULES[className];
  for (const field of Object.keys(classRules)) {
    const rule = classRules[field];
    if (!creating(req) && !req.object.dirty(field)) continue;
    const value = req.object.get(field);
    if (rules.isBlank(rule, value)) {
      if (rule.required) invalid(`${className}.${field} (${rule.label}) is required.`);
      continue;
    }
    const problem = rules.valueProblem(rule, plain(value), Date.now());
    if (problem) invalid(`${className}.${field} (${rule.label}) ${problem}.`);
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
const sameRecord = (a, b) =>
  (a.objectId !== null && a.objectId === b.objectId) || (a.clientId !== null && a.clientId === b.clientId);

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
  let rows = await new Parse.Query(className)
    .containedIn(field, values)
    .select(field, 'clientId')
    .limit(limit)
    .find(MASTER);
  if (rows.length >= limit) rows = null; // more rows than expected: ask value by value instead
  const claimed = new Map(); // value → the first asker in this turn that wants it
  for (const w of waiting) {
    const own = (row) => sameRecord(w, { objectId: row.id, clientId: row.get('clientId') || null });
    const others = rows
      ? rows.filter((row) => row.get(field) === w.value && !own(row))
      : (await new Parse.Query(className).equalTo(field, w.value).select('clientId').limit(2).find(MASTER)).filter(
          (row) => !own(row),
        );
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
    const member = role.id ? await role.getUsers().query().equalTo('objectId', user.id).first(MASTER) : undefined;
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
  await certificateStatusRule(req);
});

/** A stone's latest verification (status change entries are not verifications). */
function latestVerification(stone) {
  return new Parse.Query('CertificateLog')
    .equalTo('gemstone', stone)
    .notEqualTo('verificationResult', STATUS_CHANGE)
    .descending('verifiedAt')
    .addDescending('createdAt')
    .first(MASTER);
}

/** The CertificateLog entry about this stone that a write names in lastCertificateLog (clientId or objectId), if it exists. */
async function namedEntry(req) {
  const named = req.object.get('lastCertificateLog');
  if (!req.object.dirty('lastCertificateLog') || typeof named !== 'string' || named === '' || !req.object.id)
    return null;
  const byClientId = new Parse.Query('CertificateLog').equalTo('clientId', named);
  const byObjectId = new Parse.Query('CertificateLog').equalTo('objectId', named);
  return Parse.Query.or(byClientId, byObjectId).equalTo('gemstone', req.object).first(MASTER);
}

/**
 * A stone's certificate status has one door (src/shared/certificate-status.ts, the same rule on every
 * workstation): a recorded verification moves it (the CertificateLog afterSave below names the entry in
 * lastCertificateLog), and any other change leaves a status change entry in the stone's CertificateLog,
 * written in the afterSave under the id the write sent in lastCertificateLog (a workstation sends the id of
 * the entry it recorded) or a new one. Out of mismatch only by an admin with a reason (certificateStatusReason,
 * read from this write and not kept on the stone); Verified only when the latest verification found it so.
 */
async function certificateStatusRule(req) {
  const stone = req.object;
  const reasonSent = stone.dirty('certificateStatusReason') ? stone.get('certificateStatusReason') : undefined;
  if (reasonSent !== undefined) stone.unset('certificateStatusReason');
  if (!changed(req, 'certificateStatus')) return;
  const to = stone.get('certificateStatus');
  const from = creating(req) ? null : req.original.get('certificateStatus');
  if (from === null && to === 'none') return;
  const named = await namedEntry(req);
  if (
    named &&
    named.get('verificationResult') !== STATUS_CHANGE &&
    STATUS_FOR_RESULT[named.get('verificationResult')] === to
  )
    return;
  const sku = stone.get('sku');
  const reason = typeof reasonSent === 'string' ? reasonSent.trim() : '';
  if (from === 'mismatch') {
    if (!(await isAdmin(req))) {
      forbidden(
        `Stone ${sku} has a certificate mismatch: it leaves mismatch through a recorded verification (CertificateLog) ` +
          "or an admin's override with a reason (certificateStatusReason).",
      );
    }
    if (!reason)
      invalid(`Say why stone ${sku} leaves mismatch: an admin's override needs a reason (certificateStatusReason).`);
  }
  if (to === 'verified') {
    const latest = creating(req) ? null : await latestVerification(stone);
    if (!latest || latest.get('verificationResult') !== 'verified') {
      invalid(
        `Stone ${sku} is Verified only by a recorded verification of its certificate (a CertificateLog entry with the result verified).`,
      );
    }
  }
  // The entry names who made the change (verifiedBy is required): a master-key write without a user gets
  // none here, and every workstation notes the change as made in another app when it pulls it.
  if (!req.user) return;
  const sent = stone.dirty('lastCertificateLog') ? stone.get('lastCertificateLog') : null;
  const clientId = !named && typeof sent === 'string' && formats.CLIENT_ID_PATTERN.test(sent) ? sent : newClientId();
  stone.set('lastCertificateLog', clientId);
  req.context.loupeStatusChange = { clientId, from, to, reason };
}

async function writeStatusChangeEntry(req) {
  const change = req.context && req.context.loupeStatusChange;
  if (!change) return;
  const stone = req.object;
  const verification = await latestVerification(stone);
  const entry = new Parse.Object('CertificateLog');
  entry.set('gemstone', stone);
  entry.set('certificateNumber', stone.get('certificateNumber') || NOT_RECORDED);
  entry.set('issuedBy', verification ? verification.get('issuedBy') : NOT_RECORDED);
  entry.set('verifiedBy', req.user);
  entry.set('verifiedAt', new Date());
  entry.set('verificationResult', STATUS_CHANGE);
  if (change.from) entry.set('statusFrom', change.from);
  entry.set('statusTo', change.to);
  if (change.reason) entry.set('notes', change.reason);
  entry.set('clientId', change.clientId);
  await entry.save(null, MASTER);
}

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

/**
 * Custody stays true whichever app moves a stone: a location change that came without its custody event (a
 * mobile app, the dashboard, a script) gets one here, naming who made it. A workstation sends, with the
 * move, the clientId of the custody event it recorded for it (lastCustodyEvent), and gets none added.
 */
Parse.Cloud.afterSave('Gemstone', async (req) => {
  await writeStatusChangeEntry(req);
  if (!req.original) return;
  const from = req.original.get('location');
  const to = req.object.get('location');
  if (from === to || typeof to !== 'string') return;
  if (req.object.get('lastCustodyEvent') !== req.original.get('lastCustodyEvent')) return;
  const event = new Parse.Object('CustodyEvent');
  event.set('gemstone', req.object);
  event.set('fromLocation', typeof from === 'string' && from.trim() !== '' ? from : '(not recorded)');
  event.set('toLocation', to);
  event.set('movedAt', new Date());
  event.set('reason', 'Location changed without a custody entry (another app, the dashboard or a script)');
  if (req.user) event.set('movedBy', req.user);
  await event.save(null, MASTER);
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

const VERIFICATION_FIELDS = [
  'gemstone',
  'certificateNumber',
  'issuedBy',
  'verifiedBy',
  'verifiedAt',
  'verificationResult',
];
/** Fields that describe the event and therefore never change either. */
const FIXED_FIELDS = VERIFICATION_FIELDS.concat(['corrects', 'formatOverride']);

const STATUS_FOR_RESULT = {
  verified: 'verified',
  mismatch: 'mismatch',
  not_found: 'mismatch',
  pending_recheck: 'pending',
};
/** verificationResult of an entry recording a status change made without a verification (see certificateStatusRule). */
const STATUS_CHANGE = 'status_change';
/** Where a status change entry has no certificate number or lab to carry. */
const NOT_RECORDED = '(not recorded)';

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
  const statusChange = (req.original || req.object).get('verificationResult') === STATUS_CHANGE;
  if (statusChange && !req.master) {
    forbidden(
      "Status change entries are written by the server when a stone's certificate status changes, and stay as written.",
    );
  }
  await clientIdRule(req, 'CertificateLog');
  applyStaffACL(req);
  await validateFields(req, 'CertificateLog');
  const log = req.object;
  if (creating(req)) {
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
  if (log.get('verificationResult') === STATUS_CHANGE) return; // it records a change already made
  const latest = await latestVerification(log.get('gemstone'));
  if (latest && latest.id !== log.id) return; // an older verification synced late does not win
  const stone = await new Parse.Query('Gemstone').get(log.get('gemstone').id, MASTER);
  const status = STATUS_FOR_RESULT[log.get('verificationResult')];
  if (stone.get('certificateNumber') === log.get('certificateNumber') && stone.get('certificateStatus') === status)
    return;
  stone.set('certificateNumber', log.get('certificateNumber'));
  stone.set('certificateStatus', status);
  // Names the verification that moves the stone: the status rule lets it through, and no trail is written.
  stone.set('lastCertificateLog', log.get('clientId') || log.id);
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

/** A hold of the inquiry's stone for another buyer, still running: a reservation or a sale waits for it. */
async function checkNoHoldForAnother(req, stone, action) {
  const buyer = req.object.get('buyer');
  const hold = await new Parse.Query('StoneHold')
    .equalTo('gemstone', stone)
    .equalTo('status', 'active')
    .greaterThan('heldUntil', new Date())
    .notEqualTo('buyer', buyer)
    .include('buyer')
    .first(MASTER);
  if (!hold) return;
  const holder = hold.get('buyer');
  const code = holder && holder.get('buyerCode') ? ` for buyer ${holder.get('buyerCode')}` : '';
  invalid(
    `Stone ${stone.get('sku')} is held${code} until ${hold.get('heldUntil').toISOString()} (hold ${hold.id}); ` +
      `it cannot be ${action} another buyer until the hold ends.`,
  );
}

async function checkReservation(req) {
  const inquiry = req.object;
  const stone = await target(req, 'gemstone', RULES.PurchaseInquiry.gemstone);
  const sku = stone.get('sku');
  await checkNoHoldForAnother(req, stone, 'reserved for');
  await memoRules.stoneOnMemo(stone, 'reserved', inquiry.get('buyer'));
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
    invalid(
      `Stone ${sku} is already reserved${holder} (inquiry ${other.id}); close that inquiry before reserving it again.`,
    );
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
  if (status === 'closed' && inquiry.get('outcome') === 'sold' && changed(req, 'inquiryStatus')) {
    const stone = await target(req, 'gemstone', RULES.PurchaseInquiry.gemstone);
    await checkNoHoldForAnother(req, stone, 'sold to');
    await memoRules.stoneOnMemo(stone, 'sold', inquiry.get('buyer'));
    await consignmentRules.refuseUnsettledSale(stone);
  }
});

/**
 * A sale settles the stone: its other open inquiries close as lost. A workstation closes the ones it knows
 * itself (in the sale's own transaction, pushed with it) and lists their clientIds in the sale's closing
 * history entry (`rivalsClosed`); only the rivals a sale does not list are closed here — another app's
 * sale, or an inquiry the selling workstation had not pulled yet — so no inquiry is closed twice.
 */
const RIVAL_LOST_REASON = 'Stone sold to another buyer';

function rivalsClosedBySeller(sale) {
  const history = sale.get('statusHistory');
  if (!Array.isArray(history)) return [];
  const closing = history.filter((entry) => entry && entry.to === 'closed').pop();
  return closing && Array.isArray(closing.rivalsClosed) ? closing.rivalsClosed : [];
}

Parse.Cloud.afterSave('PurchaseInquiry', async (req) => {
  const sale = req.object;
  if (sale.get('inquiryStatus') !== 'closed' || sale.get('outcome') !== 'sold') return;
  if (req.original && req.original.get('inquiryStatus') === 'closed' && req.original.get('outcome') === 'sold') return;
  const listed = new Set(rivalsClosedBySeller(sale));
  const open = await new Parse.Query('PurchaseInquiry')
    .equalTo('gemstone', sale.get('gemstone'))
    .containedIn('inquiryStatus', OPEN_INQUIRY_STATUSES)
    .notEqualTo('objectId', sale.id)
    .limit(1000)
    .find(MASTER);
  const rivals = open.filter((rival) => !listed.has(rival.get('clientId')));
  if (rivals.length === 0) return;
  const at = new Date();
  const by = req.user
    ? { by: req.user.id, byName: req.user.get('fullName') || req.user.get('username') }
    : { by: 'backend', byName: 'Backend' };
  for (const rival of rivals) {
    const history = Array.isArray(rival.get('statusHistory')) ? rival.get('statusHistory') : [];
    const entry = {
      from: rival.get('inquiryStatus'),
      to: 'closed',
      ...by,
      at: at.toISOString(),
      reason: RIVAL_LOST_REASON,
      outcome: 'lost',
    };
    rival.set('inquiryStatus', 'closed');
    rival.set('outcome', 'lost');
    rival.set('outcomeReason', RIVAL_LOST_REASON);
    rival.set('statusChangedAt', at);
    rival.set('statusHistory', history.concat([entry]));
  }
  await Parse.Object.saveAll(rivals, MASTER);
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
    if (changed(req, 'createdBy') && !(await isAdmin(req)))
      forbidden('Only an admin can change who logged an activity.');
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
// Holds: a timed hold of a stone for a buyer

const holdRules = require('./holds.js')({ creating, changed, isAdmin, invalid, forbidden, MASTER });

Parse.Cloud.beforeSave('StoneHold', async (req) => {
  requireSignedIn(req);
  if (creating(req) && !req.object.get('placedBy') && req.user) req.object.set('placedBy', req.user);
  await clientIdRule(req, 'StoneHold');
  applyStaffACL(req);
  await validateFields(req, 'StoneHold');
  // One hold per stone, who may change a hold, and how its status moves (holds.js).
  await holdRules(req);
});

// ---------------------------------------------------------------------------------------------------------
// The trade's paperwork: memos out (memos.js), invoices and payments (invoices.js), consignments in
// (consignments.js). Each class: signed in, the author stamped on create, staff ACL, the record rules,
// then its own rules.

const paperworkHelpers = { creating, changed, isAdmin, invalid, forbidden, refuse, MASTER };
const memoRules = require('./memos.js')(paperworkHelpers);
const invoiceRules = require('./invoices.js')(paperworkHelpers);
const consignmentRules = require('./consignments.js')(paperworkHelpers);
const PAPERWORK = {
  Memo: { author: 'issuedBy', rules: memoRules.memo },
  MemoLine: { author: null, rules: memoRules.memoLine },
  Invoice: { author: 'issuedBy', rules: invoiceRules.invoice },
  Payment: { author: 'recordedBy', rules: invoiceRules.payment },
  Consignment: { author: 'receivedBy', rules: consignmentRules.consignment },
};

for (const [className, { author, rules: classRules }] of Object.entries(PAPERWORK)) {
  Parse.Cloud.beforeSave(className, async (req) => {
    requireSignedIn(req);
    if (author && creating(req) && !req.object.get(author) && req.user) req.object.set(author, req.user);
    await clientIdRule(req, className);
    applyStaffACL(req);
    await validateFields(req, className);
    await classRules(req);
  });
}

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
    // A stone's custody log is about that stone: it goes with it (each entry leaves its own tombstone).
    if (className === 'Gemstone') {
      const moves = await new Parse.Query('CustodyEvent').equalTo('gemstone', req.object).limit(10000).find(MASTER);
      await Parse.Object.destroyAll(moves, MASTER);
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Functions

/**
 * An admin gives a staff member their backend account, with the role set on the server: used for staff made
 * on a workstation while it was local only, whose changes cannot be sent until the server knows them.
 * A function rather than POST /users: that would open a session for the new user in the admin's app, and
 * the role would be set by the client. The account keeps the workstation's id as its clientId.
 */
Parse.Cloud.define('loupeCreateStaff', async (req) => {
  if (!req.user) forbidden('Sign in to create staff accounts.');
  if (!(await isAdmin(req))) forbidden('Only an admin can create staff accounts.');
  const params = req.params || {};
  const values = {};
  for (const field of ['username', 'email', 'fullName', 'role']) {
    const rule = RULES._User[field];
    const value = typeof params[field] === 'string' ? params[field].trim() : params[field];
    if (rules.isBlank(rule, value)) invalid(`${field} (${rule.label}) is required.`);
    const problem = rules.valueProblem(rule, value);
    if (problem) invalid(`${field} (${rule.label}) ${problem}.`);
    values[field] = value;
  }
  if (typeof params.password !== 'string' || params.password.length < 10)
    invalid('password must be at least 10 characters.');
  if (
    params.clientId !== undefined &&
    (typeof params.clientId !== 'string' || !formats.CLIENT_ID_PATTERN.test(params.clientId))
  ) {
    invalid('clientId must be up to 64 letters, digits, dots, dashes, underscores or colons.');
  }
  const taken = await new Parse.Query(Parse.User).equalTo('username', values.username).first(MASTER);
  if (taken) invalid(`The username ${values.username} is already taken on the backend.`);
  const user = new Parse.User();
  user.set(values);
  user.set('password', params.password);
  if (params.clientId) user.set('clientId', params.clientId);
  await user.save(null, MASTER);
  // Saving a new user opens a session for them; nobody asked for one here.
  const sessions = await new Parse.Query(Parse.Session).equalTo('user', user).find(MASTER);
  await Parse.Object.destroyAll(sessions, MASTER);
  return {
    objectId: user.id,
    username: user.get('username'),
    email: user.get('email'),
    fullName: user.get('fullName'),
    role: user.get('role'),
    clientId: user.get('clientId'),
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
});

Parse.Cloud.define(
  'loupeEnsureIndexes',
  (req) => {
    if (!req.master) forbidden('loupeEnsureIndexes needs the master key.');
    return ensureIndexes(req.params);
  },
  { requireMaster: true },
);
