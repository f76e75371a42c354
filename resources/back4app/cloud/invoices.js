'use strict';
// Invoices and payments (Invoice, Payment). main.js runs these after the record rules.
//
// Invoice numbers are the server's: on create, the invoice gets `<year>-<0001…>` from InvoiceSequence (one
// row per year, unique on year, readable by nobody but the master key), whatever number a client sent. The
// year is the UTC year of issuedAt, so an invoice made offline on 31 December is numbered in its own year.
// Incrementing an existing row is one atomic UPDATE on PostgreSQL, so two invoices saved at the same moment
// get two numbers; the first invoice of a year creates the row, and when two race, the loser's duplicate-key
// error sends it back to incrementing the winner's row.
//
// Once issued, an invoice's number, year, buyer, lines, amounts, currency and date never change (only the
// master key may correct them); an administrator may void it (issued → void, never back).
//
// Payments: against an invoice that exists and is not void, in the invoice's currency and for its buyer, for
// more than nothing, and never more than what is still due. A payment is not edited once recorded; a mistaken
// one is deleted by an admin (class-level permissions) and recorded again.
// Plain CommonJS, given main.js's request helpers.

const FIXED = ['invoiceNumber', 'invoiceYear', 'provisionalNumber', 'buyer', 'issuedAt', 'currency'];
const AMOUNTS = ['lines', 'subtotal', 'taxLines', 'taxTotal', 'total'];
const DUPLICATE_VALUE = 137;

/** Money in major units compared at a ten-thousandth, so float sums (0.1 + 0.2) compare as written. */
const units = (amount) => Math.round(Number(amount || 0) * 10000);

function issuedAtMs(value) {
  if (value instanceof Date) return value.getTime();
  if (value && typeof value === 'object' && value.iso) return Date.parse(value.iso);
  return typeof value === 'string' ? Date.parse(value) : NaN;
}

const numberFor = (year, seq) => `${year}-${String(seq).padStart(4, '0')}`;

module.exports = function invoiceRules(helpers) {
  const { creating, changed, isAdmin, invalid, forbidden, refuse, MASTER } = helpers;

  /** The next number of `year`: increments that year's row, creating it for the year's first invoice. */
  async function nextInYear(year) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = await new Parse.Query('InvoiceSequence').equalTo('year', year).first(MASTER);
      if (row) {
        row.increment('last', 1);
        await row.save(null, MASTER);
        return row.get('last');
      }
      const first = new Parse.Object('InvoiceSequence');
      first.set({ year, last: 1 });
      try {
        await first.save(null, MASTER);
        return 1;
      } catch (error) {
        // Another invoice created the year's row first: take the next number of that row instead.
        if (!error || error.code !== DUPLICATE_VALUE) throw error;
      }
    }
    throw new Parse.Error(Parse.Error.INTERNAL_SERVER_ERROR, `Could not number an invoice of ${year}; try again.`);
  }

  /** A retried create (its first answer lost) is the same invoice: refused before it takes a number. */
  async function refuseRetriedCreate(req) {
    const clientId = req.object.get('clientId');
    if (!clientId) return;
    const existing = await new Parse.Query('Invoice').equalTo('clientId', clientId).first(MASTER);
    if (existing) {
      refuse(DUPLICATE_VALUE, `This invoice was already created (clientId ${clientId}, objectId ${existing.id}).`);
    }
  }

  function checkTotals(invoice) {
    const lines = invoice.get('lines') || [];
    if (!Array.isArray(lines) || lines.length === 0) invalid('An invoice needs at least one line.');
    const sum = lines.reduce((total, line) => total + units(line && line.amount), 0);
    if (sum !== units(invoice.get('subtotal'))) invalid("An invoice's subtotal is the sum of its lines.");
    const taxLines = Array.isArray(invoice.get('taxLines')) ? invoice.get('taxLines') : [];
    const tax = taxLines.reduce((total, line) => total + units(line && line.amount), 0);
    if (tax !== units(invoice.get('taxTotal'))) invalid("An invoice's tax is the sum of its tax lines.");
    if (units(invoice.get('subtotal')) + tax !== units(invoice.get('total'))) {
      invalid("An invoice's total is its subtotal plus its tax.");
    }
  }

  async function invoice(req) {
    const object = req.object;
    if (creating(req)) {
      checkTotals(object);
      if (object.get('status') === 'void' && !(await isAdmin(req))) forbidden('Only an admin can void an invoice.');
      await refuseRetriedCreate(req);
      const year = new Date(issuedAtMs(object.get('issuedAt'))).getUTCFullYear();
      object.set('invoiceYear', year);
      // The master key may bring in an old invoice with its own number (an import); everyone else gets the next.
      if (!(req.master && object.get('invoiceNumber')))
        object.set('invoiceNumber', numberFor(year, await nextInYear(year)));
      return;
    }
    if (req.master) return;
    const moved = FIXED.concat(AMOUNTS).filter((field) => changed(req, field));
    if (moved.length) invalid(`An issued invoice does not change (${moved.join(', ')}); void it and issue another.`);
    const from = req.original.get('status');
    const to = object.get('status');
    if (from === to) return;
    if (from === 'void') invalid('A void invoice stays void.');
    if (!(await isAdmin(req))) forbidden('Only an admin can void an invoice.');
  }

  async function payment(req) {
    const object = req.object;
    if (!creating(req)) {
      if (!req.master)
        invalid('A payment is not changed once recorded; an admin deletes a mistaken one and it is recorded again.');
      return;
    }
    const invoiceRef = object.get('invoice');
    const target = await new Parse.Query('Invoice').get(invoiceRef.id, MASTER);
    const number = target.get('invoiceNumber') || target.get('provisionalNumber') || target.id;
    if (target.get('status') === 'void') invalid(`Invoice ${number} is void; it takes no payments.`);
    if (object.get('currency') !== target.get('currency')) {
      invalid(`A payment is in its invoice's currency (${target.get('currency')}), not ${object.get('currency')}.`);
    }
    const buyer = object.get('buyer');
    if (!buyer || !target.get('buyer') || buyer.id !== target.get('buyer').id) {
      invalid("A payment's buyer is the buyer of its invoice.");
    }
    if (!(units(object.get('amount')) > 0)) invalid('A payment is more than nothing.');
    const earlier = await new Parse.Query('Payment').equalTo('invoice', target).limit(10000).find(MASTER);
    const paid = earlier.reduce((sum, p) => sum + units(p.get('amount')), 0);
    const due = units(target.get('total')) - paid;
    if (units(object.get('amount')) > due) {
      invalid(
        `This payment (${object.get('amount')} ${target.get('currency')}) is more than invoice ${number} still owes ` +
          `(${due / 10000} ${target.get('currency')}).`,
      );
    }
  }

  return { invoice, payment };
};
