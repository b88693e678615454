// The legacy module name of stream.Duplex.
"use strict";

module.exports = require("node:stream").Duplex;
