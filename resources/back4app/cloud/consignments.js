'use strict';
// Consignments in (Consignment): stones another dealer lent us on memo. Rules beyond the record rules
// are added here; main.js runs them after the record rules. Plain CommonJS, given main.js's request helpers.

module.exports = function consignmentRules(_helpers) {
  return {
    consignment: async (_req) => {},
  };
};
