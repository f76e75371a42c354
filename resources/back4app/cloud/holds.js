'use strict';
// Holds (StoneHold): a timed hold of a stone for a buyer. Class-level permissions let admins and
// coordinators write the class; these rules decide what a write may do:
//   - one hold holds a stone at a time: a hold that is active with heldUntil still ahead of the server's
//     clock. A create or change that would make a second one is refused, naming the stone and its holder;
//   - placedBy is the signed-in user on create (an admin may name someone else) and never changes;
//   - only the person who placed a hold, or an admin, changes or ends it; anyone who may write holds may
//     mark a hold whose time has run out as expired (placing a new hold on its stone does that);
//   - statuses move active → released | converted | expired, and nothing leaves an ended status;
//   - a hold's stone and buyer are fixed once it exists.
// Plain CommonJS, given main.js's request helpers.

const ENDED = ['released', 'converted', 'expired'];

function heldUntilMs(value) {
  if (value instanceof Date) return value.getTime();
  if (value && typeof value === 'object' && value.iso) return Date.parse(value.iso);
  return typeof value === 'string' ? Date.parse(value) : NaN;
}

function describeTime(ms) {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

module.exports = function registerHoldRules(helpers) {
  const { creating, changed, isAdmin, invalid, forbidden, MASTER } = helpers;

  async function checkPlacedBy(req) {
    const hold = req.object;
    if (creating(req)) {
      if (req.master) return;
      const placedBy = hold.get('placedBy');
      if (!placedBy) hold.set('placedBy', req.user);
      else if (placedBy.id !== req.user.id && !(await isAdmin(req))) {
        forbidden('A hold is placed in your own name: placedBy must be you.');
      }
      return;
    }
    if (changed(req, 'placedBy')) invalid('Who placed a hold does not change.');
    if (changed(req, 'gemstone') || changed(req, 'buyer')) {
      invalid("A hold's stone and buyer are fixed; end it and place a new hold instead.");
    }
  }

  async function checkChange(req) {
    if (creating(req) || req.master) return;
    const before = req.original;
    const from = before.get('status');
    const to = req.object.get('status');
    if (from !== to) {
      if (ENDED.includes(from)) invalid(`This hold has already ended (${from}); place a new hold instead.`);
      if (!ENDED.includes(to)) invalid(`A hold moves from active to released, converted or expired, not to ${to}.`);
    }
    const placer = before.get('placedBy');
    if ((placer && placer.id === req.user.id) || (await isAdmin(req))) return;
    // Marking a hold that has run out as expired, and nothing else, is open to anyone who may write holds.
    const lapsed = heldUntilMs(before.get('heldUntil')) <= Date.now();
    const onlyExpiring =
      to === 'expired' && from === 'active' && !changed(req, 'heldUntil') && !changed(req, 'reservation');
    if (lapsed && onlyExpiring) return;
    forbidden('Only the person who placed this hold, or an admin, can change or end it.');
  }

  async function checkOneHold(req) {
    const hold = req.object;
    const until = heldUntilMs(hold.get('heldUntil'));
    if (hold.get('status') !== 'active' || !(until > Date.now())) return;
    if (!creating(req) && !changed(req, 'status') && !changed(req, 'heldUntil') && !changed(req, 'gemstone')) return;
    const query = new Parse.Query('StoneHold')
      .equalTo('gemstone', hold.get('gemstone'))
      .equalTo('status', 'active')
      .greaterThan('heldUntil', new Date());
    if (hold.id) query.notEqualTo('objectId', hold.id);
    const other = await query.include(['gemstone', 'buyer', 'placedBy']).first(MASTER);
    if (!other) return;
    const stone = other.get('gemstone');
    const buyer = other.get('buyer');
    const placer = other.get('placedBy');
    const sku = stone && stone.get('sku') ? stone.get('sku') : hold.get('gemstone').id;
    const by = placer && placer.get('fullName') ? ` by ${placer.get('fullName')}` : '';
    const forWhom = buyer && buyer.get('companyName') ? ` for ${buyer.get('companyName')}` : '';
    invalid(
      `Stone ${sku} is already held${by}${forWhom} until ${describeTime(heldUntilMs(other.get('heldUntil')))} ` +
        `(hold ${other.id}); it can be held again once that hold ends.`,
    );
  }

  return async function holdRules(req) {
    await checkPlacedBy(req);
    await checkChange(req);
    await checkOneHold(req);
  };
};
