'use strict';
// Consignments in (Consignment): stones another dealer (the supplier) lent us on memo. main.js runs these
// rules after the record rules; class-level permissions let admins and coordinators write the class.
//   - a stone has at most one consignment `in`: a create (or change) that would make a second one is
//     refused, naming the stone and its supplier — two desks receiving the same stone while offline get
//     one consignment and one refusal, listed on the second desk for the person who made it;
//   - statuses move in → returned | settled, once; nothing leaves returned or settled. A consignment made
//     offline and closed before it was sent may arrive already returned or settled;
//   - a consignment's stone and supplier are fixed once it exists;
//   - a stone on a consignment still `in` is not sold (main.js asks refuseUnsettledSale when an inquiry
//     closes as sold): it is the supplier's until the settlement is recorded.
// Plain CommonJS, given main.js's request helpers.

const CLOSED = ['returned', 'settled'];

module.exports = function consignmentRules(helpers) {
  const { creating, changed, invalid, MASTER } = helpers;

  /** The consignment `in` of a stone, other than `exceptId`, if any. */
  function openConsignmentOf(stone, exceptId) {
    const query = new Parse.Query('Consignment').equalTo('gemstone', stone).equalTo('status', 'in');
    if (exceptId) query.notEqualTo('objectId', exceptId);
    return query.include('gemstone').first(MASTER);
  }

  function skuOf(consignment, fallback) {
    const stone = consignment.get('gemstone');
    return stone && stone.get('sku') ? stone.get('sku') : fallback;
  }

  function checkFixed(req) {
    if (creating(req)) return;
    if (changed(req, 'gemstone') || changed(req, 'supplier')) {
      invalid("A consignment's stone and supplier are fixed; return the stone and receive it again instead.");
    }
  }

  function checkStatusMove(req) {
    if (creating(req) || req.master || !changed(req, 'status')) return;
    const from = req.original.get('status');
    const to = req.object.get('status');
    if (CLOSED.includes(from)) {
      const how = from === 'returned' ? 'returned to its supplier' : 'bought (settled)';
      invalid(`This consignment is closed: the stone was already ${how}; nothing changes its status now.`);
    }
    if (!CLOSED.includes(to)) invalid(`A consignment moves from in to returned or settled, not to ${to}.`);
  }

  async function checkOneIn(req) {
    const consignment = req.object;
    if (consignment.get('status') !== 'in') return;
    if (!creating(req) && !changed(req, 'status') && !changed(req, 'gemstone')) return;
    const other = await openConsignmentOf(consignment.get('gemstone'), consignment.id);
    if (!other) return;
    invalid(
      `Stone ${skuOf(other, consignment.get('gemstone').id)} is already on consignment from ` +
        `${other.get('supplier')} (consignment ${other.id}); it can come in again once that one is returned or settled.`,
    );
  }

  /** main.js: an inquiry closing as sold on a stone still on consignment is refused, naming the supplier. */
  async function refuseUnsettledSale(stone) {
    if (!stone) return;
    const open = await openConsignmentOf(stone, null);
    if (!open) return;
    invalid(
      `Stone ${stone.get('sku')} is on consignment from ${open.get('supplier')} (consignment ${open.id}); ` +
        'record the settlement with the supplier before selling it.',
    );
  }

  return {
    consignment: async (req) => {
      checkFixed(req);
      checkStatusMove(req);
      await checkOneIn(req);
    },
    refuseUnsettledSale,
  };
};
