// The legacy module name of stream.Writable.
"use strict";

module.exports = require("node:stream").Writable;
