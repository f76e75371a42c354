'use strict';
// Shapes Cloud Code checks on every write that are not record fields (see rules.js for those).

/** Local ids are UUIDs; anything id-like up to 64 characters is accepted from other clients. */
const CLIENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

module.exports = { CLIENT_ID_PATTERN };
