'use strict';
// Invoices and payments (Invoice, Payment). Rules beyond the record rules are added here; main.js runs
// them after the record rules. Plain CommonJS, given main.js's request helpers.

module.exports = function invoiceRules(_helpers) {
  return {
    invoice: async (_req) => {},
    payment: async (_req) => {},
  };
};
