'use strict';
// Memos out (Memo, MemoLine): stones on approval with a buyer. Rules beyond the record rules are added
// here; main.js runs them after the record rules. Plain CommonJS, given main.js's request helpers.

module.exports = function memoRules(_helpers) {
  return {
    memo: async (_req) => {},
    memoLine: async (_req) => {},
  };
};
