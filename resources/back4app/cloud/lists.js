'use strict';
// Plain-JS copy of Loupe's documented value lists (src/shared/enums.ts) for Cloud Code, which runs
// without a build step. scripts/backend/lists.test.ts fails when the two drift apart.

const ROLES = ['admin', 'coordinator', 'practitioner'];

const CERTIFICATE_STATUSES = ['none', 'pending', 'verified', 'mismatch'];

const DIAMOND_CLARITY_GRADES = ['FL', 'IF', 'VVS1', 'VVS2', 'VS1', 'VS2', 'SI1', 'SI2', 'SI3', 'I1', 'I2', 'I3'];
const COLOURED_CLARITY_GRADES = [
  'Eye Clean',
  'Slightly Included',
  'Moderately Included',
  'Heavily Included',
  'Severely Included',
];
const CLARITY_GRADES = DIAMOND_CLARITY_GRADES.concat(COLOURED_CLARITY_GRADES);

const LABS = ['GIA', 'IGI', 'AGL', 'GRS', 'SSEF', 'Gübelin', 'HRD', 'Other'];

const VERIFICATION_RESULTS = ['verified', 'mismatch', 'not_found', 'pending_recheck'];

const CERTIFICATE_LOG_RESULTS = VERIFICATION_RESULTS.concat(['status_change']);

const INQUIRY_STATUSES = ['new', 'quoted', 'reserved', 'closed'];

const INQUIRY_OUTCOMES = ['sold', 'lost', 'withdrawn'];

const SALES_STATUSES = ['prospect', 'active', 'dormant', 'blocked'];

const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'note'];

const DIAMOND_COLOURS = 'DEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const TONES = ['Very light', 'Light', 'Medium light', 'Medium', 'Medium dark', 'Dark', 'Very dark'];
const SATURATIONS = [
  'Greyish / brownish',
  'Slightly greyish / brownish',
  'Very slightly greyish / brownish',
  'Moderately strong',
  'Strong',
  'Vivid',
];
const SHAPES = [
  'Round',
  'Oval',
  'Cushion',
  'Emerald cut',
  'Princess',
  'Pear',
  'Marquise',
  'Radiant',
  'Asscher',
  'Heart',
  'Trillion',
  'Baguette',
  'Cabochon',
  'Rough',
];
const CUT_GRADES = ['Excellent', 'Very good', 'Good', 'Fair', 'Poor'];
const TREATMENTS = [
  'None',
  'Heated',
  'Oiled',
  'Resin filled',
  'Glass filled',
  'Fracture filled',
  'Irradiated',
  'Diffused',
  'Dyed',
  'Coated',
  'HPHT',
  'Laser drilled',
];
const FLUORESCENCE = ['None', 'Faint', 'Medium', 'Strong', 'Very strong'];
const HOLD_STATUSES = ['active', 'released', 'converted', 'expired'];
const MEMO_STATUSES = ['open', 'closed'];
const MEMO_LINE_STATUSES = ['out', 'returned', 'sold'];
const CONSIGNMENT_STATUSES = ['in', 'returned', 'settled'];
const INVOICE_STATUSES = ['issued', 'void'];
const PAYMENT_METHODS = ['bank_transfer', 'card', 'cash', 'cheque', 'other'];

const REPLICATED_CLASSES = [
  '_User',
  'Buyer',
  'Gemstone',
  'CustodyEvent',
  'CertificateLog',
  'PurchaseInquiry',
  'Activity',
  'StoneHold',
  'Memo',
  'Invoice',
  'MemoLine',
  'Payment',
  'Consignment',
];

module.exports = {
  ROLES,
  CERTIFICATE_STATUSES,
  DIAMOND_CLARITY_GRADES,
  COLOURED_CLARITY_GRADES,
  CLARITY_GRADES,
  LABS,
  VERIFICATION_RESULTS,
  CERTIFICATE_LOG_RESULTS,
  INQUIRY_STATUSES,
  INQUIRY_OUTCOMES,
  SALES_STATUSES,
  ACTIVITY_TYPES,
  DIAMOND_COLOURS,
  TONES,
  SATURATIONS,
  SHAPES,
  CUT_GRADES,
  TREATMENTS,
  FLUORESCENCE,
  HOLD_STATUSES,
  MEMO_STATUSES,
  MEMO_LINE_STATUSES,
  CONSIGNMENT_STATUSES,
  INVOICE_STATUSES,
  PAYMENT_METHODS,
  REPLICATED_CLASSES,
};
