// The legacy module name of stream.Readable.
"use strict";

module.exports = require("node:stream").Readable;
