// Node's `dns/promises`: `dns.promises` (see dns.js for what an EdgeBox app can resolve).
"use strict";

module.exports = require("node:dns").promises;
