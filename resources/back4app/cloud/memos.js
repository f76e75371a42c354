'use strict';
// Memos out (Memo, MemoLine): stones on approval with a buyer. Class-level permissions let admins and
// coordinators write both classes; these rules decide what a write may do:
//   - a stone is on one open line at most: a MemoLine created out (or changed to out) is refused when another
//     line of the same stone is out, naming the stone's SKU and the buyer of the memo it is out on;
//   - a line moves out → returned | sold, and nothing leaves returned or sold; its memo and stone are fixed;
//   - a memo's buyer and issuer are fixed; a memo moves open → closed, and a closed memo stays closed;
//   - only the person who issued a memo, or an admin, changes it or its lines, or adds lines to it.
// main.js also asks stoneOnMemo before a stone is reserved or sold through an inquiry.
// Plain CommonJS, given main.js's request helpers.

const SETTLED = ['returned', 'sold'];

module.exports = function memoRules(helpers) {
  const { creating, changed, isAdmin, invalid, forbidden, MASTER } = helpers;

  /** The out line of `stone` other than `exceptId`, with its memo and buyer, if any. */
  async function outLineOf(stone, exceptId) {
    const query = new Parse.Query('MemoLine').equalTo('gemstone', stone).equalTo('status', 'out');
    if (exceptId) query.notEqualTo('objectId', exceptId);
    return query.include(['gemstone', 'memo', 'memo.buyer']).first(MASTER);
  }

  function describeLine(line, fallbackSku) {
    const stone = line.get('gemstone');
    const memo = line.get('memo');
    const buyer = memo && memo.get('buyer');
    const sku = stone && stone.get('sku') ? stone.get('sku') : fallbackSku;
    const withWhom = buyer && buyer.get('companyName') ? ` with ${buyer.get('companyName')}` : '';
    const due = memo && memo.get('dueBack') ? ` due back ${memo.get('dueBack').toISOString().slice(0, 10)}` : '';
    return { sku, text: `Stone ${sku} is already out on memo${withWhom}${due} (memo ${memo ? memo.id : '?'})` };
  }

  async function mayChangeMemo(req, memo) {
    if (req.master || (await isAdmin(req))) return true;
    const issuer = memo.get('issuedBy');
    return Boolean(issuer && req.user && issuer.id === req.user.id);
  }

  async function memo(req) {
    const m = req.object;
    if (creating(req)) {
      if (m.get('status') !== 'open' && m.get('status') !== 'closed') invalid('A memo is open or closed.');
      const issuer = m.get('issuedBy');
      if (!req.master && issuer && req.user && issuer.id !== req.user.id && !(await isAdmin(req))) {
        forbidden('A memo is issued in your own name: issuedBy must be you.');
      }
      return;
    }
    if (changed(req, 'buyer')) invalid("A memo's buyer is fixed; close it and write a new memo instead.");
    if (changed(req, 'issuedBy')) invalid('Who issued a memo does not change.');
    if (changed(req, 'status') && req.original.get('status') === 'closed') {
      invalid('This memo is closed; write a new memo instead.');
    }
    if (!(await mayChangeMemo(req, req.original))) {
      forbidden('Only the person who issued this memo, or an admin, can change it.');
    }
  }

  async function memoLine(req) {
    const line = req.object;
    const status = line.get('status');
    if (!creating(req)) {
      if (changed(req, 'memo') || changed(req, 'gemstone')) {
        invalid("A memo line's memo and stone are fixed.");
      }
      const from = req.original.get('status');
      if (from !== status) {
        if (SETTLED.includes(from)) invalid(`This stone was already ${from} on its memo; nothing moves it back.`);
        if (!SETTLED.includes(status)) invalid(`A memo line moves from out to returned or sold, not to ${status}.`);
      }
    }
    const memoObject = await line.get('memo').fetch(MASTER);
    if (!(await mayChangeMemo(req, memoObject))) {
      forbidden('Only the person who issued this memo, or an admin, can change its stones.');
    }
    if (status === 'sold' && typeof line.get('price') !== 'number')
      invalid('A stone sold from a memo needs its price.');
    if (status !== 'out' || (!creating(req) && !changed(req, 'status'))) return;
    if (creating(req) && memoObject.get('status') === 'closed')
      invalid('This memo is closed; write a new memo instead.');
    const other = await outLineOf(line.get('gemstone'), line.id);
    if (other) {
      const { text } = describeLine(other, line.get('gemstone').id);
      invalid(`${text}; it can go out again once it comes back or is sold.`);
    }
  }

  /**
   * Refuses reserving or selling (`action`) a stone out on memo through an inquiry, except for the memo's own
   * buyer: a stone kept from a memo closes that buyer's inquiries as sold, and the workstation may send
   * them before the memo line that records the sale.
   */
  async function stoneOnMemo(stone, action, buyer) {
    const other = await outLineOf(stone, null);
    if (!other) return;
    const memoBuyer = other.get('memo') && other.get('memo').get('buyer');
    if (buyer && memoBuyer && memoBuyer.id === buyer.id) return;
    const { text } = describeLine(other, stone.id);
    invalid(`${text}; it cannot be ${action} until it comes back or the memo records the sale.`);
  }

  return { memo, memoLine, stoneOnMemo };
};
