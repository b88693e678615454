// The legacy module name of stream.PassThrough.
"use strict";

module.exports = require("node:stream").PassThrough;
